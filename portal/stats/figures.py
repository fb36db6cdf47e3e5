"""The published figures and rates: THE definition of each (CONTRACT §4), and their arithmetic.

Everything that shows a figure — the pages, the JSON and CSV API, the summary paragraph, the
feed — takes its names, definitions and order from ``FIELDS`` and ``RATE_FIELDS`` here.

How the pieces fit:

* ``portal.stats.periods`` turns ``2022-07``, ``2022-Q3``, ``2022`` or ``2022-01..2022-06``
  into a ``Period`` (its months, its first day S, the day E after it).
* Each figure is defined once, literally, per dossier in ``tests/figure_definitions.py`` (a
  predicate on one dossier and the period's S and E): the specification the tests hold the
  fast path to.
* The fast path: ``portal.stats.rollup`` counts the same figures per month × agency with SQL
  GROUP BY (it documents why its cumulative sums equal these definitions); ``publish``
  freezes a month's rollup into ``published_figure``; ``portal.stats.reports`` combines
  frozen months into a period with ``combine`` below (flows add up, ``carried_over`` is the
  first month's, ``pending`` and ``pending_overdue`` the last month's) and computes the rates.

Rates are per cent, rounded half-up to two decimals, ``None`` (JSON ``null``) when the
denominator is 0. ``time_saved_hours`` is kept in seconds per month and rounded half-up to whole
hours only for the period's total (and each agency's), so periods add up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import lazy_gettext as _l

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
            "due time, rounded to whole hours. These are calendar hours: nights, weekends and "
            "public holidays (Tết included) count too; working hours saved count only office "
            "days."
        ),
    ),
    Field(
        "working_hours_saved",
        _l("Working hours saved"),
        _l(
            "Working days between the day of the result and the due date, times 8 hours, "
            "summed over dossiers resolved before their due date: weekends and public holidays "
            "(Tết included) do not count."
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
