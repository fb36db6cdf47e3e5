"""Import kinds for the one-stop software's exports: dossiers, events, ratings (CONTRACT §2).

Built for files of a million rows: each row is checked with plain Python and turned straight
into the tuple the database stores; each batch is written by the engine's ``bulk_upsert``
(driver-level ``executemany``, COPY on PostgreSQL) inside the import's one transaction, which
reads the batch's existing rows (never all at once) only to tell inserts from updates from
unchanged rows. Nothing goes through the ORM's per-object path.

Decisions where the contract is silent:

- A code is 1–64 ASCII letters, digits, ``.``, ``-`` or ``_``; surrounding spaces are dropped.
  Codes are unique ignoring case (``code_key`` is the upper-cased code), as look-ups are.
- An empty ``verifier`` cell is allowed: the dossier is stored without a verifier hash and
  simply cannot be looked up. A non-empty one must be 4 to 6 digits; it is stored only as
  HMAC-SHA256 keyed with the app's VERIFIER_KEY and never appears in a message.
- The optional columns ``verifier``, ``extended_due_at`` and ``apology`` are left as they are
  on existing dossiers when the file has no such column; an empty cell clears them.
- ``returned_at`` before ``received_at`` is a bad row, like ``resolved_at``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from operator import itemgetter

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..alerts.outbox import ImportAlerts
from ..catalogue.usage import refresh_yearly_dossiers
from ..imports import (
    N_,
    ImportResult,
    Kind,
    RowError,
    bulk_upsert,
    parse_choice,
    parse_flag,
    parse_text,
    parse_time,
    where_in,
)
from ..models import (
    CHANNELS,
    FINISHED_STATUSES,
    RESOLVED_STATUSES,
    SCORES,
    STATUSES,
    Agency,
    Procedure,
)
from ..stats import rollup
from .verifier import verifier_hasher

CODE = re.compile(r"[A-Za-z0-9._-]{1,64}")
code_ok = CODE.fullmatch
CHANNEL_SET = frozenset(CHANNELS)
STATUS_SET = frozenset(STATUSES)
SCORE_SET = frozenset(SCORES)
FINISHED = frozenset(FINISHED_STATUSES)
FLAGS = {"": False, "0": False, "1": True}
RESOLVED = frozenset(RESOLVED_STATUSES)
iso = datetime.isoformat
# SQLite's page cache while an import runs (KiB). Issue 15: 128 MiB took the peak RSS of a
# 600,000-row import from 155 to 276 MB for no measurable gain (CPU time the same, first
# import and re-import), so the peak grew with the file; the OS page cache holds the rest.
SQLITE_IMPORT_CACHE_KIB = 32 * 1024


UNKNOWN_CODE = {
    "procedure": N_("unknown procedure code"),
    "agency": N_("unknown agency code"),
}


def _code(code: str) -> str:
    """A dossier code that did not match as is: stripped, or a RowError saying why."""
    code = code.strip()
    if code_ok(code) is None:
        if not code:
            raise RowError(N_("%(name)s is missing"), name="code")
        raise RowError(
            N_("code must be 1 to 64 letters, digits, '.', '-' or '_': %(value)s"),
            value=repr(code[:40]),
        )
    return code


def _id_of(kind: str, code: str, find: Callable[[str], int | None]) -> int:
    """The id of a procedure or agency code that did not match as is: stripped, or a RowError."""
    code = code.strip()
    found = find(code)
    if found is None:
        # Not echoed: a shifted column can put a citizen's data here (finding 10 of issue 11).
        if not code:
            raise RowError(N_("%(name)s is missing"), name=f"{kind}_code")
        raise RowError(UNKNOWN_CODE[kind])
    return found


def _flag(cell: str, name: str) -> bool:
    """A 1/0 cell, the common forms without parsing; its value never echoed."""
    found = FLAGS.get(cell)
    return parse_flag(cell, name, echo=False) if found is None else found


class _Times:
    """Time cells as (naive local time, the value stored, YYYYMMDD), remembering recent cells.

    Exports repeat times a lot (every due time is 17:00 of a working day), so a bounded
    cache of cells skips most of the parsing. Call ``known(cell)`` first, then this.
    """

    LIMIT = 50_000

    def __init__(self, sqlite: bool):
        self.cache: dict[str, tuple] = {}
        self.known = self.cache.get
        self.sqlite = sqlite

    def __call__(self, cell: str, name: str, required: bool = False) -> tuple | None:
        text = cell.strip()
        if not text:
            if required:
                raise RowError(N_("%(name)s is missing"), name=name)
            return None
        moment = parse_time(text, name, required=True, echo=False)
        found = (
            moment,
            iso(moment, " ", "microseconds") if self.sqlite else moment,
            moment.year * 10000 + moment.month * 100 + moment.day,
        )
        if len(self.cache) >= self.LIMIT:
            self.cache.clear()
        self.cache[cell] = found
        return found


class _SqliteCache:
    """A bigger SQLite page cache while an import runs, put back as it was after."""

    def __init__(self, connection):
        self.connection = connection
        self.size = None
        if connection.dialect.name == "sqlite":
            self.size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")

    def restore(self) -> None:
        if self.size is not None:
            try:
                self.connection.exec_driver_sql(f"PRAGMA cache_size = {int(self.size)}")
            except Exception:  # noqa: BLE001 - the transaction is ending anyway
                pass
            self.size = None


class _Base(Kind):
    """What the three kinds share: agency codes, the driver, the rollup after the last batch."""

    cells: tuple[str, ...] = ()  # the columns check reads, in its order
    checks_without_database = True  # codes, times and hashes from what __init__ loaded

    def __init__(self, session):
        super().__init__(session)
        self.connection = session.connection()
        self.cache = _SqliteCache(self.connection)
        self.agencies = dict(session.execute(select(Agency.code, Agency.id)).all())
        self.parse_time = _Times(self.connection.dialect.name == "sqlite")
        self.known_time = self.parse_time.known
        self.cell_parser(self.cells)
        # Status alerts: the changes to subscribed dossiers go to the outbox in this transaction.
        self.alerts = ImportAlerts(self.connection, clock.now())

    def cell_parser(self, fieldnames):
        """``check`` itself, told where its cells are in the file's rows."""
        self.fieldnames, self.width = list(fieldnames), len(fieldnames)
        position = {name: i for i, name in enumerate(fieldnames)}  # a repeated column: the last
        # A column the file lacks reads the "" that ``cells_of`` appends to every row.
        self.pick = itemgetter(*[position.get(name, self.width) for name in self.cells])
        return self.check

    def parse(self, row: dict):
        return self.check([row.get(name) or "" for name in self.fieldnames])

    def cells_of(self, cells: list[str]) -> tuple:
        """The cells named by ``cells``, in that order, from one row of the file."""
        if len(cells) != self.width:
            cells = (cells + [""] * self.width)[: self.width]
        cells.append("")
        return self.pick(cells)

    def check(self, cells: list[str]) -> tuple:
        """Check one row of the file; return (key, values) or raise RowError."""
        raise NotImplementedError

    def finish(self, result: ImportResult) -> None:
        rollup.refresh(self.session, self.name)
        if self.name == "dossiers":
            refresh_yearly_dossiers(self.session, clock.today())

    def close(self) -> None:
        self.cache.restore()

    def dossier_ids(self, batch, result: ImportResult) -> tuple[dict, list]:
        """Dossier ids by code_key for a batch whose values start (code_key, code, ...);
        reject the rows of unknown dossiers."""
        where, params = where_in(self.connection, "code_key", list({v[0] for _, _, v in batch}))
        found = self.connection.exec_driver_sql(
            f"SELECT code_key, id FROM dossier WHERE {where}", params
        )
        ids = dict(found.fetchall())
        kept = []
        for row, key, values in batch:
            if values[0] in ids:
                kept.append((row, key, values))
            else:
                result.reject(
                    row, RowError(N_("unknown dossier %(value)s"), value=repr(values[1][:64]))
                )
        return ids, kept


