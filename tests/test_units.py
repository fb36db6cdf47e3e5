"""Figures counted two ways (CONTRACT §5): as the units were then, and as today's units.

The fixture lives through a reorganisation like the 2025 one: two departments merged into one
in March 2025 (and a department absorbed by another), three communes and a district merged
into one commune on 1 July 2025, a commune that changed twice (a chain of two successors), and
a district dissolved with no successor. Dossiers keep the agency that recorded them; the
frozen published rows are regrouped by today's successor chains when ``units=current``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.catalogue.imports import AgencyKind, ProcedureKind
from portal.extensions import db
from portal.imports import run_import
from portal.models import PublishedFigure
from portal.stats.publish import publish_months

from . import figures_data as fd
from .conftest import parse_page
from .figures_data import Spec

# code, name_vi, name_en, level, active_from, active_to, successor_code
AGENCIES = [
    ("CAT", "Công an tỉnh", "Provincial Police", "province", "", "", ""),
    ("STC", "Sở Tài chính", "Department of Finance", "province", "", "", ""),
    (
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        "province",
        "",
        "2025-02-28",
        "STC",
    ),
    (
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "province",
        "",
        "2025-02-28",
        "SNNMT",
    ),
    (
        "SNNPTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        "province",
        "",
        "2025-02-28",
        "SNNMT",
    ),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        "province",
        "2025-03-01",
        "",
        "",
    ),
    ("DB", "UBND huyện Bắc", "North District", "district", "", "2025-06-30", "XN"),
    ("DH", "UBND huyện Hải", "Hai District", "district", "", "2025-06-30", ""),
    ("X1", "UBND xã Một", "Commune One", "commune", "", "2025-06-30", "XN"),
    ("X2", "UBND xã Hai", "Commune Two", "commune", "", "2025-06-30", "XN"),
    ("X3", "UBND xã Ba", "Commune Three", "commune", "", "2025-06-30", "XN"),
    ("XN", "UBND xã Nam", "Nam Commune", "commune", "2025-07-01", "", ""),
    ("XA", "UBND xã An", "An Commune", "commune", "", "2024-12-31", "XB"),
    ("XB", "UBND xã Bình", "Binh Commune", "commune", "2025-01-01", "2025-06-30", "XC"),
    ("XC", "UBND xã Cường", "Cuong Commune", "commune", "2025-07-01", "", ""),
]
MONTHS = ["2024-12"] + [f"2025-{m:02d}" for m in range(1, 8)]
# Recorded agencies counted under each current unit (the end of each successor chain).
GROUPS = {
    "CAT": ["CAT"],
    "STC": ["STC", "SKHDT"],
    "SNNMT": ["SNNMT", "STNMT", "SNNPTNT"],
    "XN": ["XN", "X1", "X2", "X3", "DB"],
    "XC": ["XC", "XA", "XB"],
    "DH": ["DH"],
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def done(code, agency, received, due, finished, **kw) -> Spec:
    """A dossier resolved at `finished` (late when after the due date)."""
    return Spec(
        code, agency, at(received), at(due), status="resolved", resolved_at=at(finished), **kw
    )


def waiting(code, agency, received, due) -> Spec:
    return Spec(code, agency, at(received), at(due), channel="direct")


SPECS = [
    # December 2024: XA one late, one early, one overdue at the month's end (resolved in
    # January, late); CAT one on time.
    done("A1", "XA", "2024-12-01 08:00", "2024-12-05 17:00", "2024-12-10 09:00"),
    done("A2", "XA", "2024-12-02 08:00", "2024-12-09 17:00", "2024-12-04 09:00"),
    done("A3", "XA", "2024-12-20 08:00", "2024-12-27 17:00", "2025-01-10 09:00"),
    done("P1", "CAT", "2024-12-03 08:00", "2024-12-06 17:00", "2024-12-06 09:00"),
    # January 2025: XB one on time.
    done("B1", "XB", "2025-01-06 08:00", "2025-01-10 17:00", "2025-01-10 10:00"),
    # February 2025: SKHDT one late and one overdue into March (resolved late on 10 March);
    # STNMT one late (and a rating), SNNPTNT one on time.
    done("K1", "SKHDT", "2025-02-03 08:00", "2025-02-07 17:00", "2025-02-12 10:00"),
    done("K2", "SKHDT", "2025-02-20 08:00", "2025-02-26 17:00", "2025-03-10 10:00"),
    done("T1", "STNMT", "2025-02-04 08:00", "2025-02-06 17:00", "2025-02-10 10:00"),
    done("N1", "SNNPTNT", "2025-02-05 08:00", "2025-02-11 17:00", "2025-02-11 08:00"),
    # March 2025: STC one late; one received 25 March and never finished (overdue since the
    # 28th); SNNMT one early.
    done("C1", "STC", "2025-03-03 08:00", "2025-03-05 17:00", "2025-03-07 10:00"),
    waiting("C2", "STC", "2025-03-25 08:00", "2025-03-28 17:00"),
    done("M1", "SNNMT", "2025-03-04 08:00", "2025-03-14 17:00", "2025-03-06 10:00"),
    # June 2025: X1 late, X2 on time and one pending into July (resolved early there), X3
    # early, DB late, XB late; DH two late and one on time.
    done("X1a", "X1", "2025-06-02 08:00", "2025-06-04 17:00", "2025-06-09 10:00"),
    done("X2a", "X2", "2025-06-02 08:00", "2025-06-04 17:00", "2025-06-04 10:00"),
    done("X2b", "X2", "2025-06-25 08:00", "2025-07-08 17:00", "2025-07-03 10:00"),
    done("X3a", "X3", "2025-06-03 08:00", "2025-06-09 17:00", "2025-06-05 10:00"),
    done("DBa", "DB", "2025-06-03 08:00", "2025-06-05 17:00", "2025-06-12 10:00"),
    done("B2", "XB", "2025-06-03 08:00", "2025-06-05 17:00", "2025-06-13 10:00"),
    done("H1", "DH", "2025-06-02 08:00", "2025-06-04 17:00", "2025-06-06 10:00"),
    done("H2", "DH", "2025-06-03 08:00", "2025-06-05 17:00", "2025-06-09 10:00"),
    done("H3", "DH", "2025-06-04 08:00", "2025-06-10 17:00", "2025-06-10 09:00"),
    # July 2025: XN two early and one late; XC two early; CAT one on time.
    done("N2", "XN", "2025-07-01 08:00", "2025-07-08 17:00", "2025-07-02 10:00"),
    done("N3", "XN", "2025-07-02 08:00", "2025-07-09 17:00", "2025-07-03 10:00"),
    done("N4", "XN", "2025-07-03 08:00", "2025-07-07 17:00", "2025-07-10 10:00"),
    done("C3", "XC", "2025-07-03 08:00", "2025-07-10 17:00", "2025-07-04 10:00"),
    done("C4", "XC", "2025-07-04 08:00", "2025-07-11 17:00", "2025-07-05 10:00"),
    done("P2", "CAT", "2025-07-07 08:00", "2025-07-10 17:00", "2025-07-10 09:00"),
]
RATINGS = [
    ("T1", at("2025-02-15 10:00"), "unsatisfied"),
    ("N1", at("2025-02-15 11:00"), "satisfied"),
]


def add_reorganised_agencies(rows=AGENCIES) -> None:
    """The agencies with their dates and successors, each with one procedure P-<code>."""
    head = "code,name_vi,name_en,level,parent_code,active_from,active_to,successor_code"
    lines = [head] + [
        f"{c},{vi},{en},{lv},,{start},{end},{succ}" for c, vi, en, lv, start, end, succ in rows
    ]
    result = run_import(AgencyKind(db.session), io.BytesIO("\n".join(lines).encode()))
    assert result.rejected == 0, result
    lines = ["code,name_vi,agency_code,level,processing_days"]
    lines += [f"P-{c},Thủ tục của {c},{c},{lv},5" for c, _, _, lv, *_ in rows]
    run_import(ProcedureKind(db.session), io.BytesIO("\n".join(lines).encode()))


@pytest.fixture
def reorganised(app):
    """The reorganisation's dossiers, December 2024 to July 2025 published."""
    with app.app_context():
        add_reorganised_agencies()
        fd.add_dossiers(SPECS)
        fd.add_ratings(RATINGS)
        fd.refresh_and_commit()
        publish_months(MONTHS)


