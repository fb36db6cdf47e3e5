"""Staff sign-in: argon2id passwords, the session, idle timeout and role checks."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, g, session
from sqlalchemy import func, select

from .. import clock
from ..extensions import db
from ..models import ROLES, StaffUser

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes any length; this only bounds the work per attempt

# argon2-cffi's defaults are argon2id, RFC 9106 "low memory" parameters.
hasher = PasswordHasher()
# Verified when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = hasher.hash("not a real password, only for timing")


class WeakPassword(ValueError):
    """The password is too short (or too long) to accept."""


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"the password must be at most {MAX_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    check_password_strength(password)
    return hasher.hash(password)


def normalize_email(email: str | None) -> str:
    return (email or "").replace("\x00", "").strip().lower()[:254]


def find_user(email: str) -> StaffUser | None:
    return db.session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == normalize_email(email))
    )


def authenticate(email: str, password: str) -> StaffUser | None:
    """Return the active user with this email and password, else None (same cost either way)."""
    user = find_user(email)
    if user is None or not user.active:
        try:
            hasher.verify(_DUMMY_HASH, password or "-")
        except VerificationError:
            pass
        return None
    try:
        hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def _stamp(user: StaffUser) -> str:
    """Changes when the password or role changes, which ends the user's other sessions."""
    return hashlib.sha256(f"{user.password_hash}|{user.role}".encode()).hexdigest()[:24]


def idle_limit() -> timedelta:
    value = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def log_in(user: StaffUser) -> None:
    session.clear()  # nothing from before the login carries over
    session.permanent = True
    session["staff"] = {"id": user.id, "stamp": _stamp(user), "seen": int(time.time())}
    user.last_login_at = clock.now()
    g.staff = user


def log_out() -> None:
    session.clear()
    g.staff = None


def load_user() -> tuple[StaffUser | None, bool]:
    """Return the signed-in user and whether a session just ended for being idle."""
    data = session.get("staff")
    if not isinstance(data, dict):
        return None, False
    try:
        user_id, stamp, seen = int(data["id"]), str(data["stamp"]), int(data["seen"])
    except (KeyError, TypeError, ValueError):
        session.clear()
        return None, False
    now = int(time.time())
    if now - seen > idle_limit().total_seconds():
        session.clear()
        return None, True
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.active or _stamp(user) != stamp:
        session.clear()
        return None, False
    if now - seen >= 30:  # refreshing every request would rewrite the cookie every time
        session["staff"] = {**data, "seen": now}
    return user, False


def current_user() -> StaffUser | None:
    return g.get("staff")


def can(role: str, user: StaffUser | None = None) -> bool:
    """Whether the user may do what `role` does: admins may do everything."""
    user = user or current_user()
    return bool(user) and (user.role == role or user.role == "admin")


def role_required(role: str):
    """Refuse the view with 403 unless the signed-in user has `role` (or is an admin)."""
    assert role in ROLES

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not can(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
