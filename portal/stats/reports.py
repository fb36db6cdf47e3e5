"""Reports read from the published (frozen) figures; nothing else reads ``published_figure``.

A period's figures, the late agencies and the monthly series for the charts. Only published
months are ever shown: asking for a period with an unpublished month raises ``NotPublished``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from ..extensions import db
from ..models import LEVELS, Agency, Correction, PublishedFigure, PublishedMonth
from . import regroup
from .cache import memo
from .figures import FIELD_KEYS, STORED_KEYS, combine, nest, percent, rates
from .periods import Period
from .regroup import DEFAULT_UNITS


class NotPublished(LookupError):
    """A month of the requested period has not been published (yet)."""

    def __init__(self, months: Iterable[str]):
        self.months = tuple(months)
        super().__init__("not published: " + ", ".join(self.months))


class UnknownAgency(LookupError):
    """No agency has the requested code."""


def _published(months: tuple[str, ...]) -> dict:
    """The frozen rows of these months: {"missing", "rows": {month: [row]}, "published_at"}.

    A row is {"agency": {code, name_vi, name_en, level}, "figures": flat dict}.
    """
    return memo(("published", months), lambda: _read_published(months))


def _read_published(months: tuple[str, ...]) -> dict:
    published = dict(
        db.session.execute(
            select(PublishedMonth.month, PublishedMonth.published_at).where(
                PublishedMonth.month.in_(months)
            )
        ).all()
    )
    missing = [m for m in months if m not in published]
    rows: dict[str, list[dict]] = {m: [] for m in months}
    if published:
        for month, figures in db.session.execute(
            select(PublishedFigure.month, PublishedFigure.figures).where(
                PublishedFigure.month.in_(list(published))
            )
        ):
            rows[month].append(figures)
    return {"missing": missing, "rows": rows, "published_at": published}


def _check_level(level: str | None) -> str | None:
    if level in (None, "", "all"):
        return None
    if level not in LEVELS:
        raise ValueError("level must be one of: " + ", ".join(LEVELS))
    return level


def _per_agency(
    period: Period, level: str | None, agency: str | None, units: str = DEFAULT_UNITS
) -> dict:
    """{code: {"agency": info, "months": [flat | None per month]}} of the selected units."""
    data = _published(period.months)
    if data["missing"]:
        raise NotPublished(data["missing"])
    per = regroup.group(data["rows"], period.months, regroup.grouping(units), level, agency)
    if agency and not per and not _agency_exists(agency, data):
        raise UnknownAgency(agency)
    return per


def _agency_exists(code: str, data: dict) -> bool:
    for rows in data["rows"].values():
        if any(r["agency"]["code"].upper() == code.upper() for r in rows):
            return True
    return (
        db.session.scalar(
            select(func.count()).select_from(Agency).where(func.upper(Agency.code) == code.upper())
        )
        > 0
    )


LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


def _agency_sort_key(info: dict) -> tuple:
    return (LEVEL_ORDER.get(info["level"], 9), info["code"])


AGENCY_ATTRIBUTES = ("level", "name_vi")  # an agency's published details a correction may list
_LONGEST_FIRST = sorted(FIELD_KEYS + AGENCY_ATTRIBUTES, key=len, reverse=True)


def changed_agency(key: str) -> tuple[str, str] | None:
    """(code, field) of a correction line ``agencies.<CODE>.<field>``; None for a totals line.

    The field is matched from the end, so a code with dots in it is read whole.
    """
    if not key.startswith("agencies."):
        return None
    rest = key[len("agencies.") :]
    for field in _LONGEST_FIRST:
        if rest.endswith("." + field) and len(rest) > len(field) + 1:
            return rest[: -len(field) - 1], field
    return None


def _corrections(period: Period, codes: set[str] | None) -> list[dict]:
    rows = db.session.scalars(
        select(Correction)
        .where(Correction.month.in_(period.months))
        .order_by(Correction.month, Correction.published_at, Correction.id)
    )
    out = []
    for c in rows:
        changed = c.changed
        if codes is not None:  # a filtered report keeps the selected agencies' lines only
            changed = {
                k: v
                for k, v in changed.items()
                if (changed_agency(k) or (None,))[0] in codes | {None}
            }
        out.append(
            {
                "month": c.month,
                "published_at": c.published_at,
                "note": c.note,
                "changed": changed,
            }
        )
    return out


def report(
    period: Period,
    level: str | None = None,
    agency: str | None = None,
    units: str | None = None,
) -> dict:
    """The CONTRACT §4 answer for a period, from published (frozen) figures only.

    ``level`` None/""/"all" means every level; ``agency`` is a code (case-insensitive);
    ``units`` ``recorded`` (None, the default) or ``current`` (CONTRACT §5,
    ``portal.stats.regroup``).
    Raises NotPublished (some month unpublished), UnknownAgency, ValueError (bad level or units).
    ``agencies`` holds every selected agency with a figure in the period, province first, then
    by code; each item also carries ``name_en`` (an extension of the contract), and the answer
    says which ``units`` it counts by (another).
    ``corrections`` lists the re-publications of the period's months, oldest first; see
    ``portal.stats.publish`` for what ``changed`` holds.

    The answer is remembered per process until the next publication (and, as current units,
    until the units change) and shared by every caller meanwhile: read it, never change it.
    Its keys are in the contract's order.
    """
    level, units = _check_level(level), regroup.check_units(units)
    key = ("report", period.label, level, agency.upper() if agency else None, units)
    return memo(key, lambda: _report(period, level, agency, units), units=units != DEFAULT_UNITS)


def _item(info: dict) -> dict:
    return {
        "code": info["code"],
        "name_vi": info["name_vi"],
        "name_en": info.get("name_en"),
        "level": info["level"],
    }


def _report(period: Period, level: str | None, agency: str | None, units: str) -> dict:
    per = _per_agency(period, level, agency, units)
    items, flats = [], []
    for entry in sorted(per.values(), key=lambda e: _agency_sort_key(e["agency"])):
        flat = combine(entry["months"])
        flats.append(flat)
        item = _item(entry["agency"])
        item.update(nest(flat))
        item.update(rates(flat))
        items.append(item)
    flat = {key: sum(f[key] for f in flats) for key in STORED_KEYS}
    codes = None
    if level is not None or agency is not None:  # the recorded agencies counted here
        codes = {code for entry in per.values() for code in entry["recorded"]}
    return {
        "period": period.label,
        "from": period.start.isoformat(),
        "to": period.last_day.isoformat(),
        "level": level or "all",
        "agency": items[0]["code"] if agency and items else _known_code(agency),
        "units": units,
        "totals": nest(flat),
        "rates": rates(flat),
        "agencies": items,
        "corrections": _corrections(period, codes),
    }


def _known_code(code: str | None) -> str | None:
    """An agency code as the agencies spell it (the filter ignores case); None for none."""
    if not code:
        return None
    known = db.session.scalar(select(Agency.code).where(func.upper(Agency.code) == code.upper()))
    return known or code


def late_agencies(period: Period, level: str | None = None, units: str | None = None) -> dict:
    """Agencies with resolved_late > 0 or pending_overdue > 0 over a published period.

    Ordered by late_pct (highest first, none last), then resolved_late (most first), then code.
    Items also carry ``name_en`` (an extension of the contract); ``units`` as for ``report``.
    Shared, as ``report``'s.
    """
    level, units = _check_level(level), regroup.check_units(units)
    return memo(
        ("late", period.label, level, units),
        lambda: _late_agencies(period, level, units),
        units=units != DEFAULT_UNITS,
    )


def _late_figures(flat: dict) -> dict:
    return {
        "resolved": flat["resolved"],
        "resolved_late": flat["resolved_late"],
        "late_pct": percent(flat["resolved_late"], flat["resolved"]),
        "pending_overdue": flat["pending_overdue"],
    }


def _late_agencies(period: Period, level: str | None, units: str) -> dict:
    items = []
    for entry in _per_agency(period, level, None, units).values():
        flat = combine(entry["months"])
        if flat["resolved_late"] <= 0 and flat["pending_overdue"] <= 0:
            continue
        items.append(_item(entry["agency"]) | _late_figures(flat))
    items.sort(
        key=lambda i: (i["late_pct"] is None, -(i["late_pct"] or 0), -i["resolved_late"], i["code"])
    )
    return {"period": period.label, "units": units, "items": items}


def published_months() -> list[dict]:
    """Every published month, newest first: {"period": "2022-07", "published_at", "note"}.

    ``published_at`` is a naive local datetime: the month's latest publication.
    """

    def read() -> list[tuple]:
        return db.session.execute(
            select(PublishedMonth.month, PublishedMonth.published_at, PublishedMonth.note).order_by(
                PublishedMonth.month.desc()
            )
        ).all()

    # Remembered until the next publication: a statistics page asks for it more than once.
    rows = memo(("published-months",), read)
    return [{"period": m, "published_at": at, "note": note} for m, at, note in rows]


def latest_published_month() -> str | None:
    """The newest published month, or None."""
    return db.session.scalar(select(func.max(PublishedMonth.month)))


def is_published(period: Period) -> bool:
    """Whether every month of the period is published."""
    return not _published(period.months)["missing"]


def monthly_series(
    months: list[str],
    level: str | None = None,
    agency: str | None = None,
    units: str | None = None,
) -> list[dict]:
    """Per-month totals and rates, for trend charts: one item per requested month, in order.

    Each item is {"month", "published": bool, "totals", "rates"}; an unpublished month keeps its
    place with ``published`` False and ``totals``/``rates`` None, so a chart shows the gap.
    ``units`` as for ``report``: as current units an agency's months include its predecessors'.
    Shared, as ``report``'s.
    """
    level, units = _check_level(level), regroup.check_units(units)
    key = ("series", tuple(months), level, agency.upper() if agency else None, units)
    return memo(
        key,
        lambda: _monthly_series(months, level, agency, units),
        units=units != DEFAULT_UNITS,
    )


def _monthly_series(
    months: list[str], level: str | None, agency: str | None, units: str
) -> list[dict]:
    data = _published(tuple(months))
    per = regroup.group(data["rows"], tuple(months), regroup.grouping(units), level, agency)
    out = []
    for index, month in enumerate(months):
        if month in data["missing"]:
            out.append({"month": month, "published": False, "totals": None, "rates": None})
            continue
        flats = [entry["months"][index] or {} for entry in per.values()]
        flat = {key: sum(f.get(key, 0) for f in flats) for key in STORED_KEYS}
        out.append({"month": month, "published": True, "totals": nest(flat), "rates": rates(flat)})
    return out


def late_series(
    months: list[str], level: str | None = None, units: str | None = None
) -> dict[str, list[dict | None]]:
    """Each agency's monthly late figures, for the small per-agency charts of the late list.

    {code: [{"month", "resolved", "resolved_late", "late_pct", "pending_overdue"} or None]} —
    one entry per requested month in order; None where the month is unpublished or the agency
    had no figures that month. As current units (``units``), a unit's months include those of
    the units it took over, before it existed. Shared, as ``report``'s.
    """
    level, units = _check_level(level), regroup.check_units(units)
    key = ("late_series", tuple(months), level, units)
    return memo(key, lambda: _late_series(months, level, units), units=units != DEFAULT_UNITS)


def _late_series(months: list[str], level: str | None, units: str) -> dict[str, list[dict | None]]:
    data = _published(tuple(months))
    per = regroup.group(data["rows"], tuple(months), regroup.grouping(units), level)
    return {
        code: [
            None if flat is None else {"month": month} | _late_figures(flat)
            for month, flat in zip(months, entry["months"], strict=True)
        ]
        for code, entry in per.items()
    }
