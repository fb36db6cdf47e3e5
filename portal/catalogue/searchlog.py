"""The search log: what citizens searched for, per day, with no personal data.

The one place that writes it. A query is kept folded and without personal numbers
(portal.text.loggable_words), counted per day: how often it was searched, how often it found
nothing, how often one of its results was opened from the results page. Counts gather in
the worker's memory and are written every SEARCH_LOG_FLUSH_SECONDS without waiting for a
lock, so a search never queues behind an import; counts that cannot be written yet wait.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

from flask import current_app
from sqlalchemy import text, update
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import SearchLog
from ..text import loggable_words

KEPT_UNWRITTEN = 10_000  # counts kept while the database refuses them (a read-only replica)


def record_search(query: str, found: int, today: date) -> None:
    """Count one search of the catalogue, and whether it found nothing."""
    _count(loggable_words(query), today, (1, int(found == 0), 0))


def record_opened(query: str, today: date) -> None:
    """Count one result opened from the results page of this query."""
    _count(loggable_words(query), today, (0, 0, 1))


def _pending() -> dict:
    return current_app.extensions.setdefault(
        "search_log", {"counts": Counter(), "written": time.monotonic()}
    )


def _count(words: str, today: date, counts: tuple[int, int, int]) -> None:
    if not words:
        return
    pending = _pending()
    day = today.year * 10000 + today.month * 100 + today.day
    for kind, value in zip(("searches", "count", "opened"), counts, strict=True):
        if value:
            pending["counts"][(day, words, kind)] += value
    if time.monotonic() - pending["written"] >= current_app.config["SEARCH_LOG_FLUSH_SECONDS"]:
        flush()


def flush() -> None:
    """Write the counts gathered so far, unless the database is busy or refuses."""
    pending = _pending()
    pending["written"] = time.monotonic()
    counts, pending["counts"] = pending["counts"], Counter()
    rows: dict[tuple[int, str], dict] = {}
    for (day, words, kind), value in counts.items():
        rows.setdefault((day, words), {"searches": 0, "count": 0, "opened": 0})[kind] += value
    sqlite = db.engine.dialect.name == "sqlite"
    waits = db.session.execute(text("PRAGMA busy_timeout")).scalar() if sqlite else None
    try:
        if sqlite:
            db.session.execute(text("PRAGMA busy_timeout=0"))
        for (day, words), values in rows.items():
            _add(day, words, values)
        db.session.commit()
    except SQLAlchemyError:  # busy, full or read-only (a replica): keep the counts for later
        db.session.rollback()
        if len(pending["counts"]) + len(counts) <= KEPT_UNWRITTEN:
            pending["counts"].update(counts)
    finally:
        if sqlite:
            db.session.execute(text(f"PRAGMA busy_timeout={int(waits)}"))


def _add(day: int, words: str, values: dict) -> None:
    updated = db.session.execute(
        update(SearchLog)
        .where(SearchLog.day == day, SearchLog.query == words)
        .values(
            searches=SearchLog.searches + values["searches"],
            count=SearchLog.count + values["count"],
            opened=SearchLog.opened + values["opened"],
        )
    ).rowcount
    if not updated:
        db.session.add(SearchLog(day=day, query=words, **values))
