"""Staff accounts and the audit log (administrators)."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock
from ..extensions import db
from ..models import StaffUser
from . import auth, queries, sessions, signin, twofactor
from .audit import record
from .auth import role_required
from .blueprint import ID, bp
from .forms import ConfirmForm, NewAccountForm, PasswordForm, RoleForm
from .labels import ACTION_LABELS, OBJECT_LABELS, value_label


def audit_value(value) -> str:
    """One logged value as short text: long texts are cut, structures written as JSON."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "…"


def account_summary(user: StaffUser) -> dict:
    """What the audit log keeps about an account: never the password or its hash."""
    return {"email": user.email, "role": user.role, "active": user.active}


@bp.route("/accounts", methods=["GET", "POST"])
@role_required("admin")
def accounts():
    """List staff accounts and add one."""
    form = NewAccountForm()
    status = 200
    if form.validate_on_submit():
        email = auth.normalize_email(form.email.data)
        if auth.find_user(email):
            form.email.errors.append(_("An account with this email address already exists."))
        else:
            user = StaffUser(
                email=email,
                role=form.role.data,
                active=True,
                password_hash=auth.hash_password(form.password.data),
                created_at=clock.now(),
            )
            db.session.add(user)
            record("staff.create", "staff_user", email, after=account_summary(user))
            db.session.commit()
            flash(_("Account %(email)s created.", email=email), "success")
            return redirect(url_for("staff.accounts"), code=303)
    if form.is_submitted():
        status = 422
    return render_template("staff/accounts.html", form=form, users=queries.staff_users()), status


def _get_user(user_id: int) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


def _account_page(user: StaffUser, status: int = 200, **forms):
    forms.setdefault("role_form", RoleForm(role=user.role, formdata=None))
    forms.setdefault("password_form", PasswordForm(formdata=None))
    return render_template(
        "staff/account.html",
        user=user,
        active_form=ConfirmForm(),
        open_sessions=sessions.count_open(user),
        two_factor_on=twofactor.enabled(user),
        reauthenticated=sessions.recently_reauthenticated(g.staff_session),
        **forms,
    ), status


def _account_url(user: StaffUser) -> str:
    return url_for("staff.account", user_id=user.id)


@bp.get(f"/accounts/<{ID}:user_id>")
@role_required("admin")
def account(user_id: int):
    """Show one account and what can be changed."""
    return _account_page(_get_user(user_id))


def _refuse_self(user: StaffUser):
    if user.id == g.staff.id:
        flash(
            _("You cannot change your own role or deactivate yourself. Ask another administrator."),
            "error",
        )
        return redirect(url_for("staff.account", user_id=user.id), code=303)
    return None


@bp.post(f"/accounts/<{ID}:user_id>/role")
@role_required("admin")
def account_role(user_id: int):
    """Change an account's role."""
    user = _get_user(user_id)
    refused = _refuse_self(user) or signin.reauth_required(_account_url(user))
    if refused:
        return refused
    form = RoleForm()
    if not form.validate_on_submit():
        return _account_page(user, 422, role_form=form)
    before = account_summary(user)
    user.role = form.role.data
    sessions.end_all(user)  # a new role takes effect at the next sign-in
    record("staff.role", "staff_user", user.email, before=before, after=account_summary(user))
    db.session.commit()
    flash(_("Role changed."), "success")
    return redirect(url_for("staff.account", user_id=user.id), code=303)


@bp.post(f"/accounts/<{ID}:user_id>/active")
@role_required("admin")
def account_active(user_id: int):
    """Deactivate an account (it can no longer log in), or activate it again."""
    user = _get_user(user_id)
    refused = _refuse_self(user)
    if refused:
        return refused
    ConfirmForm().validate_on_submit()  # the CSRF token is checked for every post already
    before = account_summary(user)
    user.active = not user.active
    sessions.end_all(user)
    record(
        "staff.activate" if user.active else "staff.deactivate",
        "staff_user",
        user.email,
        before=before,
        after=account_summary(user),
    )
    db.session.commit()
    flash(_("Account activated.") if user.active else _("Account deactivated."), "success")
    return redirect(url_for("staff.account", user_id=user.id), code=303)


@bp.post(f"/accounts/<{ID}:user_id>/password")
@role_required("admin")
def account_password(user_id: int):
    """Set a new password for an account; its open sessions end."""
    user = _get_user(user_id)
    refused = signin.reauth_required(_account_url(user))
    if refused:
        return refused
    form = PasswordForm()
    if not form.validate_on_submit():
        return _account_page(user, 422, password_form=form)
    own = user.id == g.staff.id
    auth.set_password(user, form.password.data, keep=g.staff_session if own else None)
    record("staff.password", "staff_user", user.email, after={"password": "changed"})
    db.session.commit()
    flash(_("Password changed."), "success")
    return redirect(url_for("staff.account", user_id=user.id), code=303)


@bp.post(f"/accounts/<{ID}:user_id>/sessions")
@role_required("admin")
def account_sessions(user_id: int):
    """Sign an account out everywhere: all its sessions end (this one too, if it is yours)."""
    user = _get_user(user_id)
    ConfirmForm().validate_on_submit()  # the CSRF token is checked for every post already
    ended = sessions.end_all(user)
    record("staff.sign_out_everywhere", "staff_user", user.email, after={"sessions": ended})
    db.session.commit()
    flash(
        _(
            "%(email)s is signed out everywhere (%(count)s sessions ended).",
            email=user.email,
            count=ended,
        ),
        "success",
    )
    return redirect(url_for("staff.account", user_id=user.id), code=303)


@bp.post(f"/accounts/<{ID}:user_id>/two-factor")
@role_required("admin")
def account_two_factor(user_id: int):
    """Turn off someone's two-step verification (a lost phone); they set it up again."""
    user = _get_user(user_id)
    refused = _refuse_self(user) or signin.reauth_required(_account_url(user))
    if refused:
        return refused
    ConfirmForm().validate_on_submit()  # the CSRF token is checked for every post already
    twofactor.reset(user)
    sessions.end_all(user)
    record("two_factor.reset", "staff_user", user.email)
    db.session.commit()
    flash(
        _("Two-step verification is reset: %(email)s sets it up again.", email=user.email),
        "success",
    )
    return redirect(_account_url(user), code=303)


@bp.get("/audit")
@role_required("admin")
def audit():
    """Read the audit log, newest first."""
    rows, page, last_page = queries.paginate(
        queries.audit_entries(),
        queries.page_number(request.args.get("page")),
        current_app.config.get("AUDIT_PER_PAGE", 50),
    )
    return render_template(
        "staff/audit.html",
        rows=rows,
        page=page,
        last_page=last_page,
        action_labels=ACTION_LABELS,
        object_labels=OBJECT_LABELS,
        value_label=value_label,
        audit_value=audit_value,
    )
