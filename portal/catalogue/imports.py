"""Import kinds for the catalogue: agencies and procedures (CONTRACT §2)."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from .. import clock
from ..agencies.rules import Links, broken_rows
from ..imports import (
    N_,
    ImportResult,
    Kind,
    RowError,
    boolean,
    calendar_date,
    choice,
    integer,
    text,
)
from ..models import LEVELS, ONLINE_LEVELS, Agency, Procedure
from ..text import fold_tokens
from . import changes

CODE_MAX = 64


def _code(row: dict) -> str:
    code = text(row, "code", required=True, max_len=CODE_MAX)
    if any(c.isspace() for c in code):
        raise RowError(N_("code must not contain spaces"))
    return code


def _upsert(
    kind: Kind, model, batch, result: ImportResult, compare: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Insert new keys, update changed ones, count the rest unchanged; return the inserted
    keys and, for each updated row, its id and the fields that changed."""
    session = kind.session
    keys = [key for _, key, _ in batch]
    columns = [model.id, model.code, *(getattr(model, c) for c in compare)]
    existing = {
        row.code: row for row in session.execute(select(*columns).where(model.code.in_(keys)))
    }
    inserts, updates = [], []
    for _, key, values in batch:
        old = existing.get(key)
        if old is None:
            inserts.append({"code": key, **values})
        elif changed := [c for c in compare if getattr(old, c) != values[c]]:
            updates.append((old.id, values, changed))
        else:
            result.unchanged += 1
    if inserts:
        session.execute(insert(model), inserts)
        result.inserted += len(inserts)
    for row_id, values, _ in updates:
        statement = update(model).where(model.id == row_id).values(**values)
        if hasattr(model, "version"):
            statement = statement.values(version=model.version + 1)
        session.execute(statement)
        result.updated += 1
    return [i["code"] for i in inserts], [(row_id, changed) for row_id, _, changed in updates]


class AgencyKind(Kind):
    """Agencies, checked as a whole file: parents and successors may be named before they
    appear, and the rules of CONTRACT §5 hold between rows (portal.agencies.rules)."""

    name = "agencies"
    required = ("code", "name_vi", "level")
    fields = ("name_vi", "name_en", "level", "parent_code")
    # Kept as stored when the file has no such column (files written before CONTRACT §5).
    optional = ("active_from", "active_to", "successor_code")
    # The one-stop desk's address and hours, kept alike when the file has no such column.
    desk_fields = ("address", "hours_vi", "hours_en")
    # The file's columns in the CONTRACT's order (the demo writes them so).
    cells = ("code", *fields, *optional, *desk_fields)
    checks_whole_file = True

    def __init__(self, session):
        super().__init__(session)
        self.batches: list[list] = []
        # The staff editor's row check calls parse without start: no optional column then.
        self.present: tuple[str, ...] = ()
        self.compared = self.fields

    def start(self, fieldnames):
        known = self.optional + self.desk_fields
        self.present = tuple(name for name in known if name in fieldnames)
        self.compared = self.fields + self.present

    def parse(self, row):
        code = _code(row)
        values = {
            "name_vi": text(row, "name_vi", required=True, max_len=300),
            "name_en": text(row, "name_en", max_len=300),
            "level": choice(row, "level", LEVELS),
            "parent_code": text(row, "parent_code", max_len=CODE_MAX),
            "active_from": calendar_date(row, "active_from"),
            "active_to": calendar_date(row, "active_to"),
            "successor_code": text(row, "successor_code", max_len=CODE_MAX),
        }
        for name in self.optional:
            if name not in self.present:
                del values[name]
        for name in self.desk_fields:
            if name in self.present:
                values[name] = text(row, name, max_len=1000)
        if values["parent_code"] == code:
            raise RowError(N_("parent_code is the agency itself"))
        if values.get("successor_code") == code:
            raise RowError(N_("the successor chain loops: %(chain)s"), chain=f"{code} → {code}")
        if values.get("active_from") and values.get("active_to"):
            if values["active_to"] < values["active_from"]:
                raise RowError(N_("active_to is before active_from"))
        return code, values

    def apply(self, batch, result):
        self.batches.append(batch)

    def rows_done(self, result):
        """Reject the rows that break a rule between rows, then write the others."""
        stored = {
            row.code: Links(row.parent_code, row.active_from, row.active_to, row.successor_code)
            for row in self.session.execute(
                select(
                    Agency.code,
                    Agency.parent_code,
                    Agency.active_from,
                    Agency.active_to,
                    Agency.successor_code,
                )
            )
        }
        rows = [
            (number, code, self._links(values, stored.get(code)))
            for batch in self.batches
            for number, code, values in batch
        ]
        broken = broken_rows(stored, rows)
        for number in sorted(broken):
            result.reject(number, broken[number])
        for batch in self.batches:
            kept = [row for row in batch if row[0] not in broken]
            if kept:
                _upsert(self, Agency, kept, result, self.compared)
        self.batches = []

    def _links(self, values: dict, stored: Links | None) -> Links:
        """The row's links; a column absent from the file keeps the stored value."""
        links = {name: values.get(name) for name in ("parent_code", *self.optional)}
        for name in self.optional:
            if name not in self.present:
                links[name] = getattr(stored, name) if stored else None
        return Links(**links)


