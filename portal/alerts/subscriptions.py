"""Subscribing to a dossier's alerts: the request, the double opt-in, unsubscribing, the end."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, update

from ..extensions import db
from ..models import CLOSED_STATUSES, AlertOutbox, AlertSubscription, Dossier
from . import tokens

# Unconfirmed requests lapse after this; subscriptions end this long after the dossier does.
CONFIRM_WITHIN = timedelta(days=7)
KEPT_AFTER_END = timedelta(days=30)

# A plain address: no display name, no spaces or line breaks (nothing a header could abuse).
EMAIL_PATTERN = (
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
EMAIL = re.compile(EMAIL_PATTERN)
ANY_EMAIL = re.compile(r"[^\s<>@\"',;:()]+@[^\s<>@\"',;:()]+")


def valid_email(value: str) -> bool:
    return bool(EMAIL.match(value)) and len(value) <= 254


def mask(email: str) -> str:
    """An address as staff and logs may see it: n***@g***.com."""
    local, _, domain = email.partition("@")
    head, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{head[:1]}***.{tld}" if head else f"{local[:1]}***@***"


def mask_all(text: str) -> str:
    """Text with every e-mail address in it masked (a mail server's error often quotes one)."""
    return ANY_EMAIL.sub(lambda found: mask(found.group(0)), text)


def token_for(subscription: AlertSubscription, purpose: str) -> str:
    return tokens.derived_token(current_app.config["SECRET_KEY"], purpose, subscription.token_nonce)


def _new_tokens(subscription: AlertSubscription) -> None:
    subscription.token_nonce = tokens.new_nonce()
    subscription.confirm_hash = tokens.digest(token_for(subscription, "confirm"))
    subscription.unsubscribe_hash = tokens.digest(token_for(subscription, "unsubscribe"))


def subscribe(dossier_id: int, email: str, lang: str, now: datetime) -> None:
    """Ask to confirm alerts for a dossier: a confirmation mail is queued, to be sent by
    send-alerts. An address already subscribed gets nothing more; a pending request is
    renewed (its earlier link stops working)."""
    email = email.strip()
    existing = db.session.scalar(
        select(AlertSubscription).where(
            AlertSubscription.dossier_id == dossier_id,
            func.lower(AlertSubscription.email) == email.lower(),
        )
    )
    if existing is not None and existing.status == "active":
        return
    subscription = existing or AlertSubscription(
        dossier_id=dossier_id, email=email, email_masked=mask(email), status="pending"
    )
    subscription.lang = lang
    subscription.created_at = now
    _new_tokens(subscription)
    db.session.add(subscription)
    db.session.flush()
    db.session.add(
        AlertOutbox(
            subscription_id=subscription.id,
            kind="confirm",
            change={},
            status="queued",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    db.session.commit()


def confirm(token: str, now: datetime) -> str:
    """Confirm the subscription a link names: 'confirmed', 'already', or 'unknown' (no such
    link, or it lapsed after seven days)."""
    subscription = db.session.scalar(
        select(AlertSubscription).where(AlertSubscription.confirm_hash == tokens.digest(token))
    )
    if subscription is None:
        return "unknown"
    if subscription.status == "active":
        return "already"
    if subscription.created_at < now - CONFIRM_WITHIN:
        _end([subscription.id])
        db.session.commit()
        return "unknown"
    subscription.status = "active"
    subscription.confirmed_at = now
    db.session.commit()
    return "confirmed"


def find_by_unsubscribe_token(token: str) -> AlertSubscription | None:
    return db.session.scalar(
        select(AlertSubscription).where(AlertSubscription.unsubscribe_hash == tokens.digest(token))
    )


def unsubscribe(token: str) -> bool:
    """End the subscription a link names and delete its address; False when there is none."""
    subscription = find_by_unsubscribe_token(token)
    if subscription is None:
        return False
    _end([subscription.id])
    db.session.commit()
    return True


def _end(subscription_ids: list[int]) -> None:
    """Delete subscriptions (and so their addresses); their mail not yet sent is cancelled."""
    if not subscription_ids:
        return
    db.session.execute(
        update(AlertOutbox)
        .where(AlertOutbox.subscription_id.in_(subscription_ids), AlertOutbox.status == "queued")
        .values(status="cancelled", claimed_by=None, claimed_until=None)
    )
    db.session.execute(delete(AlertSubscription).where(AlertSubscription.id.in_(subscription_ids)))


def expire(now: datetime) -> int:
    """End the requests never confirmed within seven days and the subscriptions of dossiers
    returned or closed more than thirty days ago; return how many ended."""
    cutoff = now - KEPT_AFTER_END
    lapsed = select(AlertSubscription.id).where(
        AlertSubscription.status == "pending",
        AlertSubscription.created_at < now - CONFIRM_WITHIN,
    )
    finished = (
        select(AlertSubscription.id)
        .join(Dossier, Dossier.id == AlertSubscription.dossier_id)
        .where(
            or_(
                and_(
                    Dossier.status == "returned",
                    func.coalesce(Dossier.returned_at, Dossier.resolved_at) < cutoff,
                ),
                and_(Dossier.status.in_(CLOSED_STATUSES), Dossier.resolved_at < cutoff),
            )
        )
    )
    ended = list(db.session.scalars(lapsed)) + list(db.session.scalars(finished))
    _end(ended)
    db.session.commit()
    return len(ended)
