"""The published figures: THE definition of every figure and rate (CONTRACT §4), one place.

Everything that shows a figure — the pages, the JSON and CSV API, the summary paragraph, the
feed — calls the functions here; nothing else reads ``published_figure``.

How the pieces fit:

* ``parse_period`` turns ``2022-07``, ``2022-Q3``, ``2022`` or ``2022-01..2022-06`` into a
  ``Period`` (its months, its first day S, the day E after it).
* Each figure is defined once, literally, per dossier in ``DEFINITIONS`` (a predicate on one
  dossier and the period's S and E). ``reference_totals`` applies those predicates to a list
  of dossiers; it is the specification the tests hold the fast path to.
* The fast path: ``portal.stats.rollup`` counts the same figures per month × agency with SQL
  GROUP BY (it documents why its cumulative sums equal these definitions); ``publish``
  freezes a month's rollup into ``published_figure``; the functions below combine frozen months
  into a period (flows add up, ``carried_over`` is the first month's, ``pending`` and
  ``pending_overdue`` the last month's) and compute the rates.
* Only published months are ever shown: asking for a period with an unpublished month raises
  ``NotPublished``.

Rates are per cent, rounded half-up to two decimals, ``None`` (JSON ``null``) when the
denominator is 0. ``time_saved_hours`` is kept in seconds per month and rounded half-up to whole
hours only for the period's total (and each agency's), so periods add up exactly.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

from .. import clock
from ..extensions import db
from ..models import (
    CLOSED_STATUSES,
    LEVELS,
    RESOLVED_STATUSES,
    Agency,
    AuditLog,
    Correction,
    PublishedFigure,
    PublishedMonth,
)
from . import regroup
from .regroup import DEFAULT_UNITS

MAX_MONTHS = 120  # a range longer than ten years is refused as a bad period
MIN_YEAR, MAX_YEAR = 1990, 2100  # as the import accepts


class NotPublished(LookupError):
    """A month of the requested period has not been published (yet)."""

    def __init__(self, months: Iterable[str]):
        self.months = tuple(months)
        super().__init__("not published: " + ", ".join(self.months))


class UnknownAgency(LookupError):
    """No agency has the requested code."""


# --- periods ---------------------------------------------------------------------------------


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_after(month: str) -> str:
    """The month following ``YYYY-MM``."""
    return _month_label(_month_index(int(month[:4]), int(month[5:7])) + 1)


def month_before(month: str) -> str:
    """The month preceding ``YYYY-MM``."""
    return _month_label(_month_index(int(month[:4]), int(month[5:7])) - 1)


@dataclass(frozen=True)
class Period:
    """A run of whole months: from its first local day ``start`` (S) to ``end`` (E, excluded).

    ``kind`` is ``month``, ``quarter``, ``year`` or ``range``; ``label`` is the normalised text
    (``2022-07``, ``2022-Q3``, ``2022``, ``2022-01..2022-06``), fit for a permalink.
    """

    label: str
    kind: str
    months: tuple[str, ...]
    start: date
    end: date

    @property
    def last_day(self) -> date:
        """The period's last day (E − 1 day), the inclusive "to" of the JSON."""
        return self.end - timedelta(days=1)

    @property
    def first_month(self) -> str:
        return self.months[0]

    @property
    def last_month(self) -> str:
        return self.months[-1]

    def shifted(self, months: int) -> Period:
        """The same kind of period moved by a number of months (negative: earlier)."""
        first = _month_index(self.start.year, self.start.month) + months
        last = first + len(self.months) - 1
        if self.kind == "month":
            return parse_period(_month_label(first))
        if self.kind == "quarter":
            return parse_period(f"{first // 12:04d}-Q{first % 12 // 3 + 1}")
        if self.kind == "year":
            return parse_period(f"{first // 12:04d}")
        return parse_period(f"{_month_label(first)}..{_month_label(last)}")

    def previous(self) -> Period:
        """The period of the same length just before (June for July, Q2 for Q3, ...)."""
        return self.shifted(-len(self.months))

    def year_before(self) -> Period:
        """The same months a year earlier."""
        return self.shifted(-12)

    def __str__(self) -> str:
        return self.label


_MONTH = r"(\d{4})-(\d{2})"
_PATTERNS = (
    ("range", re.compile(rf"{_MONTH}\.\.{_MONTH}")),
    ("month", re.compile(_MONTH)),
    ("quarter", re.compile(r"(\d{4})-[Qq]([1-4])")),
    ("year", re.compile(r"(\d{4})")),
)


