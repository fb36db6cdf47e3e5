"""Working days: weekends, Vietnamese public holidays and Tết are not counted."""

from datetime import date

import pytest

from portal.dossiers.workdays import day_int, from_day_int, is_working_day, working_days_between


def test_tet_2025_closes_offices_from_25_january_to_2_february():
    days_off = [date(2025, 1, d) for d in range(25, 32)] + [date(2025, 2, 1), date(2025, 2, 2)]
    assert not any(is_working_day(d) for d in days_off)
    assert is_working_day(date(2025, 1, 24)) and is_working_day(date(2025, 2, 3))


def test_a_week_across_tet_counts_only_one_working_day():
    # Friday before Tết to the Monday after: nine days off in between.
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1


def test_weekends_are_not_counted_but_a_swapped_saturday_is():
    assert working_days_between(date(2024, 11, 1), date(2024, 11, 4)) == 1  # Fri → Mon
    assert working_days_between(date(2024, 11, 4), date(2024, 11, 8)) == 4  # Mon → Fri
    # Saturday 26 April 2025 was worked in exchange for Friday 2 May.
    assert is_working_day(date(2025, 4, 26)) and not is_working_day(date(2025, 5, 2))


@pytest.mark.parametrize(
    "holiday",
    [
        date(2025, 1, 1),
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2026, 2, 17),
    ],
)
def test_public_holidays_are_not_working_days(holiday):
    assert not is_working_day(holiday)


def test_the_same_day_counts_none_and_the_order_gives_the_sign():
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 3)) == -5


def test_counts_run_across_years():
    # 31 December 2024 (Tuesday) to 2 January 2025: New Year's Day is off.
    assert working_days_between(date(2024, 12, 31), date(2025, 1, 2)) == 1
    whole = working_days_between(date(2023, 12, 31), date(2025, 12, 31))
    assert whole == working_days_between(
        date(2023, 12, 31), date(2024, 12, 31)
    ) + working_days_between(date(2024, 12, 31), date(2025, 12, 31))


def test_day_integers_round_trip():
    assert day_int(date(2025, 1, 28)) == 20250128
    assert from_day_int(20250128) == date(2025, 1, 28)