def stats(client, period: str, **args) -> dict:
    response = client.get(f"/api/v1/stats/{period}", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def by_code(data: dict) -> dict[str, dict]:
    return {item["code"]: item for item in data["agencies"]}


COUNTS = (
    "received_new",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "closed_without_result",
    "pending",
    "pending_overdue",
    "returned_by_postal",
    "four_on_site",
    "time_saved_hours",
    "working_hours_saved",
)


def counts(item: dict) -> dict:
    """The plain counts of a totals object or an agency item, nested ones flattened."""
    out = {key: item[key] for key in COUNTS}
    out.update({f"channel.{k}": v for k, v in item["received_by_channel"].items()})
    out.update({f"ratings.{k}": v for k, v in item["ratings"].items()})
    return out


def summed(items: list[dict]) -> dict:
    flats = [counts(i) for i in items]
    return {key: sum(f[key] for f in flats) for key in flats[0]} if flats else {}


PERIODS = MONTHS + [
    "2025-Q1",
    "2025-Q2",
    "2025-02..2025-03",
    "2025-03..2025-04",
    "2024-12..2025-07",
]


# --- JSON ------------------------------------------------------------------------------------


def test_totals_without_a_filter_are_the_same_under_both_units(client, reorganised):
    for period in PERIODS:
        recorded = stats(client, period)
        current = stats(client, period, units="current")
        assert current["totals"] == recorded["totals"], period
        assert current["rates"] == recorded["rates"], period
        assert stats(client, period, units="recorded") == recorded


def test_current_units_count_each_dossier_under_the_end_of_its_chain(client, reorganised):
    for period in PERIODS:
        recorded = by_code(stats(client, period))
        current = by_code(stats(client, period, units="current"))
        expected = {
            unit: summed([recorded[c] for c in members if c in recorded])
            for unit, members in GROUPS.items()
            if any(c in recorded for c in members)
        }
        assert set(current) == set(expected), period
        for unit, figures in expected.items():
            assert counts(current[unit]) == figures, (period, unit)


def test_a_chain_of_two_successors_ends_at_the_last_unit(client, reorganised):
    # December 2024: only XA existed; today its work is XC's (XA → XB → XC).
    data = stats(client, "2024-12", units="current")
    xc = by_code(data)["XC"]
    assert (xc["name_vi"], xc["name_en"], xc["level"]) == (
        "UBND xã Cường",
        "Cuong Commune",
        "commune",
    )
    assert (xc["received_new"], xc["resolved"], xc["resolved_late"], xc["pending_overdue"]) == (
        3,
        2,
        1,
        1,
    )
    assert "XA" not in by_code(data) and "XA" in by_code(stats(client, "2024-12"))


def test_three_communes_and_a_district_merged_into_one_count_as_it(client, reorganised):
    june = stats(client, "2025-06", units="current")
    xn = by_code(june)["XN"]
    # X1 late, X2 on time, X3 early, DB late: 4 resolved, 2 late; X2's second still pending.
    assert (xn["resolved"], xn["resolved_early"], xn["resolved_on_time"], xn["resolved_late"]) == (
        4,
        1,
        1,
        2,
    )
    assert (xn["late_pct"], xn["timely_pct"], xn["pending"]) == (50.0, 50.0, 1)
    # In July the carried-over dossier is XN's too, as the June pending was.
    july = by_code(stats(client, "2025-07", units="current"))["XN"]
    assert (july["carried_over"], july["resolved"], july["resolved_late"]) == (1, 4, 1)
    assert july["late_pct"] == 25.0


def test_a_dissolved_unit_without_successor_keeps_its_own_rows(client, reorganised):
    recorded = by_code(stats(client, "2025-06"))["DH"]
    current = by_code(stats(client, "2025-06", units="current"))["DH"]
    assert current == recorded
    assert current["late_pct"] == 66.67  # 2 of 3, rounded half-up to two decimals


def test_rates_are_recomputed_from_the_regrouped_counts(client, reorganised):
    feb = by_code(stats(client, "2025-02", units="current"))
    snnmt = feb["SNNMT"]  # STNMT late + SNNPTNT on time, before SNNMT existed
    assert (snnmt["resolved"], snnmt["late_pct"], snnmt["on_time_pct"]) == (2, 50.0, 50.0)
    assert snnmt["ratings"] == {"very_satisfied": 0, "satisfied": 1, "unsatisfied": 1}
    assert snnmt["satisfied_pct"] == 50.0


def test_stocks_combine_across_months_under_current_units(client, reorganised):
    # March–April: STC's carried over is March's (SKHDT's February dossier), its pending is
    # April's (its own dossier of 25 March, overdue).
    stc = by_code(stats(client, "2025-03..2025-04", units="current"))["STC"]
    assert (stc["carried_over"], stc["received_new"], stc["resolved"], stc["pending"]) == (
        1,
        2,
        2,
        1,
    )
    assert (stc["pending_overdue"], stc["resolved_late"]) == (1, 2)
    assert stc["received_new"] + stc["carried_over"] == (
        stc["resolved"] + stc["closed_without_result"] + stc["pending"]
    )


def test_agency_takes_the_unit_and_every_unit_whose_current_unit_it_is(client, reorganised):
    for period in PERIODS:
        recorded = by_code(stats(client, period))
        for unit, members in GROUPS.items():
            data = stats(client, period, units="current", agency=unit.lower())
            assert data["agency"] == unit
            present = [recorded[c] for c in members if c in recorded]
            if present:
                assert [i["code"] for i in data["agencies"]] == [unit], (period, unit)
                assert counts(data["totals"]) == summed(present), (period, unit)
            else:
                assert data["agencies"] == [] and data["totals"]["received_new"] == 0


def test_agency_of_a_unit_that_is_nobodys_current_unit_takes_its_own_dossiers(client, reorganised):
    # XB's work is XC's now; no unit's current unit is XB, so only XB's own dossiers count.
    current = stats(client, "2025-01..2025-06", units="current", agency="XB")
    recorded = stats(client, "2025-01..2025-06", agency="XB")
    assert current["totals"] == recorded["totals"]
    assert current["totals"]["resolved"] == 2


def test_level_selects_current_units(client, reorganised):
    district = stats(client, "2025-06", units="current", level="district")
    assert [i["code"] for i in district["agencies"]] == ["DH"]
    assert [i["code"] for i in stats(client, "2025-06", level="district")["agencies"]] == [
        "DB",
        "DH",
    ]
    commune = stats(client, "2025-06", units="current", level="commune")
    assert [i["code"] for i in commune["agencies"]] == ["XC", "XN"]
    assert commune["totals"]["resolved"] == 5  # XB's late one under XC, four under XN
    province = stats(client, "2025-02", units="current", level="province")
    assert [i["code"] for i in province["agencies"]] == ["SNNMT", "STC"]


def test_the_published_rows_never_change(app, client, reorganised):
    with app.app_context():
        before = sorted(map(repr, db.session.scalars(select(PublishedFigure.figures))))
    for period in PERIODS:
        stats(client, period, units="current")
        client.get(f"/vi/stats/{period}?units=current")
    with app.app_context():
        assert sorted(map(repr, db.session.scalars(select(PublishedFigure.figures)))) == before


def test_the_csv_counts_current_units_like_the_json(client, reorganised):
    response = client.get("/api/v1/stats/2025-06.csv?units=current")
    assert response.status_code == 200
    assert 'filename="stats-2025-06-current.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    data = stats(client, "2025-06", units="current")
    assert [r["code"] for r in rows] == [i["code"] for i in data["agencies"]]
    xn = next(r for r in rows if r["code"] == "XN")
    assert (xn["name_vi"], xn["resolved"], xn["resolved_late"], xn["late_pct"]) == (
        "UBND xã Nam",
        "4",
        "2",
        "50.0",
    )
    filtered = client.get("/api/v1/stats/2025-06.csv?units=current&level=district")
    assert [r["code"] for r in csv.DictReader(io.StringIO(filtered.get_data(as_text=True)))] == [
        "DH"
    ]


def test_the_late_list_regroups_by_current_units(client, reorganised):
    response = client.get("/api/v1/late-agencies/2025-06?units=current")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(i["code"], i["late_pct"]) for i in items] == [
        ("XC", 100.0),
        ("DH", 66.67),
        ("XN", 50.0),
        ("STC", None),  # nothing resolved, one overdue since March
    ]
    recorded = client.get("/api/v1/late-agencies/2025-06").get_json()["items"]
    assert [i["code"] for i in recorded] == ["DB", "X1", "XB", "DH", "STC"]
    communes = client.get("/api/v1/late-agencies/2025-06?units=current&level=commune")
    assert [i["code"] for i in communes.get_json()["items"]] == ["XC", "XN"]
    late_csv = client.get("/api/v1/late-agencies/2025-06.csv?units=current")
    assert [r["code"] for r in csv.DictReader(io.StringIO(late_csv.get_data(as_text=True)))] == [
        "XC",
        "DH",
        "XN",
        "STC",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stats/2025-06?units=today",
        "/api/v1/stats/2025-06.csv?units=CURRENT",
        "/api/v1/late-agencies/2025-06?units=none",
        "/api/v1/late-agencies/2025-06.csv?units=x",
    ],
)
def test_an_unknown_units_value_is_a_400_that_says_what_is_allowed(client, reorganised, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad_request",
        "message": "units must be one of: recorded, current",
    }


