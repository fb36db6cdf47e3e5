"""The rules an agencies file must keep as a whole (CONTRACT §5): references, successors, loops."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..imports import N_, RowError
from .units import active_on, resolve_chains


@dataclass(frozen=True, slots=True)
class Links:
    """What the rules read of one agency."""

    parent_code: str | None
    active_from: date | None
    active_to: date | None
    successor_code: str | None


def broken_rows(
    existing: dict[str, Links], rows: list[tuple[int, str, Links]]
) -> dict[int, RowError]:
    """The rows of a file that break a rule, given the agencies already stored: {row: reason}.

    ``rows`` are (row number, code, links) in file order; a later row of the same code
    overrides an earlier one. A rejected row no longer vouches for its code, which may break
    the rows that named it, so the checks run again until no new row is rejected.
    """
    rejected: dict[int, RowError] = {}
    while True:
        world = dict(existing)
        setter: dict[str, int] = {}  # code -> the row that sets it now
        for number, code, links in rows:
            if number not in rejected:
                world[code] = links
                setter[code] = number
        found = _breaches(world, setter, [r for r in rows if r[0] not in rejected])
        if not found:
            return rejected
        rejected.update(found)


def _breaches(world: dict[str, Links], setter: dict[str, int], rows: list) -> dict[int, RowError]:
    predecessors: dict[str, list[str]] = defaultdict(list)
    for code, links in world.items():
        if links.successor_code:
            predecessors[links.successor_code].append(code)
    found: dict[int, RowError] = {}
    for number, code, links in rows:
        reason = _reference_breach(links, world) or _successor_breach(
            code, links, world, setter, predecessors
        )
        if reason:
            found[number] = reason
    _, looping = resolve_chains({code: links.successor_code for code, links in world.items()})
    for code in sorted(looping):
        number = setter.get(code)
        if number is not None and number not in found:
            found[number] = RowError(
                N_("the successor chain loops: %(chain)s"), chain=" → ".join(_loop(code, world))
            )
    return found


def _reference_breach(links: Links, world: dict[str, Links]) -> RowError | None:
    if links.parent_code and links.parent_code not in world:
        return RowError(N_("unknown parent_code %(value)s"), value=repr(links.parent_code))
    if links.successor_code and links.successor_code not in world:
        return RowError(N_("unknown successor_code %(value)s"), value=repr(links.successor_code))
    return None


def _successor_breach(code, links, world, setter, predecessors) -> RowError | None:
    """A successor must be active on the day after its predecessor's active_to."""
    if links.successor_code and links.active_to:
        successor = world[links.successor_code]
        day = links.active_to + timedelta(days=1)
        if not active_on(successor.active_from, successor.active_to, day):
            return RowError(
                N_("successor %(value)s is not active on %(day)s, the day after active_to"),
                value=repr(links.successor_code),
                day=day.isoformat(),
            )
    # An agency already stored (and not in this file) may name this one as its successor:
    # this row's dates must not leave that agency's work with a unit that is not there.
    for predecessor in sorted(predecessors.get(code, ())):
        before = world[predecessor]
        if predecessor in setter or before.active_to is None:
            continue
        day = before.active_to + timedelta(days=1)
        if not active_on(links.active_from, links.active_to, day):
            return RowError(
                N_(
                    "agency %(value)s names it as successor from %(day)s, "
                    "when it would not be active"
                ),
                value=repr(predecessor),
                day=day.isoformat(),
            )
    return None


def _loop(start: str, world: dict[str, Links]) -> list[str]:
    """The codes of the loop ``start`` lies on, from ``start`` back to it."""
    codes, code = [start], world[start].successor_code
    while code != start:
        codes.append(code)
        code = world[code].successor_code
    return codes + [start]
