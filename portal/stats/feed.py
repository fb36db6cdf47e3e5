"""What the Atom feed announces: each month's first publication and each correction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditLog, Correction, PublishedMonth


@dataclass
class Event:
    """A publication (correction None) or a correction (its number within the month)."""

    month: str
    at: datetime
    note: str | None
    correction: int | None = None


def events(limit: int = 100) -> list[Event]:
    """The newest publications and corrections, newest first."""
    months = db.session.execute(
        select(PublishedMonth.month, PublishedMonth.published_at, PublishedMonth.note)
    ).all()
    # A re-published month's own row holds its latest time, so its first publication is
    # taken from the audit log, where every publication is recorded.
    first = dict(
        db.session.execute(
            select(AuditLog.object_key, func.min(AuditLog.at))
            .where(AuditLog.action == "publish", AuditLog.object_type == "published_month")
            .group_by(AuditLog.object_key)
        ).all()
    )
    corrections: dict[str, list] = {}
    for c in db.session.execute(
        select(Correction.month, Correction.published_at, Correction.note).order_by(
            Correction.month, Correction.published_at, Correction.id
        )
    ):
        corrections.setdefault(c.month, []).append(c)
    found = []
    for month, published_at, note in months:
        fixes = corrections.get(month, [])
        at = first.get(month) or (fixes[0].published_at if fixes else published_at)
        found.append(Event(month, at, None if fixes else note))
        found += [Event(month, c.published_at, c.note, n) for n, c in enumerate(fixes, 1)]
    # Newest first; within one second a correction after the publications it corrects.
    found.sort(key=lambda e: (e.at, e.correction or 0, e.month), reverse=True)
    return found[:limit]


def corrections(limit: int = 200) -> list[Correction]:
    """Every correction of published figures, newest first."""
    return list(
        db.session.scalars(
            select(Correction)
            .order_by(Correction.published_at.desc(), Correction.id.desc())
            .limit(limit)
        )
    )
