"""Catalogue queries: filtering, the forgiving full-text search, and single look-ups.

Search runs on FTS5 (bm25) in SQLite and on a tsvector column in PostgreSQL, both built from
the same folded tokens (portal.text). Results are ordered the same way on both engines:
procedures matching more of the query's words first, then more words in the name, then the
engine's own relevance, then the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, bindparam, case, func, literal_column, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import load_only
from sqlalchemy.sql.elements import ColumnElement

from ..agencies.units import active_clause
from ..extensions import db
from ..models import LEVELS, ONLINE_LEVELS, Agency, Procedure, SearchLog
from ..text import fold_tokens, query_words


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


def _word_terms(words: list[str]) -> list[tuple[str, bool]]:
    """Each word with whether it is matched as a prefix (the last word, as people type)."""
    return [(w, i == len(words) - 1 and len(w) >= 3) for i, w in enumerate(words)]


def _sqlite_search(words: list[str], match_all: bool):
    """FTS5: the candidates (with bm25, name weighted 10:1) and per-word hit conditions."""
    hits, name_hits, terms = [], [], []
    for i, (word, prefix) in enumerate(_word_terms(words)):
        term = f'"{word}"' + ("*" if prefix else "")  # words are [a-z0-9]+, quoted besides
        terms.append(term)
        hits.append(
            Procedure.id.in_(
                text(f"SELECT rowid FROM procedure_fts WHERE procedure_fts MATCH :w{i}").bindparams(
                    bindparam(f"w{i}", term)
                )
            )
        )
        name_hits.append(
            Procedure.id.in_(
                text(f"SELECT rowid FROM procedure_fts WHERE procedure_fts MATCH :n{i}").bindparams(
                    bindparam(f"n{i}", f"search_name : {term}")
                )
            )
        )
    phrase = Procedure.id.in_(
        text("SELECT rowid FROM procedure_fts WHERE procedure_fts MATCH :phrase").bindparams(
            phrase="search_name : " + " + ".join(terms)
        )
    )
    ranked = (
        select(
            literal_column("rowid").label("pid"),
            literal_column("bm25(procedure_fts, 10.0, 1.0)").label("score"),
        )
        .select_from(text("procedure_fts"))
        .where(
            text("procedure_fts MATCH :match").bindparams(
                match=(" AND " if match_all else " OR ").join(terms)
            )
        )
        .cte("ranked")
        .prefix_with("MATERIALIZED")  # else SQLite re-runs the MATCH for every procedure row
    )
    return hits, name_hits, phrase, ranked.c.pid, ranked.c.score.asc()


def _postgres_search(words: list[str], match_all: bool):
    """PostgreSQL: the same over the weighted tsvector (name A, body D), ranked by ts_rank."""
    hits, name_hits, terms = [], [], []
    vector = literal_column("procedure.search_tsv")
    for i, (word, prefix) in enumerate(_word_terms(words)):
        term = word + (":*" if prefix else "")
        terms.append(term)
        hits.append(vector.op("@@")(func.to_tsquery("simple", bindparam(f"w{i}", term))))
        name_term = word + (":*A" if prefix else ":A")
        name_hits.append(vector.op("@@")(func.to_tsquery("simple", bindparam(f"n{i}", name_term))))
    query = func.to_tsquery(
        "simple", bindparam("match", (" & " if match_all else " | ").join(terms))
    )
    phrase = vector.op("@@")(
        func.to_tsquery(
            "simple",
            bindparam(
                "phrase",
                " <-> ".join(w + (":*A" if prefix else ":A") for w, prefix in _word_terms(words)),
            ),
        )
    )
    ranked = (
        select(Procedure.id.label("pid"), func.ts_rank(vector, query).label("score"))
        .where(vector.op("@@")(query))
        .cte("ranked")
        .prefix_with("MATERIALIZED")
    )
    return hits, name_hits, phrase, ranked.c.pid, ranked.c.score.desc()


def search_procedures(filters: Filters, *, match_all: bool = False) -> Select:
    """Return a select() of the Procedure rows matching the filters, best match first.

    With words to search, a procedure matches when it has every word (match_all) or any of
    them; the order is: more of the words, then the words as a phrase in the name, then more
    of them in the name, then the engine's relevance, then the code — the same on both
    engines.
    """
    words = query_words(filters.q)
    clauses = _filter_clauses(filters)
    if not words:
        return (
            select(Procedure)
            .where(*clauses)
            .order_by(_binary(Procedure.search_name), Procedure.code)
        )
    build = _postgres_search if _is_postgres() else _sqlite_search
    hits, name_hits, phrase, ranked_id, relevance = build(words, match_all)
    order = [_how_many([phrase]).desc(), _how_many(name_hits).desc(), relevance, Procedure.code]
    if not match_all:
        order.insert(0, _how_many(hits).desc())
    return (
        select(Procedure)
        .join(ranked_id.table, Procedure.id == ranked_id)
        .where(*clauses)
        .order_by(*order)
    )


def _how_many(conditions: list[ColumnElement]) -> ColumnElement:
    """How many of the conditions hold, as an integer both engines compute alike."""
    return sum((case((c, 1), else_=0) for c in conditions[1:]), case((conditions[0], 1), else_=0))


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


def search_page(
    filters: Filters, page: int, per_page: int, *, clamp: bool = True
) -> tuple[int, int, list[Procedure]]:
    """Return (total, page, procedures) for one page of results.

    Procedures with every word of the query come first and alone; only when none has them
    all does the search fall back to those with some of the words, most words first. A page
    past the end is the last page when clamp is set (people), else empty (API clients).
    """
    words = query_words(filters.q)
    if len(words) > 1:
        found = _page(search_procedures(filters, match_all=True), True, page, per_page, clamp)
        if found[0]:
            return found
    return _page(search_procedures(filters), bool(words), page, per_page, clamp)


def _page(
    statement: Select, searching: bool, page: int, per_page: int, clamp: bool
) -> tuple[int, int, list[Procedure]]:
    statement = statement.options(load_only(*LIST_COLUMNS))
    if searching:
        # The matches are materialised anyway: count them in the same pass (a window count).
        counted = statement.add_columns(func.count().over().label("total"))
        rows = db.session.execute(counted.limit(per_page).offset((page - 1) * per_page)).all()
        if rows:
            return rows[0].total, page, [row[0] for row in rows]
    total = count(statement)
    last_page = max(1, -(-total // per_page))
    if page > last_page and clamp:
        page = last_page
    offset = (page - 1) * per_page
    if offset >= total:
        return total, page, []
    return total, page, list(db.session.scalars(statement.limit(per_page).offset(offset)))


def record_unanswered(query: str, today: date) -> None:
    """Count a query that found nothing, folded, so staff see what citizens miss."""
    folded = " ".join(query_words(query, limit=20))[:200]
    if not folded:
        return
    day = today.year * 10000 + today.month * 100 + today.day
    try:
        updated = db.session.execute(
            update(SearchLog)
            .where(SearchLog.day == day, SearchLog.query == folded)
            .values(count=SearchLog.count + 1)
        ).rowcount
        if not updated:
            db.session.add(SearchLog(day=day, query=folded, count=1))
        db.session.commit()
    except IntegrityError:  # two citizens missed the same thing at once: one row is enough
        db.session.rollback()
    except SQLAlchemyError:  # a locked, full or read-only (replica) database: the page matters
        db.session.rollback()


def get_procedure(code: str, *, include_drafts: bool = False) -> Procedure | None:
    """Return one procedure by its national code, or None."""
    statement = select(Procedure).where(Procedure.code == code)
    if not include_drafts:
        statement = statement.where(Procedure.published.is_(True))
    return db.session.scalar(statement)


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