# --- pages -----------------------------------------------------------------------------------


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return parse_page(response), response.get_data(as_text=True)


def table(html: str, css_class: str) -> str:
    return html.split(f'class="{css_class}', 1)[1].split("</table>", 1)[0]


def row_links(html: str, css_class: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="([^"]+)"', table(html, css_class))


@pytest.mark.parametrize(
    ("lang", "then", "today"),
    [
        ("vi", "Theo đơn vị lúc đó", "Theo đơn vị hiện nay"),
        ("en", "As the units were then", "As today’s units"),
    ],
)
def test_the_stats_page_offers_both_ways_and_says_which_is_shown(
    client, reorganised, lang, then, today
):
    parsed, html = page(client, f"/{lang}/stats/2025-06")
    choice = re.search(r'<ul class="units-choice"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert re.search(rf'aria-current="true"[^>]*>{then}<', choice)
    assert f'href="/{lang}/stats/2025-06?units=current"' in choice and today in choice
    assert row_links(html, "agency-table") == [
        f"/{lang}/agencies/{c}" for c in ("STC", "DB", "DH", "X1", "X2", "X3", "XB")
    ]

    parsed, html = page(client, f"/{lang}/stats/2025-06?units=current&level=commune&sort=late_pct")
    choice = re.search(r'<ul class="units-choice"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert re.search(rf'aria-current="true"[^>]*>{today}<', choice)
    assert f'href="/{lang}/stats/2025-06?level=commune&amp;sort=late_pct"' in choice
    assert row_links(html, "agency-table") == [f"/{lang}/agencies/XC", f"/{lang}/agencies/XN"]
    # Every link that changes the view keeps the units: sorting, other periods, downloads.
    assert re.search(r'href="[^"]*sort=resolved[^"]*units=current', html)
    assert f'href="/{lang}/stats/2025-05?level=commune&amp;units=current"' in html
    assert 'href="/api/v1/stats/2025-06.csv?level=commune&amp;units=current"' in html
    assert 'name="units" value="current"' in html  # the filter form keeps the choice


def test_the_stats_page_counts_a_merged_unit_with_its_predecessors(client, reorganised):
    _, html = page(client, "/en/stats/2025-02?units=current&agency=SNNMT")
    assert "Department of Agriculture and Environment" in html
    big = re.search(r'<div class="big-numbers">(.*?)</div>\s*\n', html, re.S).group(1)
    assert ">2<" in big  # two resolved, by STNMT and SNNPTNT
    _, recorded = page(client, "/en/stats/2025-02?agency=SNNMT")
    assert "No agency matches these filters." in recorded


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("vi", "“theo đơn vị lúc đó” (units=recorded) hoặc “theo đơn vị hiện nay” (units=current)"),
        ("en", "“as the units were then” (units=recorded) or “as today’s units” (units=current)"),
    ],
)
def test_an_unknown_units_value_on_a_page_is_a_400_in_its_language(
    client, reorganised, lang, message
):
    for url in (f"/{lang}/stats/2025-06?units=now", f"/{lang}/late-agencies/2025-06?units=now"):
        _, html = page(client, url, 400)
        assert message in html


