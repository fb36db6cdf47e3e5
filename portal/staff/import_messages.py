"""Import reports in the page's language. The importers write their reasons in English, as
the command line prints them (CONTRACT §1); each form of reason they write is matched here
to its translatable text, so a staff page in Vietnamese reads the report in Vietnamese."""

from __future__ import annotations

import logging
import re

from flask_babel import gettext as _

from ..i18n import lazy_gettext as _l

V = r"(?P<value>'.*'|\".*\")"  # a cell's value as Python's repr writes it
N = r"(?P<name>\w+)"

# (the English reason as the importers write it, its translatable form). Every reason an
# importer can give has its line: tests/test_import_messages.py checks them all.
REASONS = [
    (rf"{N} is missing", _l("%(name)s is missing")),
    (rf"{N} contains a NUL character", _l("%(name)s contains a NUL character")),
    (
        rf"{N} is longer than (?P<max>\d+) characters",
        _l("%(name)s is longer than %(max)s characters"),
    ),
    (
        rf"unknown {N} {V} \(expected one of: (?P<allowed>.*)\)",
        _l("unknown %(name)s %(value)s (expected one of: %(allowed)s)"),
    ),
    (
        rf"unknown {N} \(expected one of: (?P<allowed>.*)\)",
        _l("unknown %(name)s (expected one of: %(allowed)s)"),
    ),
    (rf"{N} must be 1 or 0, not {V}", _l("%(name)s must be 1 or 0, not %(value)s")),
    (rf"{N} must be 1 or 0", _l("%(name)s must be 1 or 0")),
    (rf"{N} is not a whole number: {V}", _l("%(name)s is not a whole number: %(value)s")),
    (
        rf"{N} must be between (?P<min>-?\d+) and (?P<max>-?\d+)",
        _l("%(name)s must be between %(min)s and %(max)s"),
    ),
    (rf"{N} is not an ISO 8601 time: {V}", _l("%(name)s is not an ISO 8601 time: %(value)s")),
    (rf"{N} is out of range: {V}", _l("%(name)s is out of range: %(value)s")),
    (rf"{N} is not an ISO 8601 time", _l("%(name)s is not an ISO 8601 time")),
    (rf"{N} is out of range", _l("%(name)s is out of range")),
    (r"unknown procedure code", _l("unknown procedure code")),
    (r"unknown agency code", _l("unknown agency code")),
    (
        r"a line is longer than (?P<max>\d+) characters",
        _l("a line is longer than %(max)s characters"),
    ),
    (r"the row has more than (?P<max>\d+) cells", _l("the row has more than %(max)s cells")),
    (
        rf"{N} contains a text direction control character",
        _l("%(name)s contains a text direction control character"),
    ),
    (
        rf"{N} is not a date \(YYYY-MM-DD\) between 1900 and 2100: {V}",
        _l("%(name)s is not a date (YYYY-MM-DD) between 1900 and 2100: %(value)s"),
    ),
    (
        rf"{N} is not a date \(YYYY-MM-DD\): {V}",
        _l("%(name)s is not a date (YYYY-MM-DD): %(value)s"),
    ),
    (r"code must not contain spaces", _l("code must not contain spaces")),
    (
        rf"code must be 1 to 64 letters, digits, '\.', '-' or '_': {V}",
        _l("code must be 1 to 64 letters, digits, “.”, “-” or “_”: %(value)s"),
    ),
    (r"parent_code is the agency itself", _l("parent_code is the agency itself")),
    (r"active_to is before active_from", _l("active_to is before active_from")),
    (r"the successor chain loops: (?P<chain>.*)", _l("the successor chain loops: %(chain)s")),
    (rf"unknown parent_code {V}", _l("unknown parent_code %(value)s")),
    (rf"unknown successor_code {V}", _l("unknown successor_code %(value)s")),
    (
        rf"successor {V} is not active on (?P<day>[\d-]+), the day after active_to",
        _l("successor %(value)s is not active on %(day)s, the day after active_to"),
    ),
    (
        rf"agency {V} names it as successor from (?P<day>[\d-]+), when it would not be active",
        _l("agency %(value)s names it as successor from %(day)s, when it would not be active"),
    ),
    (rf"unknown agency {V}", _l("unknown agency %(value)s")),
    (rf"unknown procedure {V}", _l("unknown procedure %(value)s")),
    (r"due_at is before received_at", _l("due_at is before received_at")),
    (r"resolved_at is before received_at", _l("resolved_at is before received_at")),
    (r"returned_at is before received_at", _l("returned_at is before received_at")),
    (
        rf"resolved_at must be empty for status {V}",
        _l("resolved_at must be empty for status %(value)s"),
    ),
    (rf"resolved_at is missing for status {V}", _l("resolved_at is missing for status %(value)s")),
    (r"verifier must be 4 to 6 digits", _l("verifier must be 4 to 6 digits")),
    # Reasons for refusing a whole file.
    (r"the file is not UTF-8 text", _l("the file is not UTF-8 text")),
    (r"the file is not valid CSV: (?P<detail>.*)", _l("the file is not valid CSV: %(detail)s")),
    (r"the file is empty or has no header row", _l("the file is empty or has no header row")),
    (r"missing column\(s\): (?P<columns>.*)", _l("missing column(s): %(columns)s")),
    (
        r"the database could not be written: the disk is full\. .*",
        _l(
            "the database could not be written: the disk is full. Nothing was imported; free "
            "some space, then import the file again"
        ),
    ),
    (
        r"the database is busy: .*",
        _l(
            "the database is busy: another import or publication has been writing for too "
            "long. Nothing was imported; try again in a few minutes"
        ),
    ),
]
_COMPILED = [(re.compile(pattern, flags=re.S), text) for pattern, text in REASONS]
_ROW = re.compile(r"row (?P<row>\d+): (?P<reason>.*)", flags=re.S)


class UnknownReason(LookupError):
    """An importer gave a reason this module does not know: add its line to REASONS."""


def reason(english: str) -> str:
    """One reason in the page's language; UnknownReason when it has no line in REASONS."""
    for pattern, text in _COMPILED:
        found = pattern.fullmatch(english)
        if found:
            return str(text) % found.groupdict()
    raise UnknownReason(english)


def shown(english: str, row: int | None = None) -> tuple[str, str | None]:
    """A reason as the page shows it, and the language it is in when not the page's.

    A reason without its line here is shown as written, marked as English, and logged so
    that it gets one: staff still read why their row was refused.
    """
    try:
        text = reason(english)
    except UnknownReason:
        logging.getLogger("portal").warning("import reason without a translation: %s", english)
        text, lang = english, "en"
    else:
        lang = None
    return (_("Row %(row)s: %(reason)s", row=row, reason=text) if row else text), lang


def row_lines(lines: list[str]) -> list[tuple[str, str | None]]:
    """The report's ``row N: reason`` lines in the page's language."""
    result = []
    for line in lines:
        found = _ROW.fullmatch(line)
        result.append(shown(found["reason"], int(found["row"])) if found else (line, "en"))
    return result
