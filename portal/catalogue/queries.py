"""Catalogue queries: filtering, the search (portal.catalogue.ranking), single look-ups.

Search results depend only on the catalogue, the dictionary and the filters, so each worker
keeps what it read from them until the database's search version stamp (kept by triggers,
migration 0013) says something changed: a change by any worker is seen by all at once.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, fields
from datetime import date

from flask import current_app
from sqlalchemy import Select, bindparam, case, func, select, text
from sqlalchemy.orm import aliased, load_only
from sqlalchemy.sql.elements import ColumnElement

from .. import clock
from ..agencies.units import active_clause
from ..extensions import core_read, db
from ..i18n import localized
from ..models import LEVELS, ONLINE_LEVELS, Agency, Procedure
from ..text import fold_tokens
from . import dictionary
from .ranking import Matches, Reading, Vocabulary, ranked_ids, read_query


@dataclass
class Filters:
    q: str = ""
    agency: str | None = None
    level: str | None = None
    online: str | None = None
    # Only procedures of agencies active on this day (None: every agency, active=all).
    active_on: date | None = None

    @classmethod
    def clean(cls, q=None, agency=None, level=None, online=None, *, active_on=None) -> Filters:
        """Keep only values that can filter; anything else means "no filter"."""
        return cls(
            q=(q or "").replace("\x00", "").strip()[:200],
            agency=(agency or "").strip()[:64] or None,
            level=level if level in LEVELS else None,
            online=online if online in ONLINE_LEVELS or online == "any" else None,
            active_on=active_on,
        )

    def key(self) -> tuple:
        """The filters' values, for the search's cache keys (dataclasses.astuple copies
        each value: 8 us a call, and a search page made several)."""
        return tuple(getattr(self, f.name) for f in fields(self))


def _is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _binary(column):
    """Order by bytes, so both engines sort folded names identically."""
    return column.collate("C") if _is_postgres() else column.collate("BINARY")


def _filter_clauses(filters: Filters) -> list[ColumnElement]:
    clauses: list[ColumnElement] = [Procedure.published.is_(True)]
    if filters.agency:
        agency_id = select(Agency.id).where(Agency.code == filters.agency).scalar_subquery()
        clauses.append(Procedure.agency_id == agency_id)
    if filters.level:
        clauses.append(Procedure.level == filters.level)
    if filters.online == "any":
        clauses.append(Procedure.online_level.in_(("partial", "full")))
    elif filters.online:
        clauses.append(Procedure.online_level == filters.online)
    if filters.active_on is not None:
        clauses.append(_agency_active_on(filters.active_on))
    return clauses


def _agency_active_on(day: date) -> ColumnElement:
    """The procedure's agency is active on ``day`` (CONTRACT §5: the catalogue's default)."""
    return Procedure.agency_id.in_(select(Agency.id).where(active_clause(day)))


CACHED_RESULTS = 512  # result lists kept per worker (ids only), most recently used
CACHED_PAGES = 256  # rendered search pages kept per worker, most recently used
CACHED_RENDERED = 512  # other public pages kept rendered per worker (portal.catalogue.rendered)
CACHED_LISTINGS = 64  # filtered procedure lists (ids, yearly dossiers, codes) kept per worker


@dataclass
class SearchState:
    """What a worker read for searching, valid while the database's stamp is `version`."""

    version: int
    vocabulary: Vocabulary
    entries: dict
    readings: dict = field(default_factory=dict)
    results: OrderedDict = field(default_factory=OrderedDict)
    most_used: list[int] | None = None
    # Rendered search pages and their result counts: they depend only on the catalogue (this
    # state's version), the request's filters, page and language, and the day.
    pages: OrderedDict = field(default_factory=OrderedDict)
    agencies: dict = field(default_factory=dict)
    # Other public pages that depend on the catalogue, by address and what else they read.
    rendered: OrderedDict = field(default_factory=OrderedDict)
    # Which procedures each word group matches, and which the filters keep (by filters and day).
    matches: Matches = field(default_factory=Matches)
    listings: dict = field(default_factory=dict)

    def page(self, key: tuple) -> tuple[str, int] | None:
        """A page rendered earlier for the same key while the catalogue stayed the same."""
        # Taken out and put back last (most recently used) without a step that could fail
        # when another thread of the worker drops the same page meanwhile.
        found = self.pages.pop(key, None)
        if found is not None:
            self.pages[key] = found
        return found

    def keep_page(self, key: tuple, html: str, total: int) -> None:
        self.pages[key] = (html, total)
        if len(self.pages) > CACHED_PAGES:
            self.pages.popitem(last=False)

    def rendered_page(self, key: tuple) -> str | None:
        found = self.rendered.pop(key, None)
        if found is not None:
            self.rendered[key] = found
        return found

    def keep_rendered(self, key: tuple, html: str) -> None:
        self.rendered[key] = html
        if len(self.rendered) > CACHED_RENDERED:
            self.rendered.popitem(last=False)

    def read(self, query: str) -> Reading:
        if query not in self.readings:
            if len(self.readings) > CACHED_RESULTS:
                self.readings.clear()
            self.readings[query] = read_query(query, self.vocabulary, self.entries)
        return self.readings[query]

    def ids(self, reading: Reading, filters: Filters, every_word: bool) -> list[int]:
        key = (reading.groups, every_word, filters.key()[1:], clock.today())
        found = self.results.get(key)
        if found is None:
            listed = self.listed(filters)
            found = ranked_ids(reading, listed, self.matches, every_word=every_word)
            self.results[key] = found
            if len(self.results) > CACHED_RESULTS:
                self.results.popitem(last=False)
        else:
            self.results.move_to_end(key)
        return found

    def listed(self, filters: Filters) -> dict[int, tuple[int, str]]:
        """The procedures the filters keep: id -> (yearly dossiers, code)."""
        key = (filters.key()[1:], clock.today())
        found = self.listings.get(key)
        if found is None:
            statement = select(Procedure.id, Procedure.yearly_dossiers, Procedure.code)
            rows = db.session.execute(statement.where(*_filter_clauses(filters)))
            found = {pid: (yearly, code) for pid, yearly, code in rows}
            if len(self.listings) >= CACHED_LISTINGS:
                self.listings.clear()
            self.listings[key] = found
        return found


