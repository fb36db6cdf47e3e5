"""Figures counted two ways (CONTRACT §5): under each dossier's recorded agency or current unit.

``units=recorded`` keeps the frozen published rows as they are, one per agency and month.
``units=current`` adds each month's rows up under the current unit of their agency (the end of
its successor chain today, ``portal.agencies.units``): a published row is never changed and no
dossier is counted again, so the totals without a filter are the same either way. Stocks add
up within a month as flows do (a unit's pending dossiers are its parts' pending dossiers), so
the regrouped months combine into a period exactly as an agency's own months do.

``group`` is the one function the report, the late list, the monthly series and the agency
page all count through, for the pages, the JSON and the CSV alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..agencies.units import load_units

UNITS = ("recorded", "current")
DEFAULT_UNITS = "recorded"


def check_units(units: str | None) -> str:
    """``recorded`` or ``current`` (empty: recorded); ValueError for anything else."""
    if units in (None, ""):
        return DEFAULT_UNITS
    if units not in UNITS:
        raise ValueError("units must be one of: " + ", ".join(UNITS))
    return units


@dataclass(frozen=True)
class Grouping:
    """How the published rows are grouped.

    ``current`` maps each known agency code to its current unit's code and ``info`` gives
    today's name and level of every known agency; both are empty when counting as recorded.
    """

    units: str
    current: Mapping[str, str] = field(default_factory=dict)
    info: Mapping[str, dict] = field(default_factory=dict)

    def key(self, code: str, agency: str | None) -> str | None:
        """The unit a row of agency ``code`` is counted under, None when it is not selected.

        ``agency`` (upper case) selects that unit; as current units it also takes every unit
        whose current unit it is (an agency that is nobody's current unit takes its own rows).
        """
        if self.units == DEFAULT_UNITS:
            return code if agency is None or code.upper() == agency else None
        unit = self.current.get(code, code)
        if agency is None or unit.upper() == agency:
            return unit
        return code if code.upper() == agency else None

    def describe(self, code: str, recorded: dict) -> dict:
        """The name and level a unit's figures go under: today's for a current unit."""
        if self.units == DEFAULT_UNITS:
            return recorded
        return self.info.get(code) or recorded


RECORDED = Grouping(DEFAULT_UNITS)


def grouping(units: str) -> Grouping:
    """The grouping for ``units`` (one query of the agencies for current units)."""
    if units == DEFAULT_UNITS:
        return RECORDED
    everyone = load_units()
    return Grouping(
        units,
        everyone.current_codes(),
        {
            unit.code: {
                "code": unit.code,
                "name_vi": unit.name_vi,
                "name_en": unit.name_en,
                "level": unit.level,
            }
            for unit in everyone
        },
    )


def _add(into: dict | None, figures: dict) -> dict:
    if into is None:
        return dict(figures)
    for key, value in figures.items():
        into[key] = into.get(key, 0) + value
    return into


def group(
    rows: Mapping[str, list[dict]],
    months: tuple[str, ...],
    how: Grouping,
    level: str | None = None,
    agency: str | None = None,
) -> dict[str, dict]:
    """The selected units' figures month by month.

    {code: {"agency": info, "months": [flat | None per month], "recorded": {codes}}}, where
    ``recorded`` holds the codes of the agencies whose rows were counted under the unit.

    ``rows`` holds each month's published rows ({"agency": snapshot, "figures": flat});
    a month without rows (or not in ``rows``) leaves None in its place. ``level`` selects
    the units of that level, ``agency`` (any case) one unit, as ``Grouping.key`` says.
    A unit recorded as itself is named by its latest month's snapshot.
    """
    wanted = agency.upper() if agency else None
    per: dict[str, dict] = {}
    for index, month in enumerate(months):
        for row in rows.get(month, ()):
            recorded = row["agency"]
            unit = how.key(recorded["code"], wanted)
            if unit is None:
                continue
            info = how.describe(unit, recorded)
            if level and info["level"] != level:
                continue
            entry = per.get(unit)
            if entry is None:
                entry = per[unit] = {
                    "agency": info,
                    "months": [None] * len(months),
                    "recorded": set(),
                }
            entry["recorded"].add(recorded["code"])
            if how.units == DEFAULT_UNITS:
                entry["agency"] = info  # the latest month's snapshot names the agency
                entry["months"][index] = row["figures"]
            else:
                entry["months"][index] = _add(entry["months"][index], row["figures"])
    return per