class DossierKind(_Base):
    name = "dossiers"
    batch_size = 5000
    required = (
        "code",
        "procedure_code",
        "agency_code",
        "channel",
        "received_at",
        "due_at",
        "status",
    )
    cells = (
        "code",
        "procedure_code",
        "agency_code",
        "channel",
        "received_at",
        "due_at",
        "resolved_at",
        "returned_at",
        "return_channel",
        "status",
        "four_on_site",
        "verifier",
        "extended_due_at",
        "apology",
    )
    columns = (
        "code",
        "code_key",
        "procedure_id",
        "agency_id",
        "channel",
        "received_at",
        "due_at",
        "resolved_at",
        "returned_at",
        "return_channel",
        "status",
        "four_on_site",
        "received_day",
        "due_day",
        "finished_day",
        "saved_seconds",
        "verifier_hash",
        "extended_due_at",
        "apology",
    )
    # Optional cells whose column is left alone on existing dossiers when the file lacks it.
    kept_when_absent = {
        "verifier": "verifier_hash",
        "extended_due_at": "extended_due_at",
        "apology": "apology",
    }

    def __init__(self, session):
        super().__init__(session)
        self.procedures = dict(session.execute(select(Procedure.code, Procedure.id)).all())
        self.procedure_id = self.procedures.get
        self.agency_id = self.agencies.get
        self.hash_verifier = verifier_hasher(current_app.config["VERIFIER_KEY"])
        self.start(list(self.cells))

    def start(self, fieldnames):
        kept = {column for cell, column in self.kept_when_absent.items() if cell not in fieldnames}
        self.compared = tuple(c for c in self.columns if c != "code_key" and c not in kept)
        # The status in the row read back: after its id and its key, among the compared.
        self.status_read = 2 + self.compared.index("status")

    def check(self, cells):
        # The hot path of a million-row import: each cell is stripped only when it fails as is.
        if len(cells) != self.width:
            cells = (cells + [""] * self.width)[: self.width]
        cells.append("")
        (code, procedure_code, agency_code, channel, received_at, due_at, resolved_at,
         returned_at, return_channel, status, four_on_site, verifier, extended_due_at,
         apology) = self.pick(cells)  # fmt: skip
        if code_ok(code) is None:
            code = _code(code)
        procedure_id = self.procedure_id(procedure_code) or _id_of(
            "procedure", procedure_code, self.procedure_id
        )
        agency_id = self.agency_id(agency_code) or _id_of("agency", agency_code, self.agency_id)
        if channel not in CHANNEL_SET:
            channel = parse_choice(channel, "channel", CHANNELS, echo=False)
        if status not in STATUS_SET:
            status = parse_choice(status, "status", STATUSES, echo=False)
        known, parse = self.known_time, self.parse_time
        received, received_v, received_day = known(received_at) or parse(
            received_at, "received_at", True
        )
        due, due_v, due_day = known(due_at) or parse(due_at, "due_at", True)
        if due < received:
            raise RowError(N_("due_at is before received_at"))
        resolved_v, finished_day, saved = self.finished(resolved_at, status, received, due)
        returned = self.optional_time(returned_at, "returned_at")
        if returned is not None and returned[0] < received:
            raise RowError(N_("returned_at is before received_at"))
        if return_channel and return_channel not in CHANNEL_SET:
            return_channel = parse_choice(
                return_channel, "return_channel", CHANNELS, required=False, echo=False
            )
        four_on_site = _flag(four_on_site, "four_on_site")
        verifier_hash = self.verifier_hash(verifier)
        extended = self.optional_time(extended_due_at, "extended_due_at")
        apology = _flag(apology, "apology")
        key = code.upper()
        return key, (
            code, key, procedure_id, agency_id, channel, received_v, due_v, resolved_v,
            returned and returned[1], return_channel or None, status, four_on_site, received_day,
            due_day, finished_day, saved, verifier_hash, extended and extended[1],
            apology,
        )  # fmt: skip

    def optional_time(self, cell: str, name: str) -> tuple | None:
        """A time cell that may be empty, as the time parser's triple (or None)."""
        return self.known_time(cell) or (self.parse_time(cell, name) if cell else None)

    def finished(self, cell: str, status: str, received, due) -> tuple:
        """(stored resolved_at, finished day, seconds saved), checked against the status."""
        found = self.optional_time(cell, "resolved_at")
        if found is None:
            if status in FINISHED:
                raise RowError(
                    N_("resolved_at is missing for status %(value)s"), value=repr(status)
                )
            return None, None, 0
        resolved, resolved_v, finished_day = found
        if status not in FINISHED:
            raise RowError(N_("resolved_at must be empty for status %(value)s"), value=repr(status))
        if resolved < received:
            raise RowError(N_("resolved_at is before received_at"))
        saved = (
            int((due - resolved).total_seconds()) if resolved < due and status in RESOLVED else 0
        )
        return resolved_v, finished_day, saved

    def verifier_hash(self, verifier: str) -> str | None:
        """The keyed hash of a 4-6 digit verifier; None for an empty cell. Never echoes it."""
        if not verifier:
            return None
        if not (4 <= len(verifier) <= 6 and verifier.isdigit() and verifier.isascii()):
            verifier = verifier.strip()
            if verifier and not (
                4 <= len(verifier) <= 6 and verifier.isdigit() and verifier.isascii()
            ):
                raise RowError(N_("verifier must be 4 to 6 digits"))
        return self.hash_verifier(verifier) if verifier else None

    def apply(self, batch, result):
        rows = [values for _, _, values in batch]
        written = bulk_upsert(
            self.session, "dossier", self.columns, rows, result,
            key=("code_key",), compared=self.compared,
        )  # fmt: skip
        if written.updated and self.alerts.active:
            read, at = self.status_read, self.status_read - 2
            self.alerts.status_changes(
                [
                    (old[0], old[read], new[at])
                    for old, new in written.updated
                    if old[read] != new[at]
                ]
            )