# The catalogue's version stamp, moved by triggers with every change the public pages show
# (migrations 0013 and 0021); also in the site's stamp (portal.kept_answers).
VERSION_PART = "(SELECT version FROM search_state)"
_VERSION = text(f"SELECT {VERSION_PART}")


def search_state() -> SearchState:
    """This worker's search state, re-read when the database's search stamp moved."""
    version = core_read(_VERSION).scalar()
    state = current_app.extensions.get("catalogue_search")
    if state is None or state.version != version:
        state = SearchState(version, Vocabulary.load(), dictionary.load())
        current_app.extensions["catalogue_search"] = state
    return state


def read(query: str) -> Reading:
    """What the search makes of a query (dictionary, numbers, typos)."""
    return search_state().read(query)


@dataclass
class Results:
    total: int
    page: int
    items: list  # procedures, or result lines (LINE_COLUMNS) when asked for lines
    reading: Reading | None = None  # None when nothing was searched for


def search_page(
    filters: Filters,
    page: int,
    per_page: int,
    *,
    clamp: bool = True,
    state: SearchState | None = None,
    lines: bool = False,
) -> Results:
    """One page of the catalogue, best match first when there is a query.

    Procedures with every word of the query come first and alone; only when none has them
    all does the search fall back to those with enough of its specific words. A page past
    the end is the last page when clamp is set (people), else empty (API clients). With
    lines, the items are rows of LINE_COLUMNS (what a results page shows), not procedures.
    """
    if not filters.q:
        return _browse(filters, page, per_page, clamp, lines)
    state = state or search_state()
    reading = state.read(filters.q)
    ids: list[int] = []
    if reading.groups:
        ids = state.ids(reading, filters, every_word=True)
        if not ids and len(reading.groups) > 1:
            ids = state.ids(reading, filters, every_word=False)
    page = _clamped(page, len(ids), per_page, clamp)
    shown = ids[(page - 1) * per_page : page * per_page]
    return Results(len(ids), page, _procedures(shown, lines), reading)


# The agency of a result line under its own name, so that the filters' subqueries on the
# agency table stay uncorrelated when a result line's statement joins it.
_LINE_AGENCY = aliased(Agency, name="line_agency")
LINE_COLUMNS = (
    Procedure.id,
    Procedure.code,
    Procedure.name_vi,
    Procedure.name_en,
    Procedure.processing_days,
    Procedure.online_level,
    _LINE_AGENCY.name_vi.label("agency_name_vi"),
    _LINE_AGENCY.name_en.label("agency_name_en"),
    _LINE_AGENCY.active_to.label("agency_active_to"),
)


def _lines() -> Select:
    """Result lines: plain rows of what a results page shows, no objects to build."""
    return select(*LINE_COLUMNS).join(_LINE_AGENCY, Procedure.agency_id == _LINE_AGENCY.id)