def level_choices(html: str, select_id: str) -> list[str]:
    select_html = re.search(rf'<select id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select_html)


@pytest.mark.parametrize("units", ["recorded", "current"])
def test_level_filters_offer_the_levels_that_existed_in_the_period(client, reorganised, units):
    for period, levels in (
        ("2025-07", ["", "province", "commune"]),
        ("2025-06", ["", "province", "district", "commune"]),
        ("2025-06..2025-07", ["", "province", "district", "commune"]),
        ("2024-12", ["", "province", "district", "commune"]),
    ):
        _, html = page(client, f"/en/stats/{period}?units={units}")
        assert level_choices(html, "filter-level") == levels, period
        _, html = page(client, f"/en/late-agencies/{period}?units={units}")
        assert level_choices(html, "late-level") == levels, period


def test_the_late_list_page_regroups_and_links_every_name(client, reorganised):
    # min=0: every agency ranked in one table, however few dossiers it resolved.
    _, html = page(client, "/vi/late-agencies/2025-06?units=current&min=0")
    assert row_links(html, "late-table") == [
        f"/vi/agencies/{code}" for code in ("XC", "DH", "XN", "STC")
    ]
    assert 'href="/api/v1/late-agencies/2025-06.csv?units=current"' in html
    assert 'href="/vi/late-agencies/2025-05?units=current"' in html
    _, html = page(client, "/vi/late-agencies/2025-06?min=0")
    assert row_links(html, "late-table") == [
        f"/vi/agencies/{code}" for code in ("DB", "X1", "XB", "DH", "STC")
    ]


def sparkline_words(html: str, code: str) -> str:
    return re.search(rf'<desc id="spark-{code}-desc">(.*?)</desc>', html, re.S).group(1)


def test_a_merged_units_sparkline_runs_through_its_predecessors_months(client, reorganised):
    _, html = page(client, "/vi/late-agencies/2025-03?units=current")
    words = sparkline_words(html, "STC")
    assert "02/2025: 100,00%" in words  # SKHDT's February: its one resolved dossier was late
    assert "03/2025: 100,00%" in words
    _, html = page(client, "/vi/late-agencies/2025-03")
    assert "02/2025: không có số liệu" in sparkline_words(html, "STC")
    _, html = page(client, "/en/late-agencies/2025-07?units=current")
    words = sparkline_words(html, "XN")
    assert "06/2025: 50.00%" in words and "07/2025: 25.00%" in words


# --- the demo province, which lived through the 2025 reorganisation ---------------------------


def test_every_published_month_of_the_demo_totals_the_same_under_both_units(app, client):
    from portal.demo import seed_demo

    with app.app_context():
        seed_demo(dossiers=3000, echo=lambda line: None)
    months = sorted(i["period"] for i in client.get("/api/v1/periods").get_json()["items"])
    assert len(months) >= 24
    for period in [*months, f"{months[0]}..{months[-1]}"]:
        recorded = stats(client, period)
        current = stats(client, period, units="current")
        assert (current["totals"], current["rates"]) == (recorded["totals"], recorded["rates"])
        # Each agency's hours saved are rounded on their own; every count adds up exactly.
        flows = [
            summed(current["agencies"]),
            summed(recorded["agencies"]),
            counts(recorded["totals"]),
        ]
        for flow in flows:
            flow.pop("time_saved_hours")
        assert flows[0] == flows[1] == flows[2]
        for units in ("recorded", "current"):
            late = client.get(f"/api/v1/late-agencies/{period}?units={units}").get_json()
            assert (
                sum(i["resolved_late"] for i in late["items"])
                == (recorded["totals"]["resolved_late"])
            )


# --- the agency page's monthly figures ---------------------------------------------------------


def unit_month_rows(html: str) -> list[tuple[str, ...]]:
    """(month, received, resolved, early or on time, late rate, overdue) of each table row."""
    body = table(html, "unit-months")
    return [
        tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in cells)
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
        )
    ]


