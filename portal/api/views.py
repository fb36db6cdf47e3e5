"""The read-only JSON API (/api/v1): the same queries as the pages, no cookies, no tokens."""

from flask import jsonify, request

from .. import clock
from ..agencies.units import active_day, load_units
from ..catalogue import queries
from ..extensions import db
from ..models import LEVELS, ONLINE_LEVELS
from .blueprint import bp, error

SUMMARY_FIELDS = (
    "code",
    "name_vi",
    "name_en",
    "level",
    "processing_days",
    "online_level",
    "postal",
    "four_on_site",
)
DETAIL_FIELDS = SUMMARY_FIELDS + (
    "field_vi",
    "field_en",
    "fee_vi",
    "documents_vi",
    "steps_vi",
    "legal_basis_vi",
    "result_vi",
)


def procedure_json(procedure, fields=SUMMARY_FIELDS) -> dict:
    data = {name: getattr(procedure, name) for name in fields}
    data["agency_code"] = procedure.agency.code
    return data


def _positive(name: str, default: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if 1 <= value <= maximum else None


def agency_json(agency) -> dict:
    return {
        "code": agency.code,
        "name_vi": agency.name_vi,
        "name_en": agency.name_en,
        "level": agency.level,
        "parent_code": agency.parent_code,
        "active_from": agency.active_from.isoformat() if agency.active_from else None,
        "active_to": agency.active_to.isoformat() if agency.active_to else None,
        "successor_code": agency.successor_code,
    }


@bp.get("/agencies")
def agencies():
    """List the agencies: all of them, those active today, or those active on a date."""
    try:
        day = active_day(request.args.get("active"), clock.today())
    except ValueError as problem:
        return error(400, "bad_request", str(problem))
    items = [agency_json(a) for a in db.session.scalars(queries.list_agencies(active_on=day))]
    return jsonify(items=items)


@bp.get("/agencies/<path:code>")
def agency(code):
    """Return one agency, its current unit and the units it took over."""
    units = load_units()
    unit = units.get(code)
    if unit is None:
        return error(404, "not_found", "no agency has this code")
    return jsonify(
        {
            **agency_json(unit),
            "current_code": units.current_code(code),
            "predecessors": [u.code for u in units.predecessors(code)],
        }
    )


@bp.get("/procedures")
def procedures():
    """Search the catalogue; best match first when q is given."""
    level, online = request.args.get("level") or None, request.args.get("online") or None
    if level and level not in LEVELS:
        return error(400, "bad_request", "level must be one of: " + ", ".join(LEVELS))
    if online and online not in ONLINE_LEVELS + ("any",):
        return error(400, "bad_request", "online must be one of: none, partial, full, any")
    page, per_page = _positive("page", 1, 100_000), _positive("per_page", 20, 100)
    if page is None or per_page is None:
        return error(400, "bad_request", "page must be 1 or more; per_page between 1 and 100")
    try:
        active_on = active_day(request.args.get("active"), clock.today(), default="current")
    except ValueError as problem:
        return error(400, "bad_request", str(problem))
    filters = queries.Filters.clean(
        request.args.get("q"), request.args.get("agency"), level, online, active_on=active_on
    )
    found = queries.search_page(filters, page, per_page, clamp=False)
    return jsonify(
        total=found.total,
        page=found.page,
        per_page=per_page,
        items=[procedure_json(p) for p in found.items],
    )


@bp.get("/procedures/<path:code>")
def procedure(code):
    """Return one procedure, whole."""
    found = queries.get_procedure(code)
    if found is None:
        return error(404, "not_found", "no procedure has this code")
    data = procedure_json(found, DETAIL_FIELDS)
    data["agency_name_vi"] = found.agency.name_vi
    data["updated_at"] = found.updated_at.isoformat() if found.updated_at else None
    return jsonify(data)
