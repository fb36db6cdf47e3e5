"""The CSV import engine shared by every kind: streaming, row checks, upsert, one transaction.

A kind (agencies, procedures, dossiers, ...) supplies its columns, a ``parse`` that turns one
CSV row into a key and values or raises ``RowError``, and an ``apply`` that upserts a batch.
The engine reads the file once, in bounded memory, and commits once at the end: an import
killed part-way leaves the database exactly as it was before it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

LOCAL = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh: no daylight saving since 1975
BATCH = 2000


class RowError(Exception):
    """One CSV row is unusable; the message is the reason shown to the person importing."""


class ImportAborted(Exception):
    """The file as a whole is unusable (missing columns, not UTF-8, not CSV)."""


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    error_limit: int = 1000

    def reject(self, row: int, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < self.error_limit:
            self.errors.append(f"row {row}: {reason}")

    @property
    def summary(self) -> str:
        return (f"inserted {self.inserted}, updated {self.updated}, "
                f"unchanged {self.unchanged}, rejected {self.rejected}")


# --- cell parsers shared by the kinds -------------------------------------------------------


def text(row: dict, name: str, *, required: bool = False, max_len: int | None = None) -> str | None:
    value = (row.get(name) or "").strip()
    if not value:
        if required:
            raise RowError(f"{name} is missing")
        return None
    if "\x00" in value:
        raise RowError(f"{name} contains a NUL character")
    if max_len and len(value) > max_len:
        raise RowError(f"{name} is longer than {max_len} characters")
    return value


def choice(row: dict, name: str, allowed: Iterable[str], *, required: bool = True,
           default: str | None = None) -> str | None:
    value = (row.get(name) or "").strip()
    if not value:
        if required and default is None:
            raise RowError(f"{name} is missing")
        return default
    if value not in allowed:
        raise RowError(f"unknown {name} {value!r} (expected one of: {', '.join(allowed)})")
    return value


def boolean(row: dict, name: str) -> bool:
    value = (row.get(name) or "").strip()
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise RowError(f"{name} must be 1 or 0, not {value!r}")


def integer(row: dict, name: str, *, minimum: int = 0, maximum: int = 10**6) -> int:
    value = (row.get(name) or "").strip()
    if not value:
        raise RowError(f"{name} is missing")
    try:
        number = int(value)
    except ValueError:
        raise RowError(f"{name} is not a whole number: {value!r}") from None
    if not minimum <= number <= maximum:
        raise RowError(f"{name} must be between {minimum} and {maximum}")
    return number


def local_time(row: dict, name: str, *, required: bool = False) -> datetime | None:
    """Parse an ISO 8601 time; one without an offset is local time. Returns naive local time."""
    value = (row.get(name) or "").strip()
    if not value:
        if required:
            raise RowError(f"{name} is missing")
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"{name} is not an ISO 8601 time: {value[:40]!r}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL).replace(tzinfo=None)
    if not 1990 <= moment.year <= 2100:
        raise RowError(f"{name} is out of range: {value[:40]!r}")
    return moment


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

    def __init__(self, session: Session):
        self.session = session

    def parse(self, row: dict) -> tuple[str, dict]:
        raise NotImplementedError

    def apply(self, batch: list[tuple[int, str, dict]], result: ImportResult) -> None:
        """Upsert a batch of (row number, key, values); count and reject as needed."""
        raise NotImplementedError

    def finish(self, result: ImportResult) -> None:
        """Run once after the last batch, inside the same transaction."""


def open_csv(stream: io.BufferedIOBase | io.TextIOBase) -> csv.DictReader:
    """Read UTF-8 (with or without BOM) CSV from a binary or text stream."""
    if isinstance(stream, io.TextIOBase):
        text_stream = stream
    else:
        text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", errors="strict")
    return csv.DictReader(text_stream)


def run_import(kind: Kind, stream, *, strict: bool = False,
               on_error: Callable[[str], None] | None = None) -> ImportResult:
    """Import one CSV stream as ``kind``; commit only if it may (see ``strict``)."""
    session = kind.session
    result = ImportResult()
    seen_errors = 0

    def report_new_errors() -> None:
        nonlocal seen_errors
        if on_error:
            for line in result.errors[seen_errors:]:
                on_error(line)
        seen_errors = len(result.errors)

    try:
        reader = open_csv(stream)
        header = reader.fieldnames
        if not header:
            raise ImportAborted("the file is empty or has no header row")
        reader.fieldnames = [(h or "").strip().lower().lstrip("\ufeff") for h in header]
        missing = [c for c in kind.required if c not in reader.fieldnames]
        if missing:
            raise ImportAborted("missing column(s): " + ", ".join(missing))
        batch: list[tuple[int, str, dict]] = []
        keys_in_batch: set[str] = set()
        row_number = 1
        for row in reader:
            row_number += 1
            if None in row:  # more cells than header columns
                row.pop(None)
            try:
                key, values = kind.parse(row)
            except RowError as error:
                result.reject(row_number, str(error))
                report_new_errors()
                continue
            if key in keys_in_batch:  # the same key twice: apply the first before the second
                kind.apply(batch, result)
                batch, keys_in_batch = [], set()
            batch.append((row_number, key, values))
            keys_in_batch.add(key)
            if len(batch) >= BATCH:
                kind.apply(batch, result)
                report_new_errors()
                batch, keys_in_batch = [], set()
        if batch:
            kind.apply(batch, result)
        report_new_errors()
    except UnicodeDecodeError:
        session.rollback()
        raise ImportAborted("the file is not UTF-8 text") from None
    except csv.Error as error:
        session.rollback()
        raise ImportAborted(f"the file is not valid CSV: {error}") from None
    except BaseException:
        session.rollback()
        raise

    if strict and result.rejected:
        session.rollback()
        result.inserted = result.updated = result.unchanged = 0
        return result
    try:
        kind.finish(result)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result
