"""The process cache of published figures: remembered until anything is (re)published."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import has_request_context, request
from sqlalchemy import text

from ..extensions import db
from ..models import Agency, AuditLog, Correction, PublishedMonth

_cache: dict = {}
_cache_lock = threading.Lock()
_generation = [0]  # bumped by publishing in this process


def forget() -> None:
    """Drop what this process remembers of the published figures (publishing calls this)."""
    with _cache_lock:
        _generation[0] += 1
        _cache.clear()


def stamp() -> tuple:
    """What the publications are now: equal stamps, same published figures (one query)."""
    return _stamp()


def _stamp() -> tuple:
    """Changes whenever anything is (re)published: the key of the in-process cache.

    One small query: other processes' publications change the count, the latest publication
    time, the latest correction or the latest audit entry (every publication writes one).
    Sign-ins and other staff-account entries are left out: anyone can write a failed login,
    and it must not empty every worker's cache (finding 8 of issue 11).
    """
    return (_generation[0], db.engine.url.render_as_string(), *_row(_STAMP))


# Plain SQL: this runs on every request, and a text() statement skips SQLAlchemy's per-call
# cache-key work on a four-subquery select. The parts are also in the site's stamp
# (portal.kept_answers).
STAMP_PARTS = (
    f"(SELECT count(*) FROM {PublishedMonth.__tablename__})",
    f"(SELECT max(published_at) FROM {PublishedMonth.__tablename__})",
    f"(SELECT max(id) FROM {Correction.__tablename__})",
    f"(SELECT max(id) FROM {AuditLog.__tablename__} WHERE object_type <> 'staff_user')",
)
_STAMP = text("SELECT " + ", ".join(STAMP_PARTS))


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


def _row(statement) -> tuple:
    """The stamp query's answer, read once per request (issue 15: a statistics page asked
    it seven times) and again after a publication by this process during the request."""
    if not has_request_context():
        return tuple(db.session.execute(statement).one())
    kept = request.environ.setdefault("portal.stats_stamps", {})
    key = (statement.text, _generation[0])
    if key not in kept:
        kept[key] = tuple(db.session.execute(statement).one())
    return kept[key]


def memo(key: tuple, build: Callable[[], Any], units: bool = False) -> Any:
    """build(), remembered per process until the next publication.

    ``units``: the value also depends on today's units (successor chains, dates, levels),
    so it is remembered until those change too.
    """
    if units:
        *row, changed = _row(_STAMP_UNITS[db.engine.dialect.name])
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
