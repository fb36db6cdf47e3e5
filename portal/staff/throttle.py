"""Failed sign-ins counted per account in the database, so guesses spread over many addresses
or sent in parallel are limited too."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from .. import clock
from ..extensions import db
from ..models import LoginThrottle


def _key(account: str) -> str:
    # Unknown names are counted alike, so the answer never tells whether an account exists.
    return hashlib.sha256(f"staff-login:{account}".encode()).hexdigest()


def _window() -> timedelta:
    return timedelta(minutes=current_app.config.get("LOGIN_ACCOUNT_LOCK_MINUTES", 15))


def lock_minutes() -> int:
    return int(_window().total_seconds() // 60)


def _insert():
    return (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert


def reserve_attempt(account: str) -> bool:
    """Count one attempt for the account before checking it; False when it is locked.

    The attempt is counted first and committed at once, in one conditional UPDATE, so any
    number of guesses sent at the same moment get at most the allowed number of checks.
    A success calls `forget` afterwards. The count starts again once the last counted
    attempt is older than the lock time.
    """
    key, now = _key(account), clock.now()
    cutoff = now - _window()
    limit = current_app.config.get("LOGIN_ACCOUNT_FAILURES", 10)
    db.session.execute(
        _insert()(LoginThrottle)
        .values(key=key, failures=0, last_failure_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    counted = db.session.execute(
        update(LoginThrottle)
        .where(
            LoginThrottle.key == key,
            or_(LoginThrottle.failures < limit, LoginThrottle.last_failure_at < cutoff),
        )
        .values(
            failures=case(
                (LoginThrottle.last_failure_at < cutoff, 1), else_=LoginThrottle.failures + 1
            ),
            last_failure_at=now,
        )
    ).rowcount
    db.session.commit()
    return counted == 1


def forget(account: str) -> None:
    """The account signed in: its failed attempts no longer count. The caller commits."""
    # Set to zero rather than deleted: an attempt waiting on the row then still finds it.
    db.session.execute(
        update(LoginThrottle).where(LoginThrottle.key == _key(account)).values(failures=0)
    )
