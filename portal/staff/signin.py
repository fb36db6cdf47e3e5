"""The second step of signing in (a TOTP or recovery code), and confirming one's identity again."""

from __future__ import annotations

import re

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import clock
from ..extensions import db, limiter
from ..models import StaffUser
from . import auth, sessions, throttle, twofactor
from .audit import record
from .blueprint import bp
from .forms import CodeForm, ReauthForm

_SAFE_NEXT = re.compile(r"/(vi|en)/staff/[^\s\\]*")
# Between the password and the code: long enough to open the app, short enough to be useless.
PENDING_SECONDS = 300


def next_url() -> str:
    """Where to go after signing in: the `next` asked for, when it is a staff page here."""
    target = request.values.get("next") or ""
    if _SAFE_NEXT.fullmatch(target) and not target.startswith("//"):
        return target
    return url_for("staff.home")


def attempt_failed(response) -> bool:
    return response.status_code != 303


def account_locked(template: str, **context):
    """The answer while an account is locked: alike for known and unknown accounts."""
    context["form"].form_errors.append(
        _(
            "Too many failed attempts for this account. Please wait %(minutes)s minutes "
            "and try again.",
            minutes=throttle.lock_minutes(),
        )
    )
    return render_template(template, **context), 429


def password_accepted(user: StaffUser):
    """The password was right: sign in, or ask for the second factor first."""
    target = next_url()
    if twofactor.enabled(user):
        session["staff_pending"] = {
            "id": user.id,
            "at": int(clock.utc_now().timestamp()),
            "next": target,
        }
        db.session.commit()  # a rehashed password, if any
        return redirect(url_for("staff.login_code"), code=303)
    throttle.forget(user.email)
    auth.log_in(user, second_factor=False)
    record("login", "staff_user", user.email, actor=user)
    db.session.commit()
    return redirect(target, code=303)


def _pending_user() -> tuple[StaffUser | None, str]:
    pending = session.get("staff_pending")
    if not isinstance(pending, dict):
        return None, ""
    try:
        user_id, started, target = int(pending["id"]), int(pending["at"]), str(pending["next"])
    except (KeyError, TypeError, ValueError):
        return None, ""
    if clock.utc_now().timestamp() - started > PENDING_SECONDS:
        return None, ""
    user = db.session.get(StaffUser, user_id)
    return (user, target) if user is not None and user.active else (None, "")


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=attempt_failed
)
def login_code():
    """Ask for the code from the authenticator app (or a recovery code) after the password."""
    user, target = _pending_user()
    if user is None:
        session.pop("staff_pending", None)
        flash(_("Please log in again: the sign-in took too long."), "info")
        return redirect(url_for("staff.login"), code=303)
    form = CodeForm()
    if not form.is_submitted():
        return render_template("staff/login_code.html", form=form), 200
    if not form.validate():
        return render_template("staff/login_code.html", form=form), 422
    if not throttle.reserve_attempt(user.email):
        return account_locked("staff/login_code.html", form=form)
    kind = twofactor.check_code(user, form.code.data)
    if kind is None:
        form.code.errors.append(
            _("The code is not right, or it was used already. Wait for a new code and try again.")
        )
        record("login_code_failed", "staff_user", user.email, actor=user)
        db.session.commit()
        return render_template("staff/login_code.html", form=form), 422
    throttle.forget(user.email)
    auth.log_in(user, second_factor=True)
    record("login", "staff_user", user.email, actor=user, after={"second_factor": kind})
    db.session.commit()
    if kind == "recovery_code":
        flash(
            _(
                "You used a recovery code; %(count)s are left.",
                count=twofactor.recovery_codes_left(user),
            ),
            "info",
        )
    return redirect(target or url_for("staff.home"), code=303)


def _reauth_ok(user: StaffUser, form: ReauthForm) -> bool:
    if not auth.verify_password(user, form.password.data):
        form.password.errors.append(_("The password is not right."))
        return False
    if twofactor.enabled(user) and twofactor.check_code(user, form.code.data or "") is None:
        form.code.errors.append(
            _("The code is not right, or it was used already. Wait for a new code and try again.")
        )
        return False
    return True


@bp.route("/confirm-identity", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=attempt_failed
)
def reauth():
    """Ask for the password (and code) again before an admin changes other people's accounts."""
    form = ReauthForm()
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            if not throttle.reserve_attempt(g.staff.email):
                return account_locked("staff/reauth.html", form=form, next=next_url())
            if _reauth_ok(g.staff, form):
                throttle.forget(g.staff.email)
                sessions.mark_reauthenticated(g.staff_session)
                record("reauth", "staff_user", g.staff.email)
                db.session.commit()
                return redirect(next_url(), code=303)
            record("reauth_failed", "staff_user", g.staff.email)
            db.session.commit()
    return render_template("staff/reauth.html", form=form, next=next_url()), status


def reauth_required(account_url: str):
    """None when the admin confirmed their identity recently, else the way to do it."""
    if sessions.recently_reauthenticated(g.get("staff_session")):
        return None
    flash(_("Confirm it is you before changing another person's role or password."), "info")
    return redirect(url_for("staff.reauth", next=account_url), code=303)
