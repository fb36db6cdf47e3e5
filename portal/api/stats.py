"""The published statistics as JSON and CSV (/api/v1/periods, /stats/<period>, /late-agencies).

Everything comes from ``portal.stats.reports``, the same functions the pages use. A period
with an unpublished month answers 404 ``not_published``; a badly written period or level 400.

The CSV (``/api/v1/stats/<period>.csv``) has one row per agency: ``period, code, name_vi,
name_en, level``, then every ``totals`` field with nested ones flattened by a dot
(``received_by_channel.direct``, ``ratings.very_satisfied``), then every rate. UTF-8 with a
BOM, so spreadsheets show Vietnamese correctly; a text cell that a spreadsheet could take for
a formula (starting with = + - @, a tab or a carriage return) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from flask import Response, jsonify, request

from ..models import LEVELS
from ..stats import cache, figures, regroup, reports
from ..stats.periods import parse_period
from ..stats.regroup import DEFAULT_UNITS
from .blueprint import bp, error

CSV_HEAD = ("period", "code", "name_vi", "name_en", "level")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def read_request(period_text: str):
    """(period, level, agency, units) from the request, or an error response."""
    try:
        period = parse_period(period_text)
    except ValueError as problem:
        return None, error(400, "bad_request", f"bad period {period_text[:40]!r}: {problem}")
    level = request.args.get("level") or None
    if level not in (None, "all", *LEVELS):
        return None, error(400, "bad_request", "level must be one of: all, " + ", ".join(LEVELS))
    agency = (request.args.get("agency") or "").strip() or None
    try:
        units = regroup.check_units(request.args.get("units"))
    except ValueError as problem:
        return None, error(400, "bad_request", str(problem))
    return (period, level, agency, units), None


def figures_error(problem: Exception):
    if isinstance(problem, reports.NotPublished):
        return error(404, "not_published", "not published: " + ", ".join(problem.months))
    if isinstance(problem, reports.UnknownAgency):
        return error(404, "not_found", "no agency has this code")
    return error(400, "bad_request", str(problem))


def _json(key: tuple, build: Callable[[], dict], units: str) -> Response:
    """A report as JSON in the contract's field order, serialised once per publication."""
    text = cache.memo(("json", *key, units), lambda: _dumps(build()), units=units != DEFAULT_UNITS)
    return Response(text, mimetype="application/json")


def _dumps(data: dict) -> str:
    """JSON text, UTF-8 as is, times in ISO 8601 (a correction's ``published_at``)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_iso)


def cacheable(response, seconds: int = 60):
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response


@bp.get("/periods")
def periods():
    """List the published months, newest first."""
    items = [
        {"period": m["period"], "published_at": _iso(m["published_at"])}
        for m in reports.published_months()
    ]
    return cacheable(jsonify(items=items))


@bp.get("/stats/<period>")
def stats(period):
    """Return a published period's figures (CONTRACT §4)."""
    if period.endswith(".csv"):
        return stats_csv(period[:-4])
    args, failed = read_request(period)
    if failed:
        return failed
    try:
        period_, level, agency, units = args
        key = ("report", period_.label, level, agency)
        return cacheable(_json(key, lambda: reports.report(period_, level, agency, units), units))
    except (reports.NotPublished, reports.UnknownAgency, ValueError) as problem:
        return figures_error(problem)


def safe_cell(value):
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_rows(data: dict):
    """The CSV's header and its rows, one per agency."""
    keys = figures.FIELD_KEYS + figures.RATE_KEYS
    yield CSV_HEAD + keys
    for item in data["agencies"]:
        flat = figures.flatten(item)
        yield (
            (data["period"], item["code"], item["name_vi"], item.get("name_en"), item["level"])
            + tuple(flat[k] for k in figures.FIELD_KEYS)
            + tuple(item[k] for k in figures.RATE_KEYS)
        )


def csv_text(data: dict) -> str:
    """The whole CSV file of a report, BOM first."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv_rows(data):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def stats_csv(period):
    """Return a published period's figures as CSV, one row per agency."""
    args, failed = read_request(period)
    if failed:
        return failed
    period_, level, agency, units = args
    level = None if level == "all" else level
    key = ("csv", period_.label, level, agency.upper() if agency else None, units)
    try:
        text = cache.memo(
            key,
            lambda: csv_text(reports.report(period_, level, agency, units)),
            units=units != DEFAULT_UNITS,
        )
    except (reports.NotPublished, reports.UnknownAgency, ValueError) as problem:
        return figures_error(problem)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = f"stats-{period_.label}"
    if level:
        name += f"-{level}"
    if agency:
        name += "-" + "".join(c for c in agency if c.isalnum() or c in "._-")
    if units != DEFAULT_UNITS:
        name += f"-{units}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return cacheable(response)


@bp.get("/late-agencies/<period>")
def late_agencies(period):
    """List the agencies with late or overdue dossiers in a published period."""
    args, failed = read_request(period)
    if failed:
        return failed
    try:
        period_, level, _agency, units = args
        key = ("late", period_.label, level)
        return cacheable(_json(key, lambda: reports.late_agencies(period_, level, units), units))
    except (reports.NotPublished, ValueError) as problem:
        return figures_error(problem)