def test_a_merged_units_page_has_its_predecessors_months(client, reorganised):
    parsed, html = page(client, "/en/agencies/XN")
    rows = unit_month_rows(html)
    # Newest first; June 2025 is the work of X1, X2, X3 and DB, before XN existed.
    assert [r[0] for r in rows] == ["07/2025", "06/2025"]
    assert rows[1] == ("06/2025", "5", "4", "50.00%", "50.00%", "0")
    assert rows[0] == ("07/2025", "3", "4", "75.00%", "25.00%", "0")
    assert "the units that Nam Commune took over" in parsed.text
    assert 'href="/en/stats/2025-06?agency=XN&amp;units=current"' in html


def test_a_chain_of_two_ends_on_a_page_with_every_month_of_the_chain(client, reorganised):
    _, html = page(client, "/vi/agencies/XC")
    assert [r[0] for r in unit_month_rows(html)] == [
        "07/2025",
        "06/2025",
        "01/2025",
        "12/2024",
    ]
    assert unit_month_rows(html)[-1][1:3] == ("3", "2")  # XA's December 2024


def test_an_ended_units_page_has_its_own_months_and_names_todays_unit(client, reorganised):
    parsed, html = page(client, "/en/agencies/SKHDT")
    assert [r[0] for r in unit_month_rows(html)] == ["03/2025", "02/2025"]
    assert "as today’s units they count for Department of Finance" in parsed.text
    parsed, html = page(client, "/vi/agencies/DH")  # dissolved, no successor: its own months
    assert [r[0] for r in unit_month_rows(html)] == ["06/2025"]
    assert unit_month_rows(html)[0][4] == "66,67%"


def test_the_period_picker_keeps_todays_units(client, reorganised):
    _, html = page(client, "/en/stats/2025-06?units=current")
    picker = re.search(r'<form class="period-picker".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="units" value="current">' in picker
    response = client.get("/en/stats?period=2025-Q2&units=current")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/en/stats/2025-Q2?units=current")
    assert client.get("/en/stats?period=2025-Q2").headers["Location"].endswith("/en/stats/2025-Q2")
    assert client.get("/en/stats?period=2025-Q2&units=then").status_code == 400
