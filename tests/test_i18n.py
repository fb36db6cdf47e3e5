"""Numbers and dates follow the page's locale, exactly as Babel formats them."""

import pytest
from babel.numbers import format_decimal

from portal.i18n import number, pct, round_half_up


@pytest.mark.parametrize(
    "lang, value, expected",
    [
        ("vi", 16903, "16.903"),
        ("en", 16903, "16,903"),
        ("vi", 0, "0"),
        ("vi", 1234567, "1.234.567"),
        ("en", -4200, "-4,200"),
    ],
)
def test_whole_numbers_use_the_locale_grouping(app, lang, value, expected):
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        assert number(value) == expected == format_decimal(value, "#,##0", locale=lang)


@pytest.mark.parametrize(
    "lang, value, expected",
    [
        ("vi", 75.84, "75,84%"),
        ("en", 75.84, "75.84%"),
        ("vi", 23.4, "23,40%"),
        ("vi", 0.755, "0,76%"),
        ("en", 100, "100.00%"),
        ("vi", 1234.5, "1.234,50%"),
    ],
)
def test_percentages_have_two_decimals_rounded_half_up(app, lang, value, expected):
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        assert pct(value) == expected
        assert pct(value)[:-1] == format_decimal(round_half_up(value), "#,##0.00", locale=lang)


def test_no_value_is_a_dash(app):
    with app.test_request_context("/vi/"):
        assert number(None) == "–" and pct(None) == "–"


@pytest.mark.parametrize(
    "lang, day_text, long_text, moment_text",
    [
        ("vi", "16/10/2026", "ngày 16 tháng 10 năm 2026", "08:19, 16/10/2026"),
        ("en", "16 October 2026", "16 October 2026", "16 October 2026, 08:19"),
    ],
)
def test_dates_read_as_people_write_them_never_with_a_two_digit_year(
    app, lang, day_text, long_text, moment_text
):
    from datetime import date, datetime

    from portal.i18n import day, long_day, moment

    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        assert day(date(2026, 10, 16)) == day_text
        assert day(datetime(2026, 10, 16, 8, 19)) == day_text
        assert long_day(date(2026, 10, 16)) == long_text
        assert moment(datetime(2026, 10, 16, 8, 19)) == moment_text
        assert moment(datetime(2026, 10, 16, 8, 19), zone=True).startswith(moment_text + " (")


def test_a_day_before_the_tenth_keeps_two_digits_in_vietnamese(app):
    from datetime import date

    from portal.i18n import day

    with app.test_request_context("/vi/"):
        app.preprocess_request()
        assert day(date(2026, 2, 1)) == "01/02/2026"
