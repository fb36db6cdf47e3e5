"""The CSV import engine shared by every kind: streaming, row checks, upsert, one transaction.

A kind (agencies, procedures, dossiers, ...) supplies its columns, a ``parse`` that turns one
CSV row into a key and values or raises ``RowError``, and an ``apply`` that upserts a batch.
The engine reads the file once, in bounded memory, and commits once at the end: an import
killed part-way leaves the database exactly as it was before it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import NamedTuple

from flask import Flask, current_app
from flask_babel import gettext
from sqlalchemy import delete
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from . import clock
from .forked import produced_aside
from .models import DEMO_FLAG, SiteFlag

BATCH = 2000


def N_(message: str) -> str:
    """Mark an English reason for translation without translating it (Babel extracts N_)."""
    return message


class ImportProblem(Exception):
    """Why a row or a file is refused: ``message``, English text marked with N_(), whose
    %(name)s placeholders ``params`` fill. str() is the English the command line prints;
    ``translated()`` the same reason in the page's language (the staff import page)."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message, self.params = message, params

    def translated(self) -> str:
        return gettext(self.message, **self.params)


class RowError(ImportProblem):
    """One CSV row is unusable; the reason is shown to the person importing."""


class ImportAborted(ImportProblem):
    """The file as a whole is unusable (missing columns, not UTF-8, not CSV)."""


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[tuple[int, RowError]] = field(default_factory=list)  # (row, why), the first
    error_limit: int = 1000

    def reject(self, row: int, reason: RowError) -> None:
        self.rejected += 1
        if len(self.problems) < self.error_limit:
            self.problems.append((row, reason))

    @property
    def errors(self) -> list[str]:
        """The rejected rows as the command line prints them: ``row N: reason``, in English."""
        return [f"row {row}: {reason}" for row, reason in self.problems]

    @property
    def summary(self) -> str:
        return (
            f"inserted {self.inserted}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )


# --- cell parsers shared by the kinds -------------------------------------------------------
# ``echo=False``: the error names the column but not the value. Dossier rows hold citizens'
# data and a shifted column can put a verifier or a phone number in any cell (finding 10).


# Invisible marks that reorder the text around them: a name holding one can show on a page
# as something other than what it says (finding 12 of issue 11).
_DIRECTION_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _refused(plain: str, quoting: str, value: str, limit: int, echo: bool, **params) -> RowError:
    """The reason naming the cell's value (its first ``limit`` characters) when ``echo``."""
    if echo:
        return RowError(quoting, value=repr(value[:limit]), **params)
    return RowError(plain, **params)


def parse_text(
    value: str, name: str, *, required: bool = False, max_len: int | None = None
) -> str | None:
    """A text cell, stripped; None when empty."""
    value = value.strip()
    if not value:
        if required:
            raise RowError(N_("%(name)s is missing"), name=name)
        return None
    if "\x00" in value:
        raise RowError(N_("%(name)s contains a NUL character"), name=name)
    if _DIRECTION_CONTROLS.search(value):
        raise RowError(N_("%(name)s contains a text direction control character"), name=name)
    if max_len and len(value) > max_len:
        raise RowError(N_("%(name)s is longer than %(max)s characters"), name=name, max=max_len)
    return value


def text(row: dict, name: str, *, required: bool = False, max_len: int | None = None) -> str | None:
    return parse_text(row.get(name) or "", name, required=required, max_len=max_len)


def parse_choice(
    value: str,
    name: str,
    allowed: Iterable[str],
    *,
    required: bool = True,
    default: str | None = None,
    echo: bool = True,
) -> str | None:
    """One of the allowed words; ``default`` (or a RowError when required) when empty."""
    value = value.strip()
    if not value:
        if required and default is None:
            raise RowError(N_("%(name)s is missing"), name=name)
        return default
    if value not in allowed:
        raise _refused(
            N_("unknown %(name)s (expected one of: %(allowed)s)"),
            N_("unknown %(name)s %(value)s (expected one of: %(allowed)s)"),
            value,
            40,
            echo,
            name=name,
            allowed=", ".join(allowed),
        )
    return value


def choice(
    row: dict,
    name: str,
    allowed: Iterable[str],
    *,
    required: bool = True,
    default: str | None = None,
) -> str | None:
    return parse_choice(row.get(name) or "", name, allowed, required=required, default=default)


def parse_flag(value: str, name: str, *, echo: bool = True) -> bool:
    """A boolean cell: 1 or 0, empty meaning 0."""
    value = value.strip()
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise _refused(
        N_("%(name)s must be 1 or 0"),
        N_("%(name)s must be 1 or 0, not %(value)s"),
        value,
        20,
        echo,
        name=name,
    )


def boolean(row: dict, name: str) -> bool:
    return parse_flag(row.get(name) or "", name)


def integer(row: dict, name: str, *, minimum: int = 0, maximum: int = 10**6) -> int:
    value = (row.get(name) or "").strip()
    if not value:
        raise RowError(N_("%(name)s is missing"), name=name)
    try:
        number = int(value)
    except ValueError:
        raise RowError(
            N_("%(name)s is not a whole number: %(value)s"), name=name, value=repr(value)
        ) from None
    if not minimum <= number <= maximum:
        raise RowError(
            N_("%(name)s must be between %(min)s and %(max)s"), name=name, min=minimum, max=maximum
        )
    return number


def parse_time(
    value: str, name: str, *, required: bool = False, echo: bool = True
) -> datetime | None:
    """An ISO 8601 time; one without an offset is local time. Returns naive local time."""
    value = value.strip()
    if not value:
        if required:
            raise RowError(N_("%(name)s is missing"), name=name)
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _refused(
            N_("%(name)s is not an ISO 8601 time"),
            N_("%(name)s is not an ISO 8601 time: %(value)s"),
            value,
            40,
            echo,
            name=name,
        ) from None
    if moment.tzinfo is not None:
        moment = clock.to_local(moment)
    if not 1990 <= moment.year <= 2100:
        raise _refused(
            N_("%(name)s is out of range"),
            N_("%(name)s is out of range: %(value)s"),
            value,
            40,
            echo,
            name=name,
        )
    return moment


def local_time(row: dict, name: str, *, required: bool = False) -> datetime | None:
    return parse_time(row.get(name) or "", name, required=required)


def calendar_date(row: dict, name: str) -> date | None:
    """Parse a local calendar date, YYYY-MM-DD (empty: None)."""
    value = (row.get(name) or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise RowError(
            N_("%(name)s is not a date (YYYY-MM-DD): %(value)s"), name=name, value=repr(value[:40])
        ) from None
    if len(value) != 10 or not 1900 <= day.year <= 2100:
        raise RowError(
            N_("%(name)s is not a date (YYYY-MM-DD) between 1900 and 2100: %(value)s"),
            name=name,
            value=repr(value),
        )
    return day


def day_number(moment: datetime | None) -> int | None:
    """A local calendar date as YYYYMMDD."""
    if moment is None:
        return None
    return moment.year * 10000 + moment.month * 100 + moment.day


# --- the engine ------------------------------------------------------------------------------


class Kind:
    """One import kind. Subclasses set the columns and implement parse and apply."""

    name = ""
    required: tuple[str, ...] = ()
    batch_size = BATCH
    # True for a kind whose rows are checked against each other: ``apply`` only keeps the
    # batches, ``rows_done`` checks and writes them, and row errors are reported after it.
    checks_whole_file = False
    # True for a kind whose row checks read nothing but what it loaded in ``__init__`` and
    # ``start``: its rows may then be checked in another process (``run_import(aside=True)``).
    checks_without_database = False

    def __init__(self, session: Session):
        self.session = session

    def start(self, fieldnames: list[str]) -> None:
        """Run once with the file's (normalised) column names, before the first row."""

    def parse(self, row: dict) -> tuple[str, dict]:
        raise NotImplementedError

    def cell_parser(self, fieldnames: list[str]) -> Callable[[list[str]], tuple]:
        """Return the function that turns one row's cells into (key, values).

        By default it builds the ``{column: cell}`` dict ``parse`` takes (a missing cell is
        None, surplus cells are dropped); a kind may return something leaner.
        """
        parse, width = self.parse, len(fieldnames)

        def parse_cells(cells: list[str]) -> tuple:
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            return parse(dict(zip(fieldnames, cells, strict=False)))

        return parse_cells

    def apply(self, batch: list[tuple[int, str, dict]], result: ImportResult) -> None:
        """Upsert a batch of (row number, key, values); count and reject as needed."""
        raise NotImplementedError

    def rows_done(self, result: ImportResult) -> None:
        """Run once after the last batch, before ``--strict`` is judged; may reject rows."""

    def finish(self, result: ImportResult) -> None:
        """Run once after the last batch, inside the same transaction."""

    def close(self) -> None:
        """Undo per-import settings; runs just before the commit or the rollback.

        May run twice (when the commit fails) and must not raise.
        """


def open_csv(stream: io.BufferedIOBase | io.TextIOBase) -> csv.DictReader:
    """Read UTF-8 (with or without BOM) CSV from a binary or text stream."""
    return csv.DictReader(_text_stream(stream))


def _text_stream(stream) -> io.TextIOBase:
    if isinstance(stream, io.TextIOBase):
        return stream
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", errors="strict")


# Finding 11 of issue 11: 100 MB of commas took 1.8 GB as one row of empty cells. Lines are
# read at most this long (the rest of a longer line is skipped unread into memory), and a
# row may have at most this many cells; either is a row error.
MAX_LINE_CHARS = 64 * 1024
MAX_CELLS = 200


class _BoundedLines:
    """The stream's lines for csv.reader, each longer one replaced by a blank line and noted."""

    def __init__(self, stream: io.TextIOBase):
        self.stream = stream
        self.line = 0
        self.overlong: deque[int] = deque()  # in order: rows are checked in order too

    def __iter__(self):
        return self

    def __next__(self) -> str:
        text = self.stream.readline(MAX_LINE_CHARS + 1)
        if not text:
            raise StopIteration
        self.line += 1
        if len(text) <= MAX_LINE_CHARS or text.endswith(("\n", "\r")):
            return text
        self.overlong.append(self.line)
        while text and not text.endswith(("\n", "\r")):
            text = self.stream.readline(MAX_LINE_CHARS)
        return "\n"

    def overlong_between(self, first: int, last: int) -> bool:
        while self.overlong and self.overlong[0] < first:
            self.overlong.popleft()
        return bool(self.overlong) and self.overlong[0] <= last


def _bounded_row(lines: _BoundedLines, cells: list, first: int, last: int) -> list:
    """The row's cells, or a RowError when one of its lines or its cells are too many."""
    if lines.overlong_between(first, last):
        raise RowError(N_("a line is longer than %(max)s characters"), max=MAX_LINE_CHARS)
    if len(cells) > MAX_CELLS:
        raise RowError(N_("the row has more than %(max)s cells"), max=MAX_CELLS)
    return cells


def _parsed(
    reader, lines: _BoundedLines, parse: Callable, batch_size: int
) -> Iterator[tuple[list, list]]:
    """Yield (batch, errors): parsed rows (row number, key, values) with distinct keys, and
    the (row number, reason) of the bad rows met since the previous batch."""
    batch: list[tuple[int, object, object]] = []
    keys: set = set()
    errors: list[tuple[int, RowError]] = []
    line = reader.line_num
    for cells in reader:
        row_number = line + 1
        line = reader.line_num
        if not cells and not lines.overlong_between(row_number, line):  # a blank line
            continue
        try:
            key, values = parse(_bounded_row(lines, cells, row_number, line))
        except RowError as error:
            errors.append((row_number, error))
            if len(errors) >= batch_size:
                yield batch, errors
                batch, keys, errors = [], set(), []
            continue
        if key in keys:  # the same key twice: apply the first before the second
            yield batch, errors
            batch, keys, errors = [], set(), []
        batch.append((row_number, key, values))
        keys.add(key)
        if len(batch) >= batch_size:
            yield batch, errors
            batch, keys, errors = [], set(), []
    yield batch, errors


def _file_error(error: Exception) -> ImportAborted | None:
    if isinstance(error, UnicodeDecodeError):
        return ImportAborted(N_("the file is not UTF-8 text"))
    if isinstance(error, csv.Error):
        return ImportAborted(N_("the file is not valid CSV: %(detail)s"), detail=str(error))
    return None


def run_import(
    kind: Kind,
    stream,
    *,
    strict: bool = False,
    on_error: Callable[[str], None] | None = None,
    aside: bool = False,
) -> ImportResult:
    """Import one CSV stream as ``kind``; commit only if it may (see ``strict``).

    Rows are numbered by the line they start on, the header being row 1 (a cell may span
    lines). Row errors are reported batch by batch, in row order. With ``aside`` (the command
    line), a kind whose checks need no database reads and checks its rows in a forked child
    process while this one writes (``portal.forked``).
    """
    result = ImportResult()
    report = _ErrorReporter(result, on_error)
    batches = None
    try:
        lines = _BoundedLines(_text_stream(stream))
        reader = csv.reader(lines)
        fieldnames = _header(reader, kind)
        kind.start(fieldnames)
        check = kind.cell_parser(fieldnames)

        def parsed():
            return _parsed(reader, lines, check, kind.batch_size)

        batches = produced_aside(parsed) if aside and kind.checks_without_database else parsed()
        for batch, errors in batches:
            for row_number, reason in errors:
                result.reject(row_number, reason)
            if batch:
                kind.apply(batch, result)
            if not kind.checks_whole_file:
                report.new_errors()
        kind.rows_done(result)
        report.new_errors()
    except BaseException as error:
        if batches is not None:
            batches.close()
        _roll_back(kind)
        aborted = _file_error(error)
        if aborted:
            raise aborted from None
        raise
    if strict and result.rejected:
        _roll_back(kind)
        result.inserted = result.updated = result.unchanged = 0
        return result
    _commit(kind, result)
    return result


class _ErrorReporter:
    """Hands each row error to ``on_error`` once, in row order within what is new."""

    def __init__(self, result: ImportResult, on_error: Callable[[str], None] | None):
        self.result, self.on_error, self.seen = result, on_error, 0

    def new_errors(self) -> None:
        problems = self.result.problems
        new = problems[self.seen :]
        if len(new) > 1:
            new.sort(key=itemgetter(0))
            problems[self.seen :] = new
        if self.on_error:
            for row, reason in new:
                self.on_error(f"row {row}: {reason}")
        self.seen = len(problems)


def _header(reader, kind: Kind) -> list[str]:
    """The file's column names, normalised; ImportAborted when a required one is missing."""
    header = next(reader, None)
    if not header:
        raise ImportAborted(N_("the file is empty or has no header row"))
    fieldnames = [(h or "").strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in kind.required if c not in fieldnames]
    if missing:
        raise ImportAborted(N_("missing column(s): %(columns)s"), columns=", ".join(missing))
    return fieldnames


def _commit(kind: Kind, result: ImportResult) -> None:
    """Let the kind finish (its statistics, its audit entry), then commit it all at once."""
    try:
        kind.finish(result)
        kind.close()
        if result.inserted or result.updated:
            forget_demo(kind.session)
        kind.session.commit()
    except BaseException:
        _roll_back(kind)
        raise


def forget_demo(session: Session) -> None:
    """Imported data is real data: the demo's sample dossiers are no longer offered."""
    session.execute(delete(SiteFlag).where(SiteFlag.name == DEMO_FLAG))


def _roll_back(kind: Kind) -> None:
    try:
        kind.close()
    finally:
        kind.session.rollback()


def register_kinds(app: Flask, kinds: dict[str, type[Kind]]) -> None:
    """Make these import kinds the application's, by their CONTRACT names (the factory calls it)."""
    app.extensions["import_kinds"] = dict(kinds)


def import_kinds() -> dict[str, type[Kind]]:
    """Every import kind of the current application by its CONTRACT name."""
    return current_app.extensions["import_kinds"]


def write_failure(error: Exception) -> ImportAborted | None:
    """Say plainly why the database refused a write it cannot take now (None: another error).

    A full disk and a lock held too long by another writer are the operator's to fix; the
    import has been rolled back by then, so nothing of it is in the database.
    """
    text = str(getattr(error, "orig", None) or error).lower()
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    if "disk is full" in text or "no space left" in text or code == "53100":
        return ImportAborted(
            N_(
                "the database could not be written: the disk is full. Nothing was imported; "
                "free some space, then import the file again"
            )
        )
    if "database is locked" in text or "lock timeout" in text or code == "55P03":
        return ImportAborted(
            N_(
                "the database is busy: another import or publication has been writing for too "
                "long. Nothing was imported; try again in a few minutes"
            )
        )
    return None


# --- bulk writes shared by the kinds ----------------------------------------------------------
# Driver-level statements inside the import's transaction: nothing goes through the ORM's
# per-object path. Where the engines differ: placeholders, IN lists, and COPY on PostgreSQL.


class Written(NamedTuple):
    """What ``bulk_upsert`` wrote: the inserted value tuples, and the updated rows as (the row
    read: id, key values, compared values; the new compared values)."""

    inserted: list[tuple]
    updated: list[tuple[tuple, tuple]]


def where_in(connection: Connection, column: str, values: list) -> tuple[str, tuple]:
    """A ``column IN (...)`` condition and its parameters, for ``exec_driver_sql``."""
    if connection.dialect.name == "sqlite":
        return f"{column} IN ({', '.join('?' * len(values))})", tuple(values)
    return f"{column} = ANY(%s)", (values,)


def _copy_in(connection: Connection, table: str, columns: tuple[str, ...], rows: list) -> None:
    """Insert rows: executemany on SQLite, COPY on PostgreSQL (same transaction)."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        connection.exec_driver_sql(sql, rows)
        return
    raw = connection.connection.dbapi_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for values in rows:
            copy.write_row(values)


def _picker(positions: list[int]) -> Callable[[tuple], object]:
    """The value at one position, or the tuple of the values at several."""
    return itemgetter(*positions)


def _tuple_picker(positions: list[int]) -> Callable[[tuple], tuple]:
    """The tuple of the values at these positions, even for one."""
    if len(positions) == 1:
        (position,) = positions
        return lambda values: (values[position],)
    return itemgetter(*positions)


def _existing(connection, table, columns, rows, key, compared, find_by) -> dict:
    """The batch's rows already in the table as (id, key values, compared values), by key."""
    at = columns.index(find_by)
    wanted = [values[at] for values in rows]
    if find_by not in key or len(key) > 1:
        wanted = list(dict.fromkeys(wanted))
    where, params = where_in(connection, find_by, wanted)
    read = ", ".join(("id", *key, *compared))
    found = connection.exec_driver_sql(f"SELECT {read} FROM {table} WHERE {where}", params)
    key_of = _picker(list(range(1, 1 + len(key))))
    return {key_of(old): old for old in found.fetchall()}


def bulk_upsert(
    session: Session,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple],
    result: ImportResult,
    *,
    key: tuple[str, ...],
    compared: tuple[str, ...],
    find_by: str | None = None,
) -> Written:
    """Write one batch: insert the rows whose key is new, update those whose ``compared``
    columns changed (the other columns are left alone), count the rest unchanged.

    ``rows`` are value tuples in the order of ``columns``, their ``key`` distinct in the
    batch. The existing rows are read in one query, by ``find_by`` (by default the key's one
    column); new rows go in with one executemany (COPY on PostgreSQL), changed ones with one
    executemany of UPDATE by id.
    """
    connection = session.connection()
    existing = _existing(connection, table, columns, rows, key, compared, find_by or key[0])
    if not existing:  # nothing to compare: a first import
        _copy_in(connection, table, columns, rows)
        result.inserted += len(rows)
        return Written(rows, [])
    key_of = _picker([columns.index(column) for column in key])
    pick = _tuple_picker([columns.index(column) for column in compared])
    start = 1 + len(key)
    inserts, updates, changed = [], [], []
    for values in rows:
        old = existing.get(key_of(values))
        if old is None:
            inserts.append(values)
            continue
        new = pick(values)
        if new == old[start:]:
            result.unchanged += 1
        else:
            updates.append((*new, old[0]))
            changed.append((old, new))
    _copy_in(connection, table, columns, inserts)
    if updates:
        mark = "?" if connection.dialect.name == "sqlite" else "%s"
        sets = ", ".join(f"{column} = {mark}" for column in compared)
        connection.exec_driver_sql(f"UPDATE {table} SET {sets} WHERE id = {mark}", updates)
    result.inserted += len(inserts)
    result.updated += len(updates)
    return Written(inserts, changed)