class EventKind(_Base):
    """The steps of a dossier's timeline, keyed on (dossier_code, at, step_vi)."""

    name = "events"
    batch_size = 5000
    required = ("dossier_code", "at", "step_vi")
    cells = ("dossier_code", "at", "step_vi", "step_en", "agency_code")
    columns = ("dossier_id", "at", "step_vi", "step_en", "agency_id")

    def check(self, cells):
        code, at, step_vi, step_en, agency_code = self.cells_of(cells)
        code = code.strip()
        if not code:
            raise RowError(N_("%(name)s is missing"), name="dossier_code")
        at = (self.known_time(at) or self.parse_time(at, "at", True))[1]
        step_vi = parse_text(step_vi, "step_vi", required=True, max_len=300)
        step_en = parse_text(step_en, "step_en", max_len=300)
        agency_code = agency_code.strip()
        agency_id = None
        if agency_code:
            agency_id = self.agencies.get(agency_code)
            if agency_id is None:
                raise RowError(UNKNOWN_CODE["agency"])
        key = code.upper()
        return (key, at, step_vi), (key, code, at, step_vi, step_en, agency_id)

    def apply(self, batch, result):
        ids, batch = self.dossier_ids(batch, result)
        if not batch:
            return
        rows = [(ids[v[0]], *v[2:]) for _, _, v in batch]
        written = bulk_upsert(
            self.session, "dossier_event", self.columns, rows, result,
            key=("dossier_id", "at", "step_vi"), compared=("step_en", "agency_id"),
            find_by="dossier_id",
        )  # fmt: skip
        self.alerts.new_events([row[:4] for row in written.inserted])


class RatingKind(_Base):
    """Satisfaction ratings, one per dossier, keyed on dossier_code."""

    name = "ratings"
    batch_size = 5000
    required = ("dossier_code", "rated_at", "score")
    cells = ("dossier_code", "rated_at", "score")
    columns = ("dossier_id", "rated_at", "rated_day", "score")

    def check(self, cells):
        code, rated_at, score = self.cells_of(cells)
        code = code.strip()
        if not code:
            raise RowError(N_("%(name)s is missing"), name="dossier_code")
        _, rated, day = self.known_time(rated_at) or self.parse_time(rated_at, "rated_at", True)
        if score not in SCORE_SET:
            score = parse_choice(score, "score", SCORES, echo=False)
        key = code.upper()
        return key, (key, code, rated, day, score)

    def apply(self, batch, result):
        ids, batch = self.dossier_ids(batch, result)
        if batch:
            rows = [(ids[key], *values[2:]) for _, key, values in batch]
            bulk_upsert(
                self.session, "rating", self.columns, rows, result,
                key=("dossier_id",), compared=("rated_at", "rated_day", "score"),
            )  # fmt: skip


DOSSIER_KINDS = {"dossiers": DossierKind, "events": EventKind, "ratings": RatingKind}
