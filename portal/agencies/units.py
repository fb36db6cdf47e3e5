"""Units that change (CONTRACT §5): active dates, successor chains and current units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import and_, or_, select, text

from ..extensions import db
from ..models import Agency


def active_on(active_from: date | None, active_to: date | None, day: date) -> bool:
    """Whether a unit with these dates is active on ``day`` (an empty bound is no bound)."""
    return (active_from is None or active_from <= day) and (active_to is None or day <= active_to)


ACTIVE_CHOICES = "all, current or a date YYYY-MM-DD"


def active_day(value: str | None, today: date, *, default: str = "all") -> date | None:
    """Read an ``active=`` parameter: the day units must be active on, or None for all.

    ``current`` is ``today`` (the local date); raises ValueError on anything else unknown.
    """
    value = (value or "").strip() or default
    if value == "all":
        return None
    if value == "current":
        return today
    if len(value) == 10:  # fromisoformat would also take 20250701
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"active must be {ACTIVE_CHOICES}") from None
    raise ValueError(f"active must be {ACTIVE_CHOICES}")


def active_clause(day: date):
    """The SQL condition "the agency is active on ``day``", for queries joined to Agency."""
    return and_(
        or_(Agency.active_from.is_(None), Agency.active_from <= day),
        or_(Agency.active_to.is_(None), Agency.active_to >= day),
    )


def resolve_chains(successors: Mapping[str, str | None]) -> tuple[dict[str, str], set[str]]:
    """Each code's current unit, and the codes that lie on a loop, in one pass.

    ``successors`` maps every known code to its successor_code. A chain ends at a code
    without a successor, or at one whose successor is unknown. Each code is walked once:
    a chain stops as soon as it reaches a code already resolved. A loop (which the import
    refuses) resolves to its smallest code, so that every caller still gets an answer.
    """
    current: dict[str, str] = {}
    looping: set[str] = set()
    for start in successors:
        path: list[str] = []
        position: dict[str, int] = {}
        code = start
        while True:
            if code in current:
                end = current[code]
                break
            if code in position:
                cycle = path[position[code] :]
                looping.update(cycle)
                end = min(cycle)
                break
            position[code] = len(path)
            path.append(code)
            successor = successors.get(code)
            if not successor or successor not in successors:
                end = code
                break
            code = successor
        for code in path:
            current[code] = end
    return current, looping


@dataclass(frozen=True, slots=True)
class Unit:
    """One agency as the unit pages and figures need it."""

    id: int
    code: str
    name_vi: str
    name_en: str | None
    level: str
    parent_code: str | None
    active_from: date | None
    active_to: date | None
    successor_code: str | None

    def active_on(self, day: date) -> bool:
        return active_on(self.active_from, self.active_to, day)

    def ended_by(self, day: date) -> bool:
        """Whether the unit's last day is before ``day``."""
        return self.active_to is not None and self.active_to < day


class Units:
    """Every agency with its successor chain and current unit, computed once for all."""

    def __init__(self, units: Iterable[Unit]):
        self.by_code: dict[str, Unit] = {unit.code: unit for unit in units}
        self._current, _ = resolve_chains(
            {code: unit.successor_code for code, unit in self.by_code.items()}
        )
        self._predecessors: dict[str, list[Unit]] = defaultdict(list)
        self._absorbed: dict[str, list[Unit]] = defaultdict(list)
        for unit in sorted(self.by_code.values(), key=lambda u: u.code):
            if unit.successor_code in self.by_code:
                self._predecessors[unit.successor_code].append(unit)
            self._absorbed[self._current[unit.code]].append(unit)

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def __iter__(self):
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def get(self, code: str) -> Unit | None:
        return self.by_code.get(code)

    def current_code(self, code: str) -> str:
        """The end of ``code``'s successor chain (``code`` itself when it has no successor)."""
        return self._current[code]

    def current(self, code: str) -> Unit:
        return self.by_code[self._current[code]]

    def chain(self, code: str) -> list[Unit]:
        """The units that took over ``code``'s work, in order, ending at its current unit."""
        units, end, seen = [], self._current[code], {code}
        while code != end:
            code = self.by_code[code].successor_code
            if code in seen:  # a loop the import would have refused: stop at its end
                break
            seen.add(code)
            units.append(self.by_code[code])
        return units

    def predecessors(self, code: str) -> list[Unit]:
        """The units whose successor_code is ``code``, by code."""
        return list(self._predecessors.get(code, ()))

    def absorbed(self, code: str) -> list[Unit]:
        """Every unit whose current unit is ``code``: itself (when current) and all before it."""
        return list(self._absorbed.get(code, ()))

    def active(self, day: date) -> list[Unit]:
        """The units active on ``day``, by code."""
        return sorted((u for u in self.by_code.values() if u.active_on(day)), key=lambda u: u.code)

    def current_codes(self) -> dict[str, str]:
        """Every code mapped to the code of its current unit."""
        return dict(self._current)

    def current_ids(self) -> dict[int, int]:
        """Every agency id mapped to the id of its current unit (for regrouping figures)."""
        return {u.id: self.by_code[self._current[u.code]].id for u in self.by_code.values()}


# The catalogue's version stamp (migration 0013): triggers move it with every change to the
# agency table, in this transaction already on SQLite and at commit on PostgreSQL.
_VERSION = text("SELECT version FROM search_state")


def load_units() -> Units:
    """Every agency's unit, read once per process until the agencies change.

    Units are read-only once built, so the pages of a worker share them; the catalogue's
    version stamp (one small query) says when the agency table changed.
    """
    version = db.session.scalar(_VERSION)
    kept = current_app.extensions.get("agency_units")
    if kept is not None and kept[0] == version:
        return kept[1]
    units = read_units()
    current_app.extensions["agency_units"] = (version, units)
    return units


def read_units() -> Units:
    """Every agency's unit, in one query."""
    rows = db.session.execute(
        select(
            Agency.id,
            Agency.code,
            Agency.name_vi,
            Agency.name_en,
            Agency.level,
            Agency.parent_code,
            Agency.active_from,
            Agency.active_to,
            Agency.successor_code,
        )
    )
    return Units(Unit(*row) for row in rows)


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
