"""The figures (CONTRACT §4): periods, every definition's edges, the identity, July 2022."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.models import Dossier, MonthlyFigure, RollupJournal
from portal.stats import figures, reports, rollup
from portal.stats.figures import percent
from portal.stats.periods import parse_period
from portal.stats.publish import publish_months
from portal.stats.reports import report

from . import figure_definitions
from . import figures_data as fd
from .figures_data import Spec

# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label, kind, first, last, start, end",
    [
        ("2022-07", "2022-07", "month", "2022-07", "2022-07", date(2022, 7, 1), date(2022, 8, 1)),
        (
            " 2022-12 ",
            "2022-12",
            "month",
            "2022-12",
            "2022-12",
            date(2022, 12, 1),
            date(2023, 1, 1),
        ),
        (
            "2022-Q3",
            "2022-Q3",
            "quarter",
            "2022-07",
            "2022-09",
            date(2022, 7, 1),
            date(2022, 10, 1),
        ),
        (
            "2022-q4",
            "2022-Q4",
            "quarter",
            "2022-10",
            "2022-12",
            date(2022, 10, 1),
            date(2023, 1, 1),
        ),
        ("2022", "2022", "year", "2022-01", "2022-12", date(2022, 1, 1), date(2023, 1, 1)),
        (
            "2021-11..2022-02",
            "2021-11..2022-02",
            "range",
            "2021-11",
            "2022-02",
            date(2021, 11, 1),
            date(2022, 3, 1),
        ),
        (
            "2022-07..2022-07",
            "2022-07..2022-07",
            "range",
            "2022-07",
            "2022-07",
            date(2022, 7, 1),
            date(2022, 8, 1),
        ),
    ],
)
def test_a_period_is_a_month_a_quarter_a_year_or_a_range(
    text, label, kind, first, last, start, end
):
    period = parse_period(text)
    assert (period.label, period.kind) == (label, kind)
    assert (period.months[0], period.months[-1]) == (first, last)
    assert (period.start, period.end) == (start, end)
    assert period.last_day == date.fromordinal(end.toordinal() - 1)
    assert len(period.months) == len(set(period.months))


def test_a_february_of_a_leap_year_ends_on_the_29th():
    assert parse_period("2024-02").last_day == date(2024, 2, 29)
    assert parse_period("2023-02").last_day == date(2023, 2, 28)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2022-13",
        "2022-00",
        "2022-7",
        "22-07",
        "2022-Q0",
        "2022-Q5",
        "2022-07-01",
        "2022-08..2022-07",
        "2022-07..",
        "..2022-07",
        "1989",
        "2101-01",
        "2022\u201307",
        "abc",
        "1990-01..2012-12",
        "2022-07,2022-08",
        "2022-07 ..2022-08",
        "2022-W30",
    ],
)
def test_anything_else_is_not_a_period(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_a_range_of_up_to_ten_years_is_accepted():
    assert len(parse_period("2013-01..2022-12").months) == 120


def test_the_previous_period_and_the_year_before_are_of_the_same_kind():
    assert parse_period("2022-01").previous().label == "2021-12"
    assert parse_period("2022-Q1").previous().label == "2021-Q4"
    assert parse_period("2022").previous().label == "2021"
    assert parse_period("2022-02..2022-04").previous().label == "2021-11..2022-01"
    assert parse_period("2022-07").year_before().label == "2021-07"
    assert parse_period("2022-Q3").year_before().label == "2021-Q3"


def test_rates_round_half_up_to_two_decimals_and_are_null_over_nothing():
    assert percent(3956, 16903) == 23.40
    assert percent(12819, 16903) == 75.84
    assert percent(128, 16903) == 0.76
    assert percent(1, 800) == 0.13  # 0.125: half-up, not to even
    assert percent(1, 1600) == 0.06  # 0.0625
    assert percent(2, 3) == 66.67
    assert percent(0, 5) == 0.0
    assert percent(0, 0) is None
    assert figures.hours(1799) == 0 and figures.hours(1800) == 1 and figures.hours(5400) == 2


def test_every_figure_and_rate_has_a_label_and_a_definition_in_both_languages(app):
    assert figures.FIELD_KEYS[0] == "received_new"
    assert "time_saved_hours" in figures.FIELD_KEYS and "satisfied_pct" in figures.RATE_KEYS
    keys = figures.FIELD_KEYS + figures.RATE_KEYS
    with app.test_request_context("/"):
        with force_locale("vi"):
            vietnamese = {key: (figures.label(key), figures.definition(key)) for key in keys}
        with force_locale("en"):
            english = {key: (figures.label(key), figures.definition(key)) for key in keys}
    assert english["carried_over"][0] == "Carried over"
    assert vietnamese["carried_over"][0] == "Kỳ trước chuyển sang"
    for key in english:
        assert all(english[key]) and all(vietnamese[key])
        assert vietnamese[key] != english[key], f"{key} is not translated"


# --- helpers ---------------------------------------------------------------------------------


def publish(*months: str) -> None:
    publish_months(list(months), None)


def load(specs: list[Spec], ratings=(), agencies=fd.RANDOM_AGENCIES) -> None:
    fd.add_agencies(agencies)
    fd.add_dossiers(specs)
    fd.add_ratings(list(ratings))
    fd.refresh_and_commit()


def expected(specs, ratings, period, agencies=None, level=None):
    """The totals straight from the definitions, over the dossiers of the agencies selected."""
    chosen = {code for code, _, _, lvl in fd.RANDOM_AGENCIES if level in (None, lvl)}
    if agencies is not None:
        chosen &= set(agencies)
    by_code = {s.code: s for s in specs}
    return figure_definitions.reference_totals(
        [s for s in specs if s.agency in chosen],
        [(at.date(), score) for code, at, score in ratings if by_code[code].agency in chosen],
        period.start,
        period.end,
    )


def totals(period_text: str, **filters) -> dict:
    return report(parse_period(period_text), **filters)["totals"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def rollup_rows() -> list:
    return sorted(
        (m, a, sorted(f.items()))
        for m, a, f in db.session.execute(
            select(MonthlyFigure.month, MonthlyFigure.agency_id, MonthlyFigure.figures)
        )
    )


# --- July 2022 -------------------------------------------------------------------------------


def test_july_2022_is_reproduced_from_dossier_level_data(app):
    with app.app_context():
        specs, ratings = fd.add_july_2022()
        publish("2022-06", "2022-07")
        data = report(parse_period("2022-07"))
    t, r = data["totals"], data["rates"]
    assert (data["period"], data["from"], data["to"]) == ("2022-07", "2022-07-01", "2022-07-31")
    assert (data["level"], data["agency"]) == ("all", None)
    assert t["received_new"] == 16903
    assert t["received_by_channel"] == {"direct": 3956, "online": 12819, "postal": 128}
    assert (t["resolved"], t["resolved_early"], t["resolved_on_time"], t["resolved_late"]) == (
        16802,
        2756,
        14046,
        0,
    )
    assert t["returned_by_postal"] == 812
    assert t["pending"] == 2319
    assert t["four_on_site"] == 2720
    assert t["ratings"] == {"very_satisfied": 225, "satisfied": 0, "unsatisfied": 0}
    assert (t["carried_over"], t["closed_without_result"]) == (2263, 45)
    assert t["received_new"] + t["carried_over"] == (
        t["resolved"] + t["closed_without_result"] + t["pending"]
    )
    # The report's rates: 23,40% / 75,84% / 0,76%; 16,40% / 83,60%; 4,83%; all very satisfied.
    assert r == {
        "direct_pct": 23.40,
        "online_pct": 75.84,
        "postal_pct": 0.76,
        "early_pct": 16.40,
        "on_time_pct": 83.60,
        "late_pct": 0.0,
        "timely_pct": 100.0,
        "postal_return_pct": 4.83,
        "satisfied_pct": 100.0,
    }
    # By agency, as the report names them.
    by_code = {a["code"]: a for a in data["agencies"]}
    assert by_code["BHXH"]["received_new"] == 11829
    assert by_code["SCT"]["received_new"] == 1915 and by_code["SCT"]["four_on_site"] == 1905
    assert by_code["SGTVT"]["received_new"] == 993
    departments = [by_code[c] for c in fd.DEPARTMENTS]
    assert sum(a["received_new"] for a in departments) == 4314
    with_four = [a for a in departments if a["four_on_site"]]
    assert len(with_four) == 5 and sum(a["four_on_site"] for a in with_four) == 2372
    assert round(100 * 2372 / 4314) == 55
    # Every figure, including time saved and overdue, agrees with the definitions.
    period = parse_period("2022-07")
    assert t == figure_definitions.reference_totals(
        specs, [(a.date(), s) for _, a, s in ratings], period.start, period.end
    )
    for item in data["agencies"]:
        assert {k: item[k] for k in t} == figure_definitions.reference_totals(
            [s for s in specs if s.agency == item["code"]],
            [
                (a.date(), s)
                for c, a, s in ratings
                if c in {d.code for d in specs if d.agency == item["code"]}
            ],
            period.start,
            period.end,
        )


# --- each definition's edges -----------------------------------------------------------------


def test_resolved_on_the_due_date_is_on_time_whatever_the_hour(app):
    due = at("2022-07-15T08:00")
    specs = [
        Spec("EARLY", "P1", at("2022-07-01T09:00"), due, "resolved", at("2022-07-14T23:59:59")),
        Spec("ON1", "P1", at("2022-07-01T09:00"), due, "resolved", at("2022-07-15T00:00")),
        Spec("ON2", "P1", at("2022-07-01T09:00"), due, "returned", at("2022-07-15T16:30")),
        Spec("LATE", "P1", at("2022-07-01T09:00"), due, "resolved", at("2022-07-16T00:00")),
    ]
    with app.app_context():
        load(specs)
        publish("2022-07")
        data = report(parse_period("2022-07"))
    t = data["totals"]
    assert (t["resolved"], t["resolved_early"], t["resolved_on_time"], t["resolved_late"]) == (
        4,
        1,
        2,
        1,
    )
    assert data["rates"]["late_pct"] == 25.0 and data["rates"]["timely_pct"] == 75.0
    # Time saved counts only results before the due time: 8 h 0 min 1 s + 8 h = 16 h.
    assert t["time_saved_hours"] == 16


def test_rejected_and_withdrawn_dossiers_are_closed_without_result_not_resolved(app):
    specs = [
        Spec(
            "REJ",
            "P1",
            at("2022-07-01T09:00"),
            at("2022-07-05T17:00"),
            "rejected",
            at("2022-07-02T10:00"),
            return_channel="postal",
        ),
        Spec(
            "WDR",
            "P1",
            at("2022-06-20T09:00"),
            at("2022-07-05T17:00"),
            "withdrawn",
            at("2022-07-31T23:59:59"),
        ),
        Spec(
            "RES",
            "P1",
            at("2022-07-01T09:00"),
            at("2022-07-05T17:00"),
            "resolved",
            at("2022-07-03T10:00"),
        ),
    ]
    with app.app_context():
        load(specs)
        publish("2022-06", "2022-07")
        t = totals("2022-07")
    assert (t["resolved"], t["closed_without_result"], t["pending"]) == (1, 2, 0)
    assert t["returned_by_postal"] == 0  # only resolved dossiers count as returned by post
    assert t["time_saved_hours"] == 55  # the resolved one only
    assert (t["received_new"], t["carried_over"]) == (2, 1)


def test_a_dossier_carried_over_twice_counts_in_each_month_but_once_in_the_range(app):
    specs = [
        Spec(
            "SLOW",
            "D1",
            at("2022-05-20T09:00"),
            at("2022-06-10T17:00"),
            "resolved",
            at("2022-08-01T00:00"),
        ),
        # Finished on the last second of June: carried into June, not into July.
        Spec(
            "JUNE",
            "D1",
            at("2022-05-31T23:59:59"),
            at("2022-06-02T17:00"),
            "resolved",
            at("2022-06-30T23:59:59"),
        ),
    ]
    with app.app_context():
        load(specs)
        publish("2022-05", "2022-06", "2022-07", "2022-08")
        june, july = totals("2022-06"), totals("2022-07")
        both = totals("2022-06..2022-07")
        august = totals("2022-08")
    assert (june["carried_over"], june["pending"], june["pending_overdue"]) == (2, 1, 1)
    assert (june["resolved_late"]) == 1
    assert (july["carried_over"], july["pending"], july["pending_overdue"]) == (1, 1, 1)
    assert (both["carried_over"], both["pending"], both["resolved"]) == (2, 1, 1)
    assert (august["carried_over"], august["pending"], august["resolved_late"]) == (1, 0, 1)


def test_ratings_count_in_the_month_they_were_given_not_the_dossiers(app):
    specs = [
        Spec(
            f"D{i}",
            "C1",
            at("2022-06-10T09:00"),
            at("2022-06-20T17:00"),
            "resolved",
            at("2022-06-15T10:00"),
        )
        for i in range(4)
    ]
    ratings = [
        ("D0", at("2022-06-30T23:59:59"), "very_satisfied"),
        ("D1", at("2022-07-01T00:00"), "satisfied"),
        ("D2", at("2022-07-31T23:59:59"), "unsatisfied"),
        ("D3", at("2022-08-01T00:00"), "very_satisfied"),
    ]
    with app.app_context():
        load(specs, ratings)
        publish("2022-06", "2022-07", "2022-08")
        july = report(parse_period("2022-07"))
        summer = totals("2022-06..2022-08")
    assert july["totals"]["ratings"] == {"very_satisfied": 0, "satisfied": 1, "unsatisfied": 1}
    assert july["rates"]["satisfied_pct"] == 50.0
    assert july["totals"]["resolved"] == 0  # the dossiers themselves belong to June
    assert summer["ratings"] == {"very_satisfied": 2, "satisfied": 1, "unsatisfied": 1}


def test_overdue_means_pending_with_a_due_date_before_the_periods_end(app):
    specs = [
        Spec("DUE31", "C2", at("2022-07-01T09:00"), at("2022-07-31T23:00")),  # overdue
        Spec("DUE1", "C2", at("2022-07-01T09:00"), at("2022-08-01T00:00"), "supplement"),
        Spec(
            "DONE",
            "C2",
            at("2022-07-01T09:00"),
            at("2022-07-05T17:00"),
            "resolved",
            at("2022-08-03T10:00"),
        ),  # finished after E: pending and overdue at E
    ]
    with app.app_context():
        load(specs)
        publish("2022-07", "2022-08")
        july, august = totals("2022-07"), totals("2022-08")
    assert (july["pending"], july["pending_overdue"]) == (3, 2)
    assert (august["carried_over"], august["resolved_late"]) == (3, 1)
    assert (august["pending"], august["pending_overdue"]) == (2, 2)


def test_a_quarter_adds_up_its_flows_and_takes_its_stocks_from_the_ends(app):
    specs, ratings = fd.random_specs(300, seed=3, first=date(2022, 6, 1), last=date(2022, 9, 30))
    with app.app_context():
        load(specs, ratings)
        publish("2022-06", "2022-07", "2022-08", "2022-09")
        months = [totals(m) for m in ("2022-07", "2022-08", "2022-09")]
        quarter = totals("2022-Q3")
    flat = [figures.flatten(m) for m in months]
    combined = figures.flatten(quarter)
    for key in figures.FIELD_KEYS:
        if key == "carried_over":
            assert combined[key] == flat[0][key]
        elif key in ("pending", "pending_overdue"):
            assert combined[key] == flat[-1][key]
        elif key != "time_saved_hours":  # hours are rounded once, for the whole period
            assert combined[key] == sum(f[key] for f in flat), key


# --- the fast path against the definitions, and the identity ---------------------------------


PERIODS = [
    "2022-03",
    "2022-04",
    "2022-05",
    "2022-06",
    "2022-07",
    "2022-Q2",
    "2022-04..2022-06",
    "2022-03..2022-07",
    "2022-08",
]


def test_the_rollup_gives_exactly_the_definitions_on_random_data(app):
    specs, ratings = fd.random_specs(1500, seed=11)
    months = parse_period("2022-03..2022-12").months
    with app.app_context():
        load(specs, ratings)
        publish(*months)
        for text in PERIODS:
            period = parse_period(text)
            assert report(period)["totals"] == expected(specs, ratings, period), text
            for level in ("province", "district", "commune"):
                data = report(period, level=level)
                assert data["totals"] == expected(specs, ratings, period, level=level)
                assert {a["level"] for a in data["agencies"]} <= {level}
            for code, *_ in fd.RANDOM_AGENCIES:
                data = report(period, agency=code)
                assert data["totals"] == expected(specs, ratings, period, agencies={code})
                item = data["agencies"][0]
                assert {k: item[k] for k in data["totals"]} == data["totals"]
                assert {k: item[k] for k in data["rates"]} == data["rates"]


def test_received_plus_carried_over_equals_finished_plus_pending_everywhere(app):
    specs, ratings = fd.random_specs(1500, seed=12)
    with app.app_context():
        load(specs, ratings)
        rows = db.session.execute(select(MonthlyFigure.month, MonthlyFigure.figures)).all()
        assert len(rows) > 20
        for month, f in rows:  # every month × agency of the rollup
            assert f["received_new"] + f["carried_over"] == (
                f["resolved"] + f["closed_without_result"] + f["pending"]
            ), month
            assert f["resolved"] == (
                f["resolved_early"] + f["resolved_on_time"] + f["resolved_late"]
            )
            assert f["received_new"] == sum(
                f[f"received_by_channel.{c}"] for c in ("direct", "online", "postal")
            )
            assert 0 <= f["pending_overdue"] <= f["pending"]
        publish(*parse_period("2022-01..2022-12").months)
        for text in PERIODS + ["2022", "2022-Q1", "2022-Q4"]:
            for level in (None, "province", "district", "commune"):
                data = report(parse_period(text), level=level)
                for t in [data["totals"]] + data["agencies"]:
                    assert t["received_new"] + t["carried_over"] == (
                        t["resolved"] + t["closed_without_result"] + t["pending"]
                    )


def test_the_rollup_reaches_the_current_month_and_skips_empty_ones(app, monkeypatch):
    monkeypatch.setattr(rollup, "current_month", lambda: "2022-09")
    specs = [
        Spec("OPEN", "P2", at("2022-06-10T09:00"), at("2022-06-20T17:00")),
        Spec(
            "GONE",
            "P1",
            at("2022-06-10T09:00"),
            at("2022-06-20T17:00"),
            "resolved",
            at("2022-06-11T09:00"),
        ),
    ]
    with app.app_context():
        load(specs)
        rows = sorted(db.session.execute(select(MonthlyFigure.month, MonthlyFigure.agency_id)))
    assert [m for m, _ in rows].count("2022-06") == 2
    assert [m for m, _ in rows if m > "2022-06"] == ["2022-07", "2022-08", "2022-09"]


def test_refresh_writes_only_what_changed_and_ignores_catalogue_imports(app):
    specs, ratings = fd.random_specs(200, seed=5)
    with app.app_context():
        load(specs, ratings)
        assert rollup.refresh(db.session, "all") == 0
        assert rollup.refresh(db.session, "agencies") == 0
        fd.add_dossiers([Spec("NEW", "P1", at("2022-07-10T09:00"), at("2022-07-12T09:00"))])
        assert rollup.refresh(db.session, "dossiers") >= 1
        db.session.commit()


# --- reading published figures ---------------------------------------------------------------


def test_an_unpublished_month_is_not_shown(app):
    specs, ratings = fd.random_specs(50, seed=1)
    with app.app_context():
        load(specs, ratings)
        publish("2022-06")
        with pytest.raises(reports.NotPublished) as raised:
            report(parse_period("2022-06..2022-08"))
        assert raised.value.months == ("2022-07", "2022-08")
        with pytest.raises(reports.NotPublished):
            reports.late_agencies(parse_period("2022-07"))
        assert reports.is_published(parse_period("2022-06"))
        assert not reports.is_published(parse_period("2022-Q2"))


def test_an_unknown_agency_or_level_is_refused(app):
    specs, ratings = fd.random_specs(50, seed=1)
    with app.app_context():
        load(specs, ratings)
        publish("2022-06")
        with pytest.raises(reports.UnknownAgency):
            report(parse_period("2022-06"), agency="NOPE")
        with pytest.raises(ValueError):
            report(parse_period("2022-06"), level="country")
        assert report(parse_period("2022-06"), agency="p1")["agency"] == "P1"
        assert report(parse_period("2022-06"), level="all")["level"] == "all"


def test_published_months_are_listed_newest_first(app):
    specs, ratings = fd.random_specs(50, seed=1)
    with app.app_context():
        load(specs, ratings)
        publish("2022-05", "2022-07", "2022-06")
        listed = reports.published_months()
        assert [m["period"] for m in listed] == ["2022-07", "2022-06", "2022-05"]
        assert isinstance(listed[0]["published_at"], datetime)
        assert reports.latest_published_month() == "2022-07"


def test_the_monthly_series_keeps_a_gap_for_an_unpublished_month(app):
    specs, ratings = fd.random_specs(300, seed=2)
    with app.app_context():
        load(specs, ratings)
        publish("2022-04", "2022-06")
        series = reports.monthly_series(["2022-04", "2022-05", "2022-06"], level="commune")
        assert [s["published"] for s in series] == [True, False, True]
        assert series[1]["totals"] is None and series[1]["rates"] is None
        assert series[2]["totals"] == totals("2022-06", level="commune")
        late = reports.late_series(["2022-04", "2022-05", "2022-06"])
        assert set(late) <= {code for code, *_ in fd.RANDOM_AGENCIES}
        assert all(entries[1] is None for entries in late.values())


def test_late_agencies_are_ordered_by_late_rate_then_late_count_then_code(app):
    def dossier(code, agency, late, overdue=False):
        received = at("2022-07-01T09:00")
        if overdue:
            return Spec(code, agency, received, at("2022-07-10T17:00"))
        return Spec(
            code,
            agency,
            received,
            at("2022-07-10T17:00"),
            "resolved",
            at("2022-07-11T09:00") if late else at("2022-07-09T09:00"),
        )

    specs = (
        [dossier(f"A{i}", "P1", i < 1) for i in range(2)]  # 50 %, 1 late
        + [dossier(f"B{i}", "P2", i < 2) for i in range(4)]  # 50 %, 2 late
        + [dossier(f"C{i}", "D1", i < 1) for i in range(2)]  # 50 %, 1 late
        + [dossier("E0", "C1", False, overdue=True)]  # none resolved: no rate, overdue
        + [dossier(f"F{i}", "C2", False) for i in range(3)]  # on time: not listed
    )
    with app.app_context():
        load(specs)
        publish("2022-07")
        data = reports.late_agencies(parse_period("2022-07"))
        districts = reports.late_agencies(parse_period("2022-07"), level="district")
    assert [i["code"] for i in data["items"]] == ["P2", "D1", "P1", "C1"]
    assert data["items"][0] == {
        "code": "P2",
        "name_vi": "Sở Hai",
        "name_en": "Department Two",
        "level": "province",
        "resolved": 4,
        "resolved_late": 2,
        "late_pct": 50.0,
        "pending_overdue": 0,
    }
    assert data["items"][-1]["late_pct"] is None and data["items"][-1]["pending_overdue"] == 1
    assert [i["code"] for i in districts["items"]] == ["D1"]


# --- through the real import -----------------------------------------------------------------


def test_the_csv_import_refreshes_the_rollup_to_the_same_figures(app, import_csv):
    specs, ratings = fd.random_specs(400, seed=21)
    # An offset time is turned into local time before its date is taken: 17:30 UTC on
    # 30 June is 00:30 on 1 July in Hà Nội.
    specs.append(Spec("UTC", "P1", at("2022-07-01T00:30"), at("2022-07-03T17:00")))
    lines = [fd.CSV_HEADER] + [s.csv_row() for s in specs]
    lines[-1] = lines[-1].replace("2022-07-01T00:30:00", "2022-06-30T17:30:00+00:00")
    with app.app_context():
        fd.add_agencies(fd.RANDOM_AGENCIES)
    result = import_csv("dossiers", "\n".join(lines) + "\n")
    assert (result.inserted, result.rejected) == (len(specs), 0), result.errors[:3]
    rating_lines = ["dossier_code,rated_at,score"] + [
        f"{code},{moment.isoformat()},{score}" for code, moment, score in ratings
    ]
    assert import_csv("ratings", "\n".join(rating_lines) + "\n").rejected == 0
    with app.app_context():
        publish(*parse_period("2022-03..2022-09").months)
        for text in ("2022-06", "2022-07", "2022-03..2022-09"):
            period = parse_period(text)
            assert report(period)["totals"] == expected(specs, ratings, period), text
        assert totals("2022-07", agency="P1")["received_new"] == sum(
            1 for s in specs if s.agency == "P1" and s.received_at.strftime("%Y-%m") == "2022-07"
        )
    # Importing the same file again changes nothing, the rollup included.
    with app.app_context():
        before = rollup_rows()
    assert import_csv("dossiers", "\n".join(lines) + "\n").unchanged == len(specs)
    with app.app_context():
        assert rollup_rows() == before


def test_a_ratings_import_recounts_the_ratings_alone_to_the_same_result(app):
    specs, ratings = fd.random_specs(300, seed=31)
    with app.app_context():
        fd.add_agencies(fd.RANDOM_AGENCIES)
        fd.add_dossiers(specs)
        fd.refresh_and_commit()
        fd.add_ratings(ratings)
        assert rollup.refresh(db.session, "ratings") > 0
        db.session.commit()
        after_ratings = rollup_rows()
        assert rollup.refresh(db.session, "all") == 0
        assert rollup_rows() == after_ratings


def _changed_specs(specs: list[Spec], seed: int) -> tuple[list[Spec], list[Spec]]:
    """Every specs, a fifth of them changed into another (valid) dossier — other agency,
    months, status, channel — and 30 new ones; returns (all now, the file's rows)."""
    rng = random.Random(seed)
    others, _ = fd.random_specs(len(specs) // 5 + 30, seed=seed + 1)
    changed = {}
    for spec, other in zip(rng.sample(specs, len(specs) // 5), others, strict=False):
        changed[spec.code] = dataclasses.replace(other, code=spec.code)
    new = [dataclasses.replace(s, code=f"NEW{i}") for i, s in enumerate(others[-30:])]
    now = [changed.get(s.code, s) for s in specs] + new
    return now, list(changed.values()) + new


def rollup_rows_recounted() -> list:
    return sorted((m, a, sorted(f.items())) for (m, a), f in rollup.compute(db.session).items())


@pytest.mark.parametrize("seed", [51, 52])
def test_a_refresh_after_changes_recounts_only_them_to_the_full_recount(
    app, import_csv, frozen_clock, seed
):
    specs, ratings = fd.random_specs(500, seed=seed)
    frozen_clock(datetime(2022, 8, 15, 3, 0, tzinfo=UTC))
    with app.app_context():
        fd.add_agencies(fd.RANDOM_AGENCIES)
    lines = [fd.CSV_HEADER, *(s.csv_row() for s in specs)]
    assert import_csv("dossiers", "\n".join(lines)).inserted == len(specs)
    rating_lines = [f"{code},{moment.isoformat()},{score}" for code, moment, score in ratings]
    assert import_csv("ratings", "\n".join(["dossier_code,rated_at,score", *rating_lines])).inserted
    # Two months later, a fifth of the dossiers change (agency, months, status) and 30 are new:
    # the import's refresh counts those alone, yet gives what a full recount gives — and what
    # the definitions give, dossier by dossier, the months since the first import included.
    frozen_clock(datetime(2022, 10, 5, 3, 0, tzinfo=UTC))
    now, rows = _changed_specs(specs, seed)
    result = import_csv("dossiers", "\n".join([fd.CSV_HEADER, *(s.csv_row() for s in rows)]))
    assert (result.inserted, result.updated, result.rejected) == (30, len(rows) - 30, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RollupJournal)) == 0
        assert rollup_rows() == rollup_rows_recounted()
        assert "2022-10" in {m for m, _, _ in rollup_rows()}
        publish(*parse_period("2022-03..2022-10").months)
        for text in ("2022-03..2022-10", "2022-07", "2022-10"):
            period = parse_period(text)
            assert report(period)["totals"] == expected(now, ratings, period), text
        # Changes made by other means are journaled too: a deleted dossier leaves its months.
        rated = {code for code, _, _ in ratings}
        gone = [s.code for s in now if s.code not in rated][:25]
        db.session.execute(delete(Dossier).where(Dossier.code.in_(gone)))
        assert db.session.scalar(select(func.count()).select_from(RollupJournal)) == len(gone)
        assert rollup.refresh(db.session, "dossiers") > 0
        db.session.commit()
        assert rollup_rows() == rollup_rows_recounted()
        kept = [s for s in now if s.code not in gone]
        period = parse_period("2022-03..2022-10")
        publish(*period.months)
        assert report(period)["totals"] == expected(kept, ratings, period)
