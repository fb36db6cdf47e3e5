"""The agency pages: what a unit is, its dates, what came before and after it, its procedures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, render_template

from .. import clock
from ..extensions import db
from ..i18n import LANG_RULE
from ..stats.pages import unit_months
from . import queries
from .units import Unit, Units, load_units

bp = Blueprint("agencies", __name__, url_prefix=f"/{LANG_RULE}/agencies")


@dataclass(frozen=True)
class Handover:
    """Where a unit's work is now: for the notices on agency and procedure pages."""

    unit: Unit
    today: date
    current: Unit | None  # today's unit doing its work; None when no unit took it over

    @property
    def ended(self) -> bool:
        return self.unit.ended_by(self.today)

    @property
    def not_started(self) -> bool:
        return self.unit.active_from is not None and self.today < self.unit.active_from


def handover(units: Units, code: str, today: date) -> Handover:
    """Where ``code``'s work is handled today."""
    current = units.current(code)
    return Handover(units.get(code), today, None if current.code == code else current)


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
