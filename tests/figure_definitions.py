"""The figures' definitions, literally, per dossier (CONTRACT §4): what the tests check against."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from portal.dossiers.workdays import working_days_between
from portal.models import CLOSED_STATUSES, RESOLVED_STATUSES
from portal.stats.figures import STORED_KEYS, nest


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
        if _resolved_in(d, start, end) and d.finished_day < d.due_day:
            flat["working_hours_saved"] += 8 * working_days_between(d.finished_day, d.due_day)
    for rated_day, score in ratings:
        if start <= rated_day < end:
            flat[f"ratings.{score}"] += 1
    flat["time_saved_seconds"] = seconds
    return nest(flat)
