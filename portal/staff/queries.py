"""Staff-area queries: listings, history, the audit log and what citizens did not find."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select

from ..catalogue.queries import list_agencies
from ..extensions import db
from ..models import (
    Agency,
    AuditLog,
    Procedure,
    ProcedureRevision,
    SearchLog,
    StaffUser,
)
from ..text import fold_tokens


def page_number(value: str | None) -> int:
    """Read a page number; anything that is not a positive number means the first page."""
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


def paginate(statement: Select, page: int, per_page: int) -> tuple[list, int, int]:
    """Run one page of a select(); returns (rows, page, last page), clamping the page."""
    found = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    if found.pages and page > found.pages:  # past the end: the last page, as people expect
        found = db.paginate(statement, page=found.pages, per_page=per_page, error_out=False)
    return found.items, found.page, max(1, found.pages)


def procedures(q: str | None = None) -> Select:
    """Every procedure, drafts included, optionally filtered by code or name."""
    statement = select(Procedure)
    q = (q or "").replace("\x00", "").strip()[:200]
    if q:
        folded = fold_tokens(q)
        conditions = [Procedure.code.startswith(q, autoescape=True)]
        if folded:
            conditions.append(Procedure.search_name.contains(folded, autoescape=True))
        statement = statement.where(or_(*conditions))
    return statement.order_by(Procedure.code)


def procedures_with_drafts(ids: list[int]) -> set[int]:
    """Which of these published procedures have a draft waiting (latest revision is a draft)."""
    if not ids:
        return set()
    latest = (
        select(func.max(ProcedureRevision.id))
        .where(ProcedureRevision.procedure_id.in_(ids))
        .group_by(ProcedureRevision.procedure_id)
    )
    rows = db.session.execute(
        select(
            ProcedureRevision.procedure_id,
            ProcedureRevision.version,
            ProcedureRevision.data,
            Procedure.version,
        )
        .join(Procedure, Procedure.id == ProcedureRevision.procedure_id)
        .where(ProcedureRevision.id.in_(latest))
    )
    return {
        pid
        for pid, rev_version, data, version in rows
        if data.get("status") == "draft" and rev_version == version
    }


def revisions(procedure_id: int) -> list[tuple[ProcedureRevision, str | None]]:
    """A procedure's revisions, newest first, each with the email of who saved it."""
    return db.session.execute(
        select(ProcedureRevision, StaffUser.email)
        .outerjoin(StaffUser, StaffUser.id == ProcedureRevision.staff_id)
        .where(ProcedureRevision.procedure_id == procedure_id)
        .order_by(ProcedureRevision.id.desc())
    ).all()


def previous_revision(revision: ProcedureRevision) -> ProcedureRevision | None:
    return db.session.scalar(
        select(ProcedureRevision)
        .where(
            ProcedureRevision.procedure_id == revision.procedure_id,
            ProcedureRevision.id < revision.id,
        )
        .order_by(ProcedureRevision.id.desc())
        .limit(1)
    )


def agencies() -> Select:
    return list_agencies()


def agency_by_code(code: str) -> Agency | None:
    return db.session.scalar(select(Agency).where(Agency.code == code))


def procedure_by_code(code: str) -> Procedure | None:
    return db.session.scalar(select(Procedure).where(Procedure.code == code))


def staff_users() -> list[StaffUser]:
    return db.session.scalars(
        select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.email)
    ).all()


def audit_entries() -> Select:
    return select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc())


def _since(today: date, days: int) -> int:
    since = today - timedelta(days=days - 1)
    return since.year * 10000 + since.month * 100 + since.day


def unanswered_searches(today: date, days: int = 30, limit: int = 100) -> list[tuple[str, int]]:
    """The catalogue queries that found nothing in the last `days` days, most frequent first."""
    total = func.sum(SearchLog.count).label("total")
    return db.session.execute(
        select(SearchLog.query, total)
        .where(SearchLog.day >= _since(today, days))
        .group_by(SearchLog.query)
        .having(total > 0)
        .order_by(total.desc(), SearchLog.query)
        .limit(limit)
    ).all()


def searches_by_frequency(
    today: date, days: int = 30, limit: int = 100, *, unopened: bool = False
) -> list[tuple[str, int, int]]:
    """(query, searches, results opened) over the last `days` days, most searched first.

    unopened: only the queries that found something but whose results nobody opened.
    """
    searches = func.sum(SearchLog.searches).label("searches")
    opened = func.sum(SearchLog.opened).label("opened")
    statement = (
        select(SearchLog.query, searches, opened)
        .where(SearchLog.day >= _since(today, days))
        .group_by(SearchLog.query)
        .having(searches > 0)
    )
    if unopened:
        statement = statement.having(opened == 0, func.sum(SearchLog.count) < searches)
    return db.session.execute(
        statement.order_by(searches.desc(), SearchLog.query).limit(limit)
    ).all()
