"""Staff sessions kept on the server: started at sign-in, ended by logout or by the server."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import delete, select

from .. import clock
from ..extensions import db
from ..models import StaffSession, StaffUser

# Whatever is configured, no session outlives this (ASVS 5.0 7.3.2: an absolute lifetime).
MAX_LIFETIME = timedelta(hours=12)
# The last-seen time is written at most this often, not on every request.
SEEN_RESOLUTION = timedelta(seconds=30)
# After confirming their identity again, an admin may change others' accounts for this long.
REAUTH_WINDOW = timedelta(minutes=10)

IDLE = "idle"
EXPIRED = "expired"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_limit() -> timedelta:
    value = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def absolute_limit() -> timedelta:
    hours = current_app.config.get("STAFF_SESSION_HOURS", 12)
    return min(timedelta(hours=hours), MAX_LIFETIME)


def start(user: StaffUser, *, second_factor: bool) -> StaffSession:
    """Begin a new session for the user: a fresh token, nothing carried over from before."""
    now = clock.now()
    token = secrets.token_urlsafe(32)
    record = StaffSession(
        token_hash=_hash(token),
        staff_id=user.id,
        created_at=now,
        seen_at=now,
        second_factor=second_factor,
        reauthenticated_at=now,  # signing in is the strongest proof of identity there is
    )
    db.session.add(record)
    session.clear()
    session.permanent = True
    session["staff"] = {"token": token}
    user.last_login_at = now
    return record


def _lapsed(record: StaffSession, now: datetime) -> str | None:
    if now - record.created_at >= absolute_limit():
        return EXPIRED
    if now - record.seen_at > idle_limit():
        return IDLE
    return None


def load() -> tuple[StaffSession | None, StaffUser | None, str | None]:
    """The session this cookie belongs to and its user, or why there is none any more."""
    data = session.get("staff")
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str):
        return None, None, None
    record = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == _hash(token)))
    user = db.session.get(StaffUser, record.staff_id) if record else None
    if record is None or user is None or not user.active:
        session.clear()
        return None, None, None
    if user.totp_enabled_at is not None and not record.second_factor:
        # Two-step verification was turned on after this session began without it.
        end(record)
        return None, None, None
    now = clock.now()
    reason = _lapsed(record, now)
    if reason:
        end(record)
        return None, None, reason
    if now - record.seen_at >= SEEN_RESOLUTION:
        record.seen_at = now
        db.session.commit()
    return record, user, None


def end(record: StaffSession | None) -> None:
    """End this session: its row goes, so every copy of the cookie stops working."""
    if record is not None:
        db.session.execute(delete(StaffSession).where(StaffSession.id == record.id))
        db.session.commit()
    session.clear()


def end_all(user: StaffUser, keep: StaffSession | None = None) -> int:
    """End every session of the user (but `keep`, if given); the caller commits."""
    statement = delete(StaffSession).where(StaffSession.staff_id == user.id)
    if keep is not None:
        statement = statement.where(StaffSession.id != keep.id)
    return db.session.execute(statement).rowcount


def count_open(user: StaffUser) -> int:
    now = clock.now()
    rows = db.session.scalars(select(StaffSession).where(StaffSession.staff_id == user.id))
    return sum(1 for row in rows if _lapsed(row, now) is None)


def mark_reauthenticated(record: StaffSession) -> None:
    record.reauthenticated_at = clock.now()


def recently_reauthenticated(record: StaffSession | None) -> bool:
    if record is None or record.reauthenticated_at is None:
        return False
    return clock.now() - record.reauthenticated_at <= REAUTH_WINDOW
