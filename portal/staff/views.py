"""Staff sign-in and sign-out, the staff home page, and what citizens searched for in vain."""

from __future__ import annotations

import re

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from .. import clock
from ..extensions import db, limiter
from . import auth, queries, revisions
from .audit import record
from .blueprint import bp
from .forms import ROLE_CHOICES, ConfirmForm, LoginForm

PUBLIC_ENDPOINTS = {"staff.login"}
_SAFE_NEXT = re.compile(r"/(vi|en)/staff/[^\s\\]*")


@bp.before_request
def require_login():
    """Send anyone not signed in to the login page; nothing here is public."""
    user, expired = auth.load_user()
    g.staff = user
    if user is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if expired:
        flash(
            _(
                "You were logged out after %(minutes)s minutes without activity. "
                "Please log in again.",
                minutes=int(auth.idle_limit().total_seconds() // 60),
            ),
            "info",
        )
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("staff.login", next=target.rstrip("?") if target else None))


@bp.after_request
def private_pages(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.context_processor
def staff_globals():
    return {
        "staff_user": g.get("staff"),
        "can": auth.can,
        "role_labels": dict(ROLE_CHOICES),
        "source_labels": revisions.SOURCE_LABELS,
    }


def _next_url() -> str:
    target = request.values.get("next") or ""
    if _SAFE_NEXT.fullmatch(target) and not target.startswith("//"):
        return target
    return url_for("staff.home")


def _login_failed(response) -> bool:
    return response.status_code != 303


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_login_failed
)
def login():
    """Log in with an email address and a password."""
    if g.staff is not None:
        return redirect(_next_url())
    form = LoginForm()
    status = 200
    if form.is_submitted():
        user = None
        if form.validate():
            user = auth.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = _next_url()
            auth.log_in(user)
            record("login", "staff_user", user.email, actor=user)
            db.session.commit()
            return redirect(target, code=303)
        status = 422
        if not form.errors:
            # One message whether the email is unknown or the password wrong.
            form.form_errors.append(_("The email address or the password is not right."))
            known = auth.find_user(form.email.data)
            record(
                "login_failed",
                "staff_user",
                known.email if known else None,
                actor=known.email if known else "-",
            )
            db.session.commit()
    return render_template(
        "staff/login.html", form=form, next=request.values.get("next", "")[:500]
    ), status


@bp.post("/logout")
def logout():
    """Log out and end the session."""
    form = ConfirmForm()
    if form.validate_on_submit():
        record("logout", "staff_user", g.staff.email)
        db.session.commit()
        auth.log_out()
        flash(_("You have logged out."), "info")
    return redirect(url_for("staff.login"), code=303)


@bp.get("/")
def home():
    """Show what this member of staff can do."""
    return render_template("staff/home.html")


@bp.get("/searches")
def searches():
    """Show search quality over 30 days: searches without results, searches whose results
    nobody opened, the most frequent searches."""
    today = clock.today()
    return render_template(
        "staff/searches.html",
        rows=queries.unanswered_searches(today),
        unopened=queries.searches_by_frequency(today, unopened=True),
        frequent=queries.searches_by_frequency(today),
        days=30,
    )
