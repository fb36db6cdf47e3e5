"""Staff sign-in: argon2id passwords, signing in and out, and role checks."""

from __future__ import annotations

import re
import secrets
from functools import cache, wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, g
from sqlalchemy import func, select
from zxcvbn import zxcvbn

from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import ROLES, StaffUser
from . import sessions

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes any length; this only bounds the work per attempt

# argon2-cffi's defaults are argon2id, RFC 9106 "low memory" parameters.
hasher = PasswordHasher()
# Verified when the email is unknown, so both failures cost the same time: the hash of a random
# password nobody kept, made with the hasher's parameters. Written here rather than hashed when
# the module loads, which cost every process (each `flask` command, each worker) 0.2 s and 64 MiB.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$"
    "pdaweMhzV6TYZNsVZMXXtw$Me3d1BlldmRMAePMbmZhKcxCMxkEeOiKK4/Kk0ryrWw"
)


@cache
def dummy_hash() -> str:
    """A hash with the hasher's parameters, verified for unknown emails: the one above, or, if
    the hasher's parameters ever change, one made on the first unknown email and kept."""
    if hasher.check_needs_rehash(_DUMMY_HASH):
        return hasher.hash(secrets.token_urlsafe(32))
    return _DUMMY_HASH


# zxcvbn's scores run 0–4; 3 means about 10^8 guesses or more, "safely unguessable" online.
MIN_STRENGTH = 3
_STRENGTH_CHECKED = 72  # zxcvbn's own limit; past it a password is judged on its first part


class WeakPassword(ValueError):
    """The password is too short, too long, or too easy to guess; `message` says which."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def password_problem(password: str, user_inputs=()):
    """Why the password cannot be used (translated), or None when it is strong enough."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("The password must have at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _l("The password must have at most %(max)d characters.", max=MAX_PASSWORD_LENGTH)
    inputs = [part for value in user_inputs if value for part in re.split(r"[@.\s]", value)]
    if zxcvbn(password[:_STRENGTH_CHECKED], user_inputs=inputs)["score"] < MIN_STRENGTH:
        return _l(
            "This password is too easy to guess: it is a common password, or close to one, "
            "or built from your name or email. Use a phrase of four or more unusual words."
        )
    return None


def check_password_strength(password: str, user_inputs=()) -> None:
    problem = password_problem(password, user_inputs)
    if problem is not None:
        raise WeakPassword(problem)


def hash_password(password: str, user_inputs=()) -> str:
    check_password_strength(password, user_inputs)
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
            hasher.verify(dummy_hash(), password or "-")
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


def log_in(user: StaffUser, *, second_factor: bool = False) -> None:
    """Start a new server-side session for the user in this browser."""
    g.staff_session = sessions.start(user, second_factor=second_factor)
    g.staff = user


def log_out() -> None:
    """End this browser's session everywhere its cookie may have been copied to."""
    sessions.end(g.get("staff_session"))
    g.staff, g.staff_session = None, None


def load_user() -> tuple[StaffUser | None, str | None]:
    """Return the signed-in user, or None and why a session just ended (idle or expired)."""
    record, user, reason = sessions.load()
    g.staff_session = record
    return user, reason


def verify_password(user: StaffUser, password: str) -> bool:
    """Whether this is the user's current password (asked again before sensitive changes)."""
    try:
        return hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def set_password(user: StaffUser, password: str, keep=None) -> int:
    """Give the user a new password; every session of theirs but `keep` ends. The caller commits."""
    user.password_hash = hash_password(password, [user.email])
    return sessions.end_all(user, keep=keep)


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
