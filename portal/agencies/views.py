"""The agency pages: what a unit is, its dates, what came before and after it, its procedures."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from .. import clock
from ..extensions import db
from ..i18n import LANG_RULE
from ..stats.pages import unit_months
from . import queries
from .units import handover, load_units

bp = Blueprint("agencies", __name__, url_prefix=f"/{LANG_RULE}/agencies")


@bp.get("/<path:code>")
def detail(code: str):
    """Show one agency: its dates, predecessors, successor, procedures and monthly figures."""
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
        handover=handover(units, code, clock.today()),
        procedures=list(db.session.scalars(queries.procedures_of(unit.id))),
        unit_months=unit_months(unit.code),
    )
