"""What the staff see of the outbox: counts by state and the latest messages, addresses masked."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import AlertOutbox, AlertSubscription, Dossier

STATES = ("queued", "sent", "failed", "cancelled")


def outbox_counts() -> dict[str, int]:
    counts = dict(
        db.session.execute(
            select(AlertOutbox.status, func.count()).group_by(AlertOutbox.status)
        ).all()
    )
    return {state: counts.get(state, 0) for state in STATES}


def latest_messages(state: str | None, limit: int = 100) -> list:
    """The newest messages (of one state, if given): each with the masked address and the
    dossier code, which stay only while the subscription lives."""
    statement = (
        select(AlertOutbox, AlertSubscription.email_masked, Dossier.code)
        .outerjoin(AlertSubscription, AlertSubscription.id == AlertOutbox.subscription_id)
        .outerjoin(Dossier, Dossier.id == AlertSubscription.dossier_id)
        .order_by(AlertOutbox.id.desc())
        .limit(limit)
    )
    if state:
        statement = statement.where(AlertOutbox.status == state)
    return db.session.execute(statement).all()
