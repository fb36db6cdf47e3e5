"""The late-agencies list as CSV (/api/v1/late-agencies/<period>.csv), the JSON's twin.

Same rows and order as ``GET /api/v1/late-agencies/<period>`` (portal.stats.reports), with the
statistics CSV's conventions: UTF-8 with a BOM, CRLF, cells guarded against formula injection.
"""

from __future__ import annotations

import csv
import io

from flask import Response

from ..stats import reports
from ..stats.regroup import DEFAULT_UNITS
from .blueprint import bp
from .stats import cacheable, figures_error, read_request, safe_cell

COLUMNS = (
    "period",
    "code",
    "name_vi",
    "name_en",
    "level",
    "resolved",
    "resolved_late",
    "late_pct",
    "pending_overdue",
)


def late_csv_text(data: dict) -> str:
    """The whole CSV file of a late list, BOM first."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in data["items"]:
        row = dict(item, period=data["period"])
        writer.writerow([safe_cell(row.get(column)) for column in COLUMNS])
    return out.getvalue()


@bp.get("/late-agencies/<period>.csv")
def late_agencies_csv(period):
    """List the agencies with late or overdue dossiers in a published period, as CSV."""
    args, failed = read_request(period)
    if failed:
        return failed
    period_, level, _agency, units = args
    try:
        data = reports.late_agencies(period_, level, units)
    except (reports.NotPublished, ValueError) as problem:
        return figures_error(problem)
    response = Response(late_csv_text(data), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = f"late-agencies-{data['period']}" + (f"-{level}" if level else "")
    if units != DEFAULT_UNITS:
        name += f"-{units}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return cacheable(response)
