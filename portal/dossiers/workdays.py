"""Working days in Viet Nam: weekends and public holidays (Tết included) from `holidays`.

Each year's calendar is computed once and kept as running totals, so counting the working
days between any two dates is two array look-ups, cheap enough for every dossier of a year.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


def day_int(value: date) -> int:
    """A date as the YYYYMMDD integer the ``*_day`` columns hold."""
    return value.year * 10000 + value.month * 100 + value.day


@lru_cache(maxsize=8192)
def from_day_int(value: int) -> date:
    """A YYYYMMDD integer back to a date."""
    return date(value // 10000, value // 100 % 100, value % 100)


@lru_cache(maxsize=256)
def _year(year: int) -> tuple[int, ...]:
    """Running count of working days in the year: element i counts days 1 … i (0 = before)."""
    calendar = holidays.country_holidays("VN", years=year)
    running, total = [0], 0
    day = date(year, 1, 1)
    while day.year == year:
        total += calendar.is_working_day(day)  # weekends, holidays, swapped Saturdays
        running.append(total)
        day += timedelta(days=1)
    return tuple(running)


def _count_to(value: date, since_year: int) -> int:
    """Working days from 1 January of since_year up to and including value."""
    total = sum(_year(y)[-1] for y in range(since_year, value.year))
    return total + _year(value.year)[value.timetuple().tm_yday]


def is_working_day(value: date) -> bool:
    """Tell whether public offices work on that day."""
    running = _year(value.year)
    index = value.timetuple().tm_yday
    return running[index] > running[index - 1]


def working_days_between(start: date, end: date) -> int:
    """Working days after start up to and including end; negative when end is before start.

    A dossier received on a Friday and finished on the next Monday took one working day;
    one received and finished the same day took none.
    """
    if end < start:
        return -working_days_between(end, start)
    since = start.year
    return _count_to(end, since) - _count_to(start, since)