# Built once: a results page reads its lines by id with this same statement.
_LINES_BY_ID = _lines().where(Procedure.id.in_(bindparam("ids", expanding=True)))


def _procedures(ids: list[int], lines: bool = False) -> list:
    """The procedures (or result lines) with these ids, in this order, with the columns a
    result list shows."""
    if not ids:
        return []
    if lines:  # the id is a line's first value (read by position: by name costs more)
        by_id = {line[0]: line for line in core_read(_LINES_BY_ID, {"ids": ids})}
    else:
        statement = select(Procedure).options(load_only(*LIST_COLUMNS))
        by_id = {p.id: p for p in db.session.scalars(statement.where(Procedure.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def _clamped(page: int, total: int, per_page: int, clamp: bool) -> int:
    last_page = max(1, -(-total // per_page))
    return min(page, last_page) if clamp else page


def _browse(filters: Filters, page: int, per_page: int, clamp: bool, lines: bool) -> Results:
    start = _lines() if lines else select(Procedure).options(load_only(*LIST_COLUMNS))
    statement = start.where(*_filter_clauses(filters)).order_by(
        _binary(Procedure.search_name), Procedure.code
    )
    total = count(statement)
    page = _clamped(page, total, per_page, clamp)
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    return Results(total, page, list(rows) if lines else list(rows.scalars()))


def most_used(limit: int = 5, state: SearchState | None = None) -> list[Procedure]:
    """The procedures that received the most dossiers in the last 12 months."""
    state = state or search_state()
    if state.most_used is None:
        state.most_used = list(
            db.session.scalars(
                select(Procedure.id)
                .where(*_filter_clauses(Filters()), Procedure.yearly_dossiers > 0)
                .order_by(Procedure.yearly_dossiers.desc(), _binary(Procedure.code))
                .limit(limit)
            )
        )
    return _procedures(state.most_used)


def count(statement: Select) -> int:
    """Count the rows a select() of procedures would return."""
    return db.session.scalar(statement.with_only_columns(func.count()).order_by(None)) or 0


LIST_COLUMNS = (
    Procedure.code,
    Procedure.name_vi,
    Procedure.name_en,
    Procedure.agency_id,
    Procedure.level,
    Procedure.processing_days,
    Procedure.online_level,
    Procedure.postal,
    Procedure.four_on_site,
)


def get_procedure(code: str, *, include_drafts: bool = False) -> Procedure | None:
    """Return one procedure by its national code, or None."""
    statement = select(Procedure).where(Procedure.code == code)
    if not include_drafts:
        statement = statement.where(Procedure.published.is_(True))
    return db.session.scalar(statement)


def agency_options(
    active_on: date | None, language: str, state: SearchState | None = None
) -> list[tuple[str, str]]:
    """The agency filter's (code, name) options in the page's language (given as part of the
    key), read once per catalogue version."""
    state = state or search_state()
    key = (active_on, language)
    if key not in state.agencies:
        state.agencies[key] = [
            (a.code, localized(a, "name"))
            for a in db.session.scalars(agencies_with_procedures(active_on))
        ]
    return state.agencies[key]


def agencies_with_procedures(active_on: date | None = None) -> Select:
    """Return a select() of the agencies that own a published procedure, for the filter;
    with ``active_on``, only those active on that day."""
    owns = (
        select(Procedure.id)
        .where(Procedure.agency_id == Agency.id, Procedure.published.is_(True))
        .exists()
    )
    return list_agencies(active_on=active_on).where(owns)


def list_agencies(level: str | None = None, *, active_on: date | None = None) -> Select:
    """Return a select() of agencies, province first, then district, then commune.

    With ``active_on``, only the agencies active on that day.
    """
    order = {"province": 0, "district": 1, "commune": 2}
    statement = select(Agency)
    if level in LEVELS:
        statement = statement.where(Agency.level == level)
    if active_on is not None:
        statement = statement.where(active_clause(active_on))
    return statement.order_by(case(order, value=Agency.level, else_=3), Agency.code)


def _folded_name(agency: Agency) -> str:
    return fold_tokens(agency.name_vi)


def one_stop_desks(level: str, words: str, today: date) -> list[Agency]:
    """The communes' (or districts') People's Committees active today whose names hold every
    word typed, ignoring case and tone marks, in name order: their desks receive dossiers."""
    wanted = fold_tokens(words).split()
    statement = select(Agency).where(Agency.level == level, active_clause(today))
    rows = db.session.scalars(statement).all()
    found = [a for a in rows if all(w in _folded_name(a).split() for w in wanted)]
    return sorted(found, key=_folded_name)
