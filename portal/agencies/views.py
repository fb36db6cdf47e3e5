"""The agency pages: what a unit is, its dates, what came before and after it, its procedures."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template

from .. import clock
from ..catalogue import rendered
from ..extensions import db
from ..i18n import LANG_RULE
from ..kept_answers import keep
from ..stats import cache
from ..stats.pages import unit_months
from . import queries
from .units import handover, load_units

bp = Blueprint("agencies", __name__, url_prefix=f"/{LANG_RULE}/agencies")


@bp.get("/<path:code>")
@keep
def detail(code: str):
    """Show one agency: its dates, predecessors, successor, procedures and monthly figures.

    Kept rendered per catalogue version (units and procedures), day (the handover) and
    publications (the monthly figures)."""
    today = clock.today()
    return rendered.kept(lambda: render_detail(code, today), today, cache.stamp())


def render_detail(code: str, today: date) -> str:
    units = load_units()
    unit = units.get(code)
    if unit is None:
        abort(404)
    return render_template(
        "agencies/detail.html",
        unit=unit,
        parent=units.get(unit.parent_code) if unit.parent_code else None,
        successor=units.get(unit.successor_code) if unit.successor_code else None,
        predecessors=units.predecessors(code),
        handover=handover(units, code, today),
        procedures=list(db.session.scalars(queries.procedures_of(unit.id))),
        unit_months=unit_months(unit.code),
    )
