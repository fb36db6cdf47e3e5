"""What changed in the catalogue: every change to a public procedure, field by field, from an
import or the staff area (CONTRACT §6), and the queries its pages read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, contains_eager, lazyload, load_only

from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Procedure, ProcedureChange

FIELD_LABELS = {
    "name_vi": _l("Name (Vietnamese)"),
    "name_en": _l("Name (English)"),
    "agency_code": _l("Agency"),
    "level": _l("Level"),
    "processing_days": _l("Time limit (working days)"),
    "field_vi": _l("Field (Vietnamese)"),
    "field_en": _l("Field (English)"),
    "online_level": _l("Online service"),
    "postal": _l("By post (BCCI)"),
    "four_on_site": _l("“4 tại chỗ”"),
    "fee_vi": _l("Fee"),
    "documents_vi": _l("Documents to bring"),
    "steps_vi": _l("Steps"),
    "legal_basis_vi": _l("Legal basis"),
    "result_vi": _l("Result"),
}

# The import compares stored columns; the agency is stored by id and named by its code.
_IMPORT_NAMES = {"agency_id": "agency_code"}


def record_import(
    session: Session, added: list[str], changed: list[tuple[int, list[str]]], at: datetime
) -> None:
    """Record what one batch of a procedures import added and changed, in its transaction."""
    rows = [
        {
            "procedure_id": procedure_id,
            "at": at,
            "source": "import",
            "kind": "changed",
            "fields": [_IMPORT_NAMES.get(name, name) for name in fields],
        }
        for procedure_id, fields in changed
    ]
    if added:
        new_ids = session.scalars(select(Procedure.id).where(Procedure.code.in_(added)))
        rows += [
            {"procedure_id": i, "at": at, "source": "import", "kind": "added", "fields": []}
            for i in new_ids
        ]
    if rows:
        session.execute(insert(ProcedureChange), rows)


def record_publication(procedure_id: int, before: dict | None, after: dict, at: datetime) -> None:
    """Record a publication from the staff area: a first one adds the procedure to the public
    catalogue; a later one changes the fields that differ."""
    if before is None:
        kind, fields = "added", []
    else:
        kind, fields = (
            "changed",
            [name for name in FIELD_LABELS if before.get(name) != after.get(name)],
        )
        if not fields:
            return
    db.session.add(
        ProcedureChange(procedure_id=procedure_id, at=at, source="staff", kind=kind, fields=fields)
    )


def changes_query(code: str | None = None):
    """The changes to public procedures, newest first (each loads its procedure); only one
    procedure's when ``code`` is given."""
    statement = (
        select(ProcedureChange)
        .join(ProcedureChange.procedure)
        # The lists show each procedure's code and name only: loading its full texts and its
        # agency made the database sort every change with them (issue 15).
        .options(
            contains_eager(ProcedureChange.procedure).options(
                load_only(Procedure.code, Procedure.name_vi, Procedure.name_en),
                lazyload(Procedure.agency),
            )
        )
        # Through coalesce: on the bare column SQLite starts from the published procedures'
        # index and sorts all their changes; this way it reads the newest changes first.
        .where(func.coalesce(Procedure.published, False).is_(True))
        .order_by(ProcedureChange.at.desc(), ProcedureChange.id.desc())
    )
    return statement.where(Procedure.code == code) if code else statement


def last_change(procedure_id: int) -> datetime | None:
    return db.session.scalar(
        select(func.max(ProcedureChange.at)).where(ProcedureChange.procedure_id == procedure_id)
    )
