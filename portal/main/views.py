"""Home page, the language redirect and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from sqlalchemy import func, select, text

from ..catalogue import rendered
from ..extensions import db
from ..i18n import LANG_RULE, preferred_language
from ..kept_answers import keep
from ..models import Agency, Procedure, PublishedMonth
from ..stats.periods import parse_period
from ..stats.summary import period_name

bp = Blueprint("main", __name__)


@bp.get("/")
def root():
    """Send the visitor to the home page in their language."""
    return redirect(url_for("main.home", lang=preferred_language()), code=302)


@bp.get(f"/{LANG_RULE}/")
@keep
def home():
    """Show the centre, the catalogue search and the ways in (kept rendered per catalogue
    version and latest published month)."""
    latest = db.session.scalar(select(func.max(PublishedMonth.month)))
    return rendered.kept(lambda: render_home(latest), latest)


def render_home(latest: str | None) -> str:
    counts = db.session.execute(
        select(
            select(func.count())
            .select_from(Procedure)
            .where(Procedure.published)
            .scalar_subquery(),
            select(func.count()).select_from(Agency).scalar_subquery(),
        )
    ).one()
    return render_template(
        "main/home.html",
        procedure_count=counts[0],
        agency_count=counts[1],
        latest_month=period_name(parse_period(latest)) if latest else None,
    )


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the point is to report any database failure as unhealthy
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
