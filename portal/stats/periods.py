"""Periods of whole months (CONTRACT §4): a month, a quarter, a year or a range of months."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .. import clock

MAX_MONTHS = 120  # a range longer than ten years is refused as a bad period
MIN_YEAR, MAX_YEAR = 1990, 2100  # as the import accepts


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_after(month: str) -> str:
    """The month following ``YYYY-MM``."""
    return _month_label(_month_index(int(month[:4]), int(month[5:7])) + 1)


def month_before(month: str) -> str:
    """The month preceding ``YYYY-MM``."""
    return _month_label(_month_index(int(month[:4]), int(month[5:7])) - 1)


@dataclass(frozen=True)
class Period:
    """A run of whole months: from its first local day ``start`` (S) to ``end`` (E, excluded).

    ``kind`` is ``month``, ``quarter``, ``year`` or ``range``; ``label`` is the normalised text
    (``2022-07``, ``2022-Q3``, ``2022``, ``2022-01..2022-06``), fit for a permalink.
    """

    label: str
    kind: str
    months: tuple[str, ...]
    start: date
    end: date

    @property
    def last_day(self) -> date:
        """The period's last day (E − 1 day), the inclusive "to" of the JSON."""
        return self.end - timedelta(days=1)

    @property
    def first_month(self) -> str:
        return self.months[0]

    @property
    def last_month(self) -> str:
        return self.months[-1]

    def shifted(self, months: int) -> Period:
        """The same kind of period moved by a number of months (negative: earlier)."""
        first = _month_index(self.start.year, self.start.month) + months
        last = first + len(self.months) - 1
        if self.kind == "month":
            return parse_period(_month_label(first))
        if self.kind == "quarter":
            return parse_period(f"{first // 12:04d}-Q{first % 12 // 3 + 1}")
        if self.kind == "year":
            return parse_period(f"{first // 12:04d}")
        return parse_period(f"{_month_label(first)}..{_month_label(last)}")

    def previous(self) -> Period:
        """The period of the same length just before (June for July, Q2 for Q3, ...)."""
        return self.shifted(-len(self.months))

    def year_before(self) -> Period:
        """The same months a year earlier."""
        return self.shifted(-12)

    def __str__(self) -> str:
        return self.label


_MONTH = r"(\d{4})-(\d{2})"
_PATTERNS = (
    ("range", re.compile(rf"{_MONTH}\.\.{_MONTH}")),
    ("month", re.compile(_MONTH)),
    ("quarter", re.compile(r"(\d{4})-[Qq]([1-4])")),
    ("year", re.compile(r"(\d{4})")),
)


def _checked_month(year: str, month: str) -> int:
    y, m = int(year), int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"there is no month {month}")
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return _month_index(y, m)


def parse_period(text: str) -> Period:
    """Parse ``YYYY-MM``, ``YYYY-Qn``, ``YYYY`` or ``YYYY-MM..YYYY-MM``; ValueError otherwise."""
    value = (text or "").strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if not match:
            continue
        groups = match.groups()
        if kind == "range":
            first = _checked_month(groups[0], groups[1])
            last = _checked_month(groups[2], groups[3])
            if last < first:
                raise ValueError("a range of months must not end before it starts")
            label = f"{_month_label(first)}..{_month_label(last)}"
        elif kind == "month":
            first = last = _checked_month(*groups)
            label = _month_label(first)
        elif kind == "quarter":
            first = _checked_month(groups[0], str(int(groups[1]) * 3 - 2))
            last = first + 2
            label = f"{groups[0]}-Q{groups[1]}"
        else:
            first = _checked_month(groups[0], "1")
            last = first + 11
            label = groups[0]
        if last - first + 1 > MAX_MONTHS:
            raise ValueError(f"a period may cover at most {MAX_MONTHS} months")
        months = tuple(_month_label(i) for i in range(first, last + 1))
        start = date(first // 12, first % 12 + 1, 1)
        end = date((last + 1) // 12, (last + 1) % 12 + 1, 1)
        return Period(label=label, kind=kind, months=months, start=start, end=end)
    raise ValueError("a period is YYYY-MM, YYYY-Qn, YYYY or YYYY-MM..YYYY-MM")


def current_month() -> str:
    """The local calendar month of today, YYYY-MM."""
    return clock.now().strftime("%Y-%m")