class ProcedureKind(Kind):
    name = "procedures"
    required = ("code", "name_vi", "agency_code", "level", "processing_days")
    # The file's columns in the CONTRACT's order (the demo writes them so; a revision keeps
    # all but the code).
    cells = (
        "code",
        "name_vi",
        "name_en",
        "agency_code",
        "level",
        "processing_days",
        "field_vi",
        "field_en",
        "online_level",
        "postal",
        "four_on_site",
        "fee_vi",
        "documents_vi",
        "steps_vi",
        "legal_basis_vi",
        "result_vi",
    )
    # What is stored: the agency by its id.
    fields = tuple("agency_id" if name == "agency_code" else name for name in cells[1:])
    long_text = ("fee_vi", "documents_vi", "steps_vi", "legal_basis_vi", "result_vi")

    def __init__(self, session):
        super().__init__(session)
        self.agencies = dict(session.execute(select(Agency.code, Agency.id)).all())

    def parse(self, row):
        code = _code(row)
        agency_code = text(row, "agency_code", required=True)
        if agency_code not in self.agencies:
            raise RowError(N_("unknown agency %(value)s"), value=repr(agency_code))
        values = {
            "name_vi": text(row, "name_vi", required=True, max_len=2000),
            "name_en": text(row, "name_en", max_len=2000),
            "agency_id": self.agencies[agency_code],
            "level": choice(row, "level", LEVELS),
            "processing_days": integer(row, "processing_days", maximum=3650),
            "field_vi": text(row, "field_vi", max_len=500),
            "field_en": text(row, "field_en", max_len=500),
            "online_level": choice(row, "online_level", ONLINE_LEVELS, default="none"),
            "postal": boolean(row, "postal"),
            "four_on_site": boolean(row, "four_on_site"),
        }
        for name in self.long_text:
            values[name] = text(row, name, max_len=100_000)
        return code, values

    def apply(self, batch, result):
        now = clock.now()
        for _, key, values in batch:
            values["updated_at"] = now
            values.update(search_fields(key, values))
        added, changed = _upsert(self, Procedure, batch, result, self.fields)
        changes.record_import(self.session, added, changed, now)


def search_fields(code: str, values: dict) -> dict:
    """The folded search columns of a procedure (also kept current by the staff editor)."""
    return {
        "search_name": fold_tokens(f"{values['name_vi']} {values.get('name_en') or ''}"),
        "search_body": fold_tokens(
            " ".join(
                values.get(f) or ""
                for f in (
                    "field_vi",
                    "field_en",
                    "documents_vi",
                    "steps_vi",
                    "result_vi",
                    "legal_basis_vi",
                )
            )
            + f" {code}"
        ),
    }
