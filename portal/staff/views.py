"""Staff sign-in and sign-out, the staff home page, and what citizens searched for in vain."""

from __future__ import annotations

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
from . import auth, queries, revisions, sessions, signin, throttle, twofactor
from .audit import record
from .blueprint import bp
from .forms import ROLE_CHOICES, ConfirmForm, LoginForm

PUBLIC_ENDPOINTS = {"staff.login", "staff.login_code"}
# While a publisher or admin has no second factor yet, these are all they can reach.
ENROLMENT_ENDPOINTS = {"staff.two_factor", "staff.logout"}


@bp.before_request
def require_login():
    """Send anyone not signed in to the login page; nothing here is public."""
    user, ended = auth.load_user()
    g.staff = user
    if user is not None and twofactor.must_enrol(user):
        if request.endpoint in ENROLMENT_ENDPOINTS:
            return None
        return redirect(url_for("staff.two_factor"))
    if user is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if ended == sessions.IDLE:
        flash(
            _(
                "You were logged out after %(minutes)s minutes without activity. "
                "Please log in again.",
                minutes=int(sessions.idle_limit().total_seconds() // 60),
            ),
            "info",
        )
    elif ended == sessions.EXPIRED:
        flash(
            _(
                "You were logged out: a session lasts at most %(hours)s hours. "
                "Please log in again.",
                hours=int(sessions.absolute_limit().total_seconds() // 3600),
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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=signin.attempt_failed,
)
def login():
    """Log in with an email address and a password (then a code, when two-step is on)."""
    if g.staff is not None:
        return redirect(signin.next_url())
    form = LoginForm()
    if not form.is_submitted():
        return _login_page(form, 200)
    if not form.validate():
        return _login_page(form, 422)
    email = auth.normalize_email(form.email.data)
    if not throttle.reserve_attempt(email):
        return signin.account_locked("staff/login.html", form=form, next=_next_field())
    user = auth.authenticate(email, form.password.data)
    if user is None:
        # One message whether the email is unknown or the password wrong.
        form.form_errors.append(_("The email address or the password is not right."))
        known = auth.find_user(email)
        record(
            "login_failed",
            "staff_user",
            known.email if known else None,
            actor=known.email if known else "-",
        )
        db.session.commit()
        return _login_page(form, 422)
    return signin.password_accepted(user)


def _next_field() -> str:
    return request.values.get("next", "")[:500]


def _login_page(form, status: int):
    return render_template("staff/login.html", form=form, next=_next_field()), status


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
