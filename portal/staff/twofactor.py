"""The second factor: TOTP codes from an authenticator app (RFC 6238) and recovery codes."""

from __future__ import annotations

import hmac
import re
import secrets

import pyotp
import segno
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup
from sqlalchemy import delete, or_, select, update

from .. import clock
from ..extensions import db
from ..models import RecoveryCode, StaffUser
from .auth import hasher

ISSUER = "Cổng dịch vụ công – cán bộ"
STEP_SECONDS = 30
# A code from the step before or after is accepted too, for a phone's clock that drifts.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
# Roles that must use a second factor before they reach anything in the staff area.
REQUIRED_FOR = ("publisher", "admin")
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_TOTP_SHAPE = re.compile(r"\d{6}")


def required(user: StaffUser) -> bool:
    return user.role in REQUIRED_FOR


def enabled(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None


def must_enrol(user: StaffUser) -> bool:
    return required(user) and not enabled(user)


def pending_secret(user: StaffUser) -> str:
    """The secret being set up: kept until confirmed, so reloading shows the same QR code."""
    if enabled(user) or not user.totp_secret:
        user.totp_secret = pyotp.random_base32()  # 160 bits, as RFC 4226 recommends
        user.totp_enabled_at = None
        user.totp_last_step = None
    return user.totp_secret


def provisioning_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> Markup:
    """The QR code as inline SVG (no script, no request), titled for screen readers."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, border=2, title=title, svgclass="qr", lineclass=None, dark="#000", light="#fff"
    )
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="' + title + '" ', 1))


def _matching_step(secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now_step = totp.timecode(clock.utc_now())
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: StaffUser, step: int) -> bool:
    """Record the step as used; False when it (or a later one) was used already.

    One conditional UPDATE: of two requests with the same code, only one can succeed.
    """
    claimed = db.session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def check_totp(user: StaffUser, code: str, secret: str | None = None) -> bool:
    """Whether the code is the app's current one and was not used before (then it is used)."""
    code = re.sub(r"\s", "", code or "")
    secret = secret or user.totp_secret
    if not secret or not _TOTP_SHAPE.fullmatch(code):
        return False
    step = _matching_step(secret, code)
    return step is not None and _claim_step(user, step)


def confirm_enrolment(user: StaffUser, code: str) -> list[str] | None:
    """Turn the second factor on when the code fits the pending secret; return recovery codes."""
    if enabled(user) or not user.totp_secret or not check_totp(user, code):
        return None
    user.totp_enabled_at = clock.now()
    return new_recovery_codes(user)


def reset(user: StaffUser) -> None:
    """Turn the second factor off: the secret and the recovery codes are forgotten."""
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == user.id))


def _recovery_code() -> str:
    text = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))  # about 59 bits
    return f"{text[:4]}-{text[4:8]}-{text[8:]}"


def _normalize_recovery(code: str) -> str:
    return re.sub(r"[\s-]", "", (code or "").lower())[:32]


def new_recovery_codes(user: StaffUser) -> list[str]:
    """Replace the user's recovery codes; only their argon2 hashes are stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    for code in codes:
        db.session.add(
            RecoveryCode(staff_id=user.id, code_hash=hasher.hash(_normalize_recovery(code)))
        )
    return codes


def recovery_codes_left(user: StaffUser) -> int:
    rows = db.session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.staff_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(rows.all())


def use_recovery_code(user: StaffUser, code: str) -> bool:
    """Whether the code is one of the user's unused recovery codes; it is then used up."""
    typed = _normalize_recovery(code)
    if len(typed) != 12:
        return False
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.staff_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    for row in unused:
        try:
            hasher.verify(row.code_hash, typed)
        except (VerificationError, InvalidHashError):
            continue
        # Conditional, so two requests with the same code cannot both use it.
        used = db.session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
            .values(used_at=clock.now())
        ).rowcount
        db.session.commit()
        return used == 1
    return False


def check_code(user: StaffUser, code: str) -> str | None:
    """Check a code typed at sign-in: 'totp' or 'recovery_code' for the kind that fit, else None."""
    if check_totp(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery_code"
    return None
