"""Each member of staff's own account: password, two-step verification, signing out everywhere."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from . import auth, sessions, throttle, twofactor
from .audit import record
from .blueprint import bp
from .forms import ChangePasswordForm, ConfirmForm, EnrolForm


def _page(status: int = 200, password_form=None):
    user = g.staff
    return render_template(
        "staff/my_account.html",
        password_form=password_form or ChangePasswordForm(formdata=None),
        sessions_form=ConfirmForm(),
        two_factor_on=twofactor.enabled(user),
        two_factor_required=twofactor.required(user),
        recovery_left=twofactor.recovery_codes_left(user),
        open_sessions=sessions.count_open(user),
    ), status


@bp.get("/my-account")
def my_account():
    """Show one's own account and what one can change about it."""
    return _page()


@bp.post("/my-account/password")
def change_password():
    """Change one's own password, after giving the current one; other sessions end."""
    user = g.staff
    form = ChangePasswordForm(owner_email=user.email)
    if not form.validate():
        return _page(422, form)
    if not throttle.reserve_attempt(user.email):
        form.current_password.errors.append(
            _(
                "Too many failed attempts for this account. Please wait %(minutes)s minutes "
                "and try again.",
                minutes=throttle.lock_minutes(),
            )
        )
        return _page(429, form)
    if not auth.verify_password(user, form.current_password.data):
        form.current_password.errors.append(_("The current password is not right."))
        record("account.password_refused", "staff_user", user.email)
        db.session.commit()
        return _page(422, form)
    throttle.forget(user.email)
    ended = auth.set_password(user, form.password.data, keep=g.staff_session)
    record("account.password", "staff_user", user.email, after={"other_sessions_ended": ended})
    db.session.commit()
    flash(_("Your password is changed. You are signed out everywhere else."), "success")
    return redirect(url_for("staff.my_account"), code=303)


@bp.post("/my-account/sessions")
def sign_out_everywhere():
    """End every one of one's own sessions, on every device, this one too."""
    ConfirmForm().validate_on_submit()  # the CSRF token is checked for every post already
    user = g.staff
    ended = sessions.end_all(user)
    record("staff.sign_out_everywhere", "staff_user", user.email, after={"sessions": ended})
    db.session.commit()
    auth.log_out()
    flash(_("You are signed out everywhere."), "info")
    return redirect(url_for("staff.login"), code=303)


def _enrol_page(form, status: int = 200):
    user = g.staff
    secret = twofactor.pending_secret(user)
    db.session.commit()
    uri = twofactor.provisioning_uri(user, secret)
    return render_template(
        "staff/two_factor.html",
        form=form,
        qr=twofactor.qr_svg(uri, _("QR code to scan with an authenticator app")),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=twofactor.required(user),
    ), status


@bp.route("/my-account/two-factor", methods=["GET", "POST"])
def two_factor():
    """Set up two-step verification: scan the QR code, then type the code the app shows."""
    user = g.staff
    if twofactor.enabled(user):
        flash(_("Two-step verification is already on for your account."), "info")
        return redirect(url_for("staff.my_account"), code=303)
    form = EnrolForm()
    if not form.is_submitted():
        return _enrol_page(form)
    if not form.validate():
        return _enrol_page(form, 422)
    codes = twofactor.confirm_enrolment(user, form.code.data)
    if codes is None:
        form.code.errors.append(
            _("That code does not match. Check the time on your phone and type the newest code.")
        )
        return _enrol_page(form, 422)
    g.staff_session.second_factor = True
    sessions.end_all(user, keep=g.staff_session)
    record("two_factor.enable", "staff_user", user.email)
    db.session.commit()
    # Shown this once and never again: only their hashes are kept.
    return render_template("staff/recovery_codes.html", codes=codes), 200