def _checked_month(year: str, month: str) -> int:
    y, m = int(year), int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"there is no month {month}")
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return _month_index(y, m)


def parse_period(text: str) -> Period:
    """Parse ``YYYY-MM``, ``YYYY-Qn``, ``YYYY`` or ``YYYY-MM..YYYY-MM``; ValueError otherwise."""
    value = (text or "").strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if not match:
            continue
        groups = match.groups()
        if kind == "range":
            first = _checked_month(groups[0], groups[1])
            last = _checked_month(groups[2], groups[3])
            if last < first:
                raise ValueError("a range of months must not end before it starts")
            label = f"{_month_label(first)}..{_month_label(last)}"
        elif kind == "month":
            first = last = _checked_month(*groups)
            label = _month_label(first)
        elif kind == "quarter":
            first = _checked_month(groups[0], str(int(groups[1]) * 3 - 2))
            last = first + 2
            label = f"{groups[0]}-Q{groups[1]}"
        else:
            first = _checked_month(groups[0], "1")
            last = first + 11
            label = groups[0]
        if last - first + 1 > MAX_MONTHS:
            raise ValueError(f"a period may cover at most {MAX_MONTHS} months")
        months = tuple(_month_label(i) for i in range(first, last + 1))
        start = date(first // 12, first % 12 + 1, 1)
        end = date((last + 1) // 12, (last + 1) % 12 + 1, 1)
        return Period(label=label, kind=kind, months=months, start=start, end=end)
    raise ValueError("a period is YYYY-MM, YYYY-Qn, YYYY or YYYY-MM..YYYY-MM")


# --- the figures and their definitions -------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One published figure: its JSON path (dotted for nested ones), label and definition.

    ``kind``: ``flow`` figures add up over the months of a period; ``first`` is the first
    month's value (carried over); ``last`` the last month's (pending, overdue).
    """

    key: str
    label: Any  # lazy string
    definition: Any  # lazy string
    kind: str = "flow"


@dataclass(frozen=True)
class Rate:
    """One published rate: the share of ``numerator`` fields in ``denominator`` fields."""

    key: str
    label: Any
    definition: Any
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field("received_new", _l("New dossiers received"), _l("Dossiers received during the period.")),
    Field(
        "received_by_channel.direct",
        _l("Received in person"),
        _l("New dossiers handed in at a reception desk."),
    ),
    Field(
        "received_by_channel.online",
        _l("Received online"),
        _l("New dossiers submitted through the online public services."),
    ),
    Field(
        "received_by_channel.postal",
        _l("Received by post"),
        _l("New dossiers sent through the public postal service (BCCI)."),
    ),
    Field(
        "carried_over",
        _l("Carried over"),
        _l("Dossiers received before the period and not finished when it began."),
        "first",
    ),
    Field("resolved", _l("Resolved"), _l("Dossiers whose result was ready during the period.")),
    Field(
        "resolved_early",
        _l("Resolved early"),
        _l("Resolved dossiers whose result was ready before the due date."),
    ),
    Field(
        "resolved_on_time",
        _l("Resolved on time"),
        _l("Resolved dossiers whose result was ready on the due date."),
    ),
    Field(
        "resolved_late",
        _l("Resolved late"),
        _l("Resolved dossiers whose result was ready after the due date."),
    ),
    Field(
        "closed_without_result",
        _l("Closed without a result"),
        _l("Dossiers rejected or withdrawn during the period."),
    ),
    Field(
        "pending",
        _l("Pending"),
        _l("Dossiers received by the end of the period and not finished by then."),
        "last",
    ),
    Field(
        "pending_overdue",
        _l("Pending and overdue"),
        _l("Pending dossiers whose due date fell within or before the period."),
        "last",
    ),
    Field(
        "returned_by_postal",
        _l("Results returned by post"),
        _l("Resolved dossiers whose result was sent by the public postal service (BCCI)."),
    ),
    Field(
        "four_on_site",
        _l("\u201c4 on site\u201d"),
        _l(
            "New dossiers handled under the \u201c4 on site\u201d model: received, appraised, "
            "approved and returned at the centre."
        ),
    ),
    Field(
        "ratings.very_satisfied",
        _l("Very satisfied"),
        _l("Ratings of \u201cvery satisfied\u201d given during the period."),
    ),
    Field(
        "ratings.satisfied",
        _l("Satisfied"),
        _l("Ratings of \u201csatisfied\u201d given during the period."),
    ),
    Field(
        "ratings.unsatisfied",
        _l("Unsatisfied"),
        _l("Ratings of \u201cunsatisfied\u201d given during the period."),
    ),
    Field(
        "time_saved_hours",
        _l("Hours saved"),
        _l(
            "Hours between result and due time, summed over dossiers resolved before their "
            "due time, rounded to whole hours."
        ),
    ),
)

RATE_FIELDS: tuple[Rate, ...] = (
    Rate(
        "direct_pct",
        _l("Share received in person"),
        _l("New dossiers received in person, as a share of all new dossiers."),
        ("received_by_channel.direct",),
        ("received_new",),
    ),
    Rate(
        "online_pct",
        _l("Share received online"),
        _l("New dossiers received online, as a share of all new dossiers."),
        ("received_by_channel.online",),
        ("received_new",),
    ),
    Rate(
        "postal_pct",
        _l("Share received by post"),
        _l("New dossiers received by post, as a share of all new dossiers."),
        ("received_by_channel.postal",),
        ("received_new",),
    ),
    Rate(
        "early_pct",
        _l("Share resolved early"),
        _l("Dossiers resolved early, as a share of all resolved dossiers."),
        ("resolved_early",),
        ("resolved",),
    ),
    Rate(
        "on_time_pct",
        _l("Share resolved on time"),
        _l("Dossiers resolved on the due date, as a share of all resolved dossiers."),
        ("resolved_on_time",),
        ("resolved",),
    ),
    Rate(
        "late_pct",
        _l("Share resolved late"),
        _l("Dossiers resolved late, as a share of all resolved dossiers."),
        ("resolved_late",),
        ("resolved",),
    ),
    Rate(
        "timely_pct",
        _l("Share resolved early or on time"),
        _l("Dossiers resolved early or on time, as a share of all resolved dossiers."),
        ("resolved_early", "resolved_on_time"),
        ("resolved",),
    ),
    Rate(
        "postal_return_pct",
        _l("Share of results returned by post"),
        _l("Resolved dossiers whose result was sent by post, as a share of all resolved dossiers."),
        ("returned_by_postal",),
        ("resolved",),
    ),
    Rate(
        "satisfied_pct",
        _l("Satisfaction"),
        _l(
            "Ratings of \u201cvery satisfied\u201d or \u201csatisfied\u201d, as a share of "
            "all ratings."
        ),
        ("ratings.very_satisfied", "ratings.satisfied"),
        ("ratings.very_satisfied", "ratings.satisfied", "ratings.unsatisfied"),
    ),
)

FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
RATE_KEYS: tuple[str, ...] = tuple(r.key for r in RATE_FIELDS)
BY_KEY: dict[str, Field | Rate] = {f.key: f for f in FIELDS + RATE_FIELDS}

# What a month's rollup and published row hold: the count fields, and time saved in seconds.
STORED_KEYS: tuple[str, ...] = tuple(k for k in FIELD_KEYS if k != "time_saved_hours") + (
    "time_saved_seconds",
)


def definition(key: str) -> str:
    """The short definition of a figure or rate, in the current language."""
    return str(BY_KEY[key].definition)


def label(key: str) -> str:
    """The short name of a figure or rate, in the current language."""
    return str(BY_KEY[key].label)


# The definitions, literally, per dossier (CONTRACT §4). ``d`` has the import's derived local
# dates: received_day, due_day, finished_day (None if not finished) as date objects, and
# status, channel, return_channel, four_on_site, resolved_at, due_at. ``s`` and ``e`` are S and
# E. These are the specification: the rollup computes the same counts in bulk, and the tests
# compare the two on generated data.
def _finished_before(d, day: date) -> bool:
    return d.finished_day is not None and d.finished_day < day


def _resolved_in(d, s: date, e: date) -> bool:
    return d.status in RESOLVED_STATUSES and d.finished_day is not None and s <= d.finished_day < e


def _pending_at(d, e: date) -> bool:
    return d.received_day < e and not _finished_before(d, e)


DEFINITIONS: dict[str, Callable[[Any, date, date], bool]] = {
    "received_new": lambda d, s, e: s <= d.received_day < e,
    "received_by_channel.direct": lambda d, s, e: s <= d.received_day < e and d.channel == "direct",
    "received_by_channel.online": lambda d, s, e: s <= d.received_day < e and d.channel == "online",
    "received_by_channel.postal": lambda d, s, e: s <= d.received_day < e and d.channel == "postal",
    "carried_over": lambda d, s, e: d.received_day < s and not _finished_before(d, s),
    "resolved": _resolved_in,
    "resolved_early": lambda d, s, e: _resolved_in(d, s, e) and d.finished_day < d.due_day,
    "resolved_on_time": lambda d, s, e: _resolved_in(d, s, e) and d.finished_day == d.due_day,
    "resolved_late": lambda d, s, e: _resolved_in(d, s, e) and d.finished_day > d.due_day,
    "closed_without_result": lambda d, s, e: (
        d.status in CLOSED_STATUSES and d.finished_day is not None and s <= d.finished_day < e
    ),
    "pending": lambda d, s, e: _pending_at(d, e),
    "pending_overdue": lambda d, s, e: _pending_at(d, e) and d.due_day < e,
    "returned_by_postal": lambda d, s, e: _resolved_in(d, s, e) and d.return_channel == "postal",
    "four_on_site": lambda d, s, e: s <= d.received_day < e and bool(d.four_on_site),
}


def reference_totals(dossiers: Iterable, ratings: Iterable, start: date, end: date) -> dict:
    """The totals straight from the definitions, dossier by dossier (slow; for checking).

    ``ratings`` are (rated_day: date, score) pairs for the same dossiers.
    """
    flat = dict.fromkeys(STORED_KEYS, 0)
    seconds = 0
    for d in dossiers:
        for key, counts in DEFINITIONS.items():
            if counts(d, start, end):
                flat[key] += 1
        if _resolved_in(d, start, end) and d.resolved_at < d.due_at:
            seconds += int((d.due_at - d.resolved_at).total_seconds())
    for rated_day, score in ratings:
        if start <= rated_day < end:
            flat[f"ratings.{score}"] += 1
    flat["time_saved_seconds"] = seconds
    return nest(flat)


# --- arithmetic ------------------------------------------------------------------------------


def percent(numerator: int, denominator: int) -> float | None:
    """numerator / denominator in per cent, rounded half-up to 2 decimals; None over 0."""
    if not denominator:
        return None
    # Integer arithmetic: round(x) half-up is floor((2x + 1) / 2), exact for any count.
    hundredths = (numerator * 20000 + denominator) // (2 * denominator)
    return hundredths / 100


def hours(seconds: int) -> int:
    """Seconds as whole hours, rounded half-up."""
    return (seconds * 2 + 3600) // 7200


def rates(flat: dict) -> dict:
    """Every rate of a flat figures dict (dotted keys), in RATE_FIELDS order."""
    return {
        r.key: percent(sum(flat[k] for k in r.numerator), sum(flat[k] for k in r.denominator))
        for r in RATE_FIELDS
    }


def nest(flat: dict) -> dict:
    """Flat stored figures (dotted keys, seconds) → the contract's ``totals`` object."""
    totals: dict[str, Any] = {}
    for key in FIELD_KEYS:
        if key == "time_saved_hours":
            totals[key] = hours(flat.get("time_saved_seconds", 0))
        elif "." in key:
            group, name = key.split(".")
            totals.setdefault(group, {})[name] = flat.get(key, 0)
        else:
            totals[key] = flat.get(key, 0)
    return totals


def flatten(totals: dict) -> dict:
    """The contract's ``totals`` object → {dotted key: value} in FIELDS order."""
    flat = {}
    for key in FIELD_KEYS:
        if "." in key:
            group, name = key.split(".")
            flat[key] = totals[group][name]
        else:
            flat[key] = totals[key]
    return flat


def combine(months: list[dict | None]) -> dict:
    """Combine the flat figures of consecutive months (None: nothing that month) into one.

    Flows add up; ``carried_over`` is the first month's, ``pending`` and ``pending_overdue``
    the last month's.
    """
    out = dict.fromkeys(STORED_KEYS, 0)
    for flat in months:
        if flat:
            for key in STORED_KEYS:
                out[key] += flat.get(key, 0)
    first, last = months[0] or {}, months[-1] or {}
    out["carried_over"] = first.get("carried_over", 0)
    out["pending"] = last.get("pending", 0)
    out["pending_overdue"] = last.get("pending_overdue", 0)
    return out


# --- reading the published figures -----------------------------------------------------------

_cache: dict = {}
_cache_lock = threading.Lock()
_generation = [0]  # bumped by publishing in this process


def forget() -> None:
    """Drop what this process remembers of the published figures (publishing calls this)."""
    with _cache_lock:
        _generation[0] += 1
        _cache.clear()


def _stamp() -> tuple:
    """Changes whenever anything is (re)published: the key of the in-process cache.

    One small query: other processes' publications change the count, the latest publication
    time, the latest correction or the latest audit entry (every publication writes one).
    """
    row = db.session.execute(_STAMP).one()
    return (_generation[0], db.engine.url.render_as_string(), *row)


# Plain SQL: this runs on every request, and a text() statement skips SQLAlchemy's per-call
# cache-key work on a four-subquery select.
_STAMP = text(
    f"SELECT (SELECT count(*) FROM {PublishedMonth.__tablename__}), "
    f"(SELECT max(published_at) FROM {PublishedMonth.__tablename__}), "
    f"(SELECT max(id) FROM {Correction.__tablename__}), "
    f"(SELECT max(id) FROM {AuditLog.__tablename__})"
)


# What the agencies' successor chains, dates and levels are now: counting as today's units
# (portal.stats.regroup) and the level filters depend on it, and an import of agencies changes
# it without any publication. Read with the stamp, in the same query.
_CHANGED_UNITS = (
    "SELECT {concat}(a.code || '>' || coalesce(a.successor_code, '') || '>' || "
    "coalesce(CAST(a.active_from AS TEXT), '') || '>' || "
    "coalesce(CAST(a.active_to AS TEXT), '') || '>' || a.level, ',') "
    f"FROM {Agency.__tablename__} a WHERE a.successor_code IS NOT NULL "
    "OR a.active_from IS NOT NULL OR a.active_to IS NOT NULL"
)
_STAMP_UNITS = {
    dialect: text(f"{_STAMP.text}, ({_CHANGED_UNITS.format(concat=concat)})")
    for dialect, concat in (("sqlite", "group_concat"), ("postgresql", "string_agg"))
}


def memo(key: tuple, build: Callable[[], Any], units: bool = False) -> Any:
    """build(), remembered per process until the next publication.

    ``units``: the value also depends on today's units (successor chains, dates, levels),
    so it is remembered until those change too.
    """
    if units:
        *row, changed = db.session.execute(_STAMP_UNITS[db.engine.dialect.name]).one()
        stamp = (_generation[0], db.engine.url.render_as_string(), *row)
        key = (*key, changed)
    else:
        stamp = _stamp()
    with _cache_lock:
        if _cache.get("stamp") != stamp:
            _cache.clear()
            _cache["stamp"] = stamp
        if key in _cache:
            return _cache[key]
    value = build()
    with _cache_lock:
        if _cache.get("stamp") == stamp:
            if len(_cache) > 512:
                _cache.clear()
                _cache["stamp"] = stamp
            _cache[key] = value
    return value


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
                "published_at": c.published_at.isoformat(),
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

    Each call returns a fresh dict (callers may change it); the work is remembered per
    process until the next publication (and, as current units, until the units change).
    """
    return json.loads(report_json(period, level, agency, units))


def report_json(
    period: Period,
    level: str | None = None,
    agency: str | None = None,
    units: str | None = None,
) -> str:
    """``report`` as JSON text (UTF-8, contract field order), as the API sends it."""
    level, units = _check_level(level), regroup.check_units(units)
    key = ("report", period.label, level, agency.upper() if agency else None, units)
    return memo(
        key,
        lambda: _dumps(_report(period, level, agency, units)),
        units=units != DEFAULT_UNITS,
    )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
    """
    return json.loads(late_agencies_json(period, level, units))


def late_agencies_json(period: Period, level: str | None = None, units: str | None = None) -> str:
    """``late_agencies`` as JSON text, as the API sends it."""
    level, units = _check_level(level), regroup.check_units(units)
    return memo(
        ("late", period.label, level, units),
        lambda: _dumps(_late_agencies(period, level, units)),
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
    rows = db.session.execute(
        select(PublishedMonth.month, PublishedMonth.published_at, PublishedMonth.note).order_by(
            PublishedMonth.month.desc()
        )
    )
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
    """
    level, units = _check_level(level), regroup.check_units(units)
    key = ("series", tuple(months), level, agency.upper() if agency else None, units)
    return json.loads(
        memo(
            key,
            lambda: _dumps(_monthly_series(months, level, agency, units)),
            units=units != DEFAULT_UNITS,
        )
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
    the units it took over, before it existed.
    """
    level, units = _check_level(level), regroup.check_units(units)
    key = ("late_series", tuple(months), level, units)
    return json.loads(
        memo(
            key,
            lambda: _dumps(_late_series(months, level, units)),
            units=units != DEFAULT_UNITS,
        )
    )


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


def current_month() -> str:
    """The local calendar month of today, YYYY-MM."""
    return clock.now().strftime("%Y-%m")
