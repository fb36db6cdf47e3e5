"""Server-drawn SVG charts, the summary paragraph and the page helpers, without a database."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from portal.stats import charts, pages
from portal.stats.periods import parse_period
from portal.stats.summary import anchor, period_name, period_opening, summary_paragraph

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(markup) -> ET.Element:
    """Parse a chart as XML and check what every chart must have."""
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "viewBox" in root.attrib
    assert not any("style" in el.attrib for el in root.iter()), "CSP forbids inline styles"
    return root


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter(f"{SVG}text")]


def test_a_bar_chart_is_valid_svg_with_a_title_a_description_and_its_values_written_out():
    bars = [
        charts.Bar("In person", 23.4, "23.40% (3,956)"),
        charts.Bar("Online", 75.84, "75.84% (12,819)", "ok"),
        charts.Bar("By post", 0.76, "0.76% (128)", "late"),
    ]
    root = parse_svg(
        charts.bar_chart("c1", "New dossiers by channel", "Shares", [(None, bars)], maximum=100)
    )
    assert root.find(f"{SVG}title").text == "New dossiers by channel"
    assert {"In person", "Online", "By post", "75.84% (12,819)"} <= set(texts(root))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[1] > widths[0] > widths[2] > 0
    assert max(widths) <= 400


def test_chart_texts_are_escaped():
    root = parse_svg(
        charts.bar_chart(
            "c2", "A <b>bold</b> title", "x & y", [("<script>", [charts.Bar("<i>", 1, "1 & 2")])]
        )
    )
    assert root.find(f"{SVG}title").text == "A <b>bold</b> title"
    assert "<script>" in texts(root) and "1 & 2" in texts(root)
    assert root.find(f"{SVG}script") is None


def test_a_bar_without_a_value_draws_nothing_but_still_says_so():
    root = parse_svg(
        charts.bar_chart("c3", "T", "D", [(None, [charts.Bar("Late", None, "–")])], maximum=100)
    )
    assert "–" in texts(root)
    assert all(float(r.get("width")) == 0 for r in root.iter(f"{SVG}rect"))


def test_grouped_bars_have_a_heading_per_group():
    groups = [
        ("Province", [charts.Bar("Early", 50, "50%")]),
        ("District", [charts.Bar("Early", 20, "20%")]),
    ]
    root = parse_svg(charts.bar_chart("c4", "By level", "D", groups, maximum=100))
    assert ["Province", "Early", "50%", "District", "Early", "20%"] == texts(root)


def test_a_column_chart_has_a_legend_axis_and_a_column_per_month_and_series():
    points = [charts.Point("07/22", (100, 80)), charts.Point("08/22", (None, 50))]
    root = parse_svg(
        charts.column_chart(
            "c5",
            "Volume",
            "D",
            points,
            [("Received", "primary"), ("Resolved", "neutral")],
            [(0, "0"), (50, "50"), (100, "100")],
        )
    )
    assert {"Received", "Resolved", "07/22", "08/22", "0", "100"} <= set(texts(root))
    assert len(list(root.iter(f"{SVG}rect"))) == 2 + 3  # legend swatches + three columns


def test_a_line_chart_breaks_where_a_month_has_no_figures():
    points = [charts.Point(f"{m:02d}/22", (v,)) for m, v in enumerate([90, 95, None, 97, 99], 1)]
    root = parse_svg(
        charts.line_chart(
            "c6", "Timeliness", "D", points, [("On time", "ok")], [(0, "0%"), (100, "100%")]
        )
    )
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 4


def test_a_sparkline_is_small_valid_svg_with_its_values_in_words():
    root = parse_svg(
        charts.sparkline(
            "s1", "Late rate", "07/22: 5%; 08/22: no figures", [5.0, None, 7.5, 10.0], 10
        )
    )
    assert root.get("width") == "120"
    assert "no figures" in root.find(f"{SVG}desc").text
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 2  # the gap splits the line; a lone point makes none
    assert float(points[-1].split(",")[1]) == pytest.approx(4)  # 10 of 10: the top


@pytest.mark.parametrize("maximum, last", [(0, 1), (7, 8), (95, 100), (16_903, 20_000)])
def test_axis_ticks_are_round_and_reach_the_largest_value(maximum, last):
    ticks = charts.nice_ticks(maximum)
    assert ticks[0] == 0 and ticks[-1] == last


# --- the summary paragraph -------------------------------------------------------------------

JULY = {
    "totals": {
        "received_new": 16903,
        "received_by_channel": {"direct": 3956, "online": 12819, "postal": 128},
        "carried_over": 2263,
        "resolved": 16802,
        "resolved_early": 2756,
        "resolved_on_time": 14046,
        "resolved_late": 0,
        "closed_without_result": 45,
        "pending": 2319,
        "pending_overdue": 0,
        "returned_by_postal": 812,
        "four_on_site": 2720,
        "ratings": {"very_satisfied": 225, "satisfied": 0, "unsatisfied": 0},
        "time_saved_hours": 1000,
    },
    "rates": {
        "direct_pct": 23.4,
        "online_pct": 75.84,
        "postal_pct": 0.76,
        "early_pct": 16.4,
        "on_time_pct": 83.6,
        "late_pct": 0.0,
        "timely_pct": 100.0,
        "postal_return_pct": 4.83,
        "satisfied_pct": 100.0,
    },
}


def plain(markup) -> str:
    return re.sub(r"<[^>]+>", "", str(markup))


@pytest.mark.parametrize(
    "text, vi, en",
    [
        ("2022-07", "tháng 7 năm 2022", "July 2022"),
        ("2022-Q3", "quý III năm 2022", "Q3 2022"),
        ("2022", "năm 2022", "2022"),
        ("2022-01..2022-09", "từ tháng 1 đến tháng 9 năm 2022", "January to September 2022"),
        (
            "2021-11..2022-02",
            "từ tháng 11 năm 2021 đến tháng 2 năm 2022",
            "November 2021 to February 2022",
        ),
    ],
)
def test_each_language_names_a_period_its_own_way(app, text, vi, en):
    period = parse_period(text)
    with app.test_request_context("/vi/stats"):
        assert period_name(period) == vi
    with app.test_request_context("/en/stats"):
        assert period_name(period) == en


def test_a_range_opens_the_paragraph_without_a_preposition(app):
    with app.test_request_context("/vi/stats"):
        assert period_opening(parse_period("2022-07")) == "Trong tháng 7 năm 2022"
        assert period_opening(parse_period("2022-01..2022-09")) == (
            "Từ tháng 1 đến tháng 9 năm 2022"
        )
    with app.test_request_context("/en/stats"):
        assert period_opening(parse_period("2022-01..2022-09")) == (
            "From January to September 2022"
        )


def test_the_summary_reads_like_the_centres_report_in_vietnamese(app):
    with app.test_request_context("/vi/stats"):
        text = summary_paragraph(JULY, parse_period("2022-07"), "Trung tâm")
    assert plain(text).startswith(
        "Trong tháng 7 năm 2022, Trung tâm tiếp nhận mới 16.903 hồ sơ, trong đó tiếp nhận "
        "trực tiếp 3.956 hồ sơ (chiếm 23,40%), trực tuyến 12.819 hồ sơ (chiếm 75,84%), tiếp "
        "nhận qua dịch vụ BCCI 128 hồ sơ (chiếm 0,76%); trả kết quả 16.802 hồ sơ, trước hạn "
        "2.756 hồ sơ (chiếm 16,40%), đúng hạn 14.046 hồ sơ (chiếm 83,60%), không có hồ sơ trả "
        "quá hạn, trả qua BCCI 812 hồ sơ (chiếm 4,83%); còn 2.319 hồ sơ đang giải quyết."
    )
    assert "2.720 hồ sơ thực hiện theo quy trình “4 tại chỗ”" in plain(text)
    assert "225 lượt" in plain(text)


def test_the_summary_in_english_uses_english_numbers(app):
    with app.test_request_context("/en/stats"):
        text = plain(summary_paragraph(JULY, parse_period("2022-07"), "the centre"))
    assert text.startswith(
        "In July 2022, the centre received 16,903 new dossiers: 3,956 in "
        "person (23.40%), 12,819 online (75.84%) and 128 by post (0.76%)"
    )
    assert "14,046 on time (83.60%), none late" in text


def test_every_number_in_the_summary_links_to_its_definition(app):
    with app.test_request_context("/vi/stats"):
        text = str(summary_paragraph(JULY, parse_period("2022-07"), "Trung tâm"))
    links = re.findall(r'<a href="#(def-[a-z_]+)">([^<]+)</a>', text)
    words = plain(text).split(", ", 1)[1].replace("“4 tại chỗ”", "")
    numbers = re.findall(r"\d[\d.,]*%?", words)
    assert len(links) == len(numbers)
    assert ("def-received_new", "16.903") in links
    assert ("def-received_by_channel_online", "75,84%") in links
    assert ("def-returned_by_postal", "812") in links


def test_the_summary_escapes_the_subject_and_says_plainly_when_nothing_happened(app):
    empty = {"totals": {k: 0 for k in JULY["totals"]}, "rates": dict.fromkeys(JULY["rates"])}
    empty["totals"]["ratings"] = {}
    empty["totals"]["received_by_channel"] = {}
    with app.test_request_context("/en/stats"):
        text = str(summary_paragraph(empty, parse_period("2022-07"), "<Sở & Ban>"))
    assert "&lt;Sở &amp; Ban&gt; received no new dossiers" in text
    assert "no dossier was resolved" in text


def test_late_figures_are_named_when_there_are_some(app):
    late = {
        "totals": dict(JULY["totals"], resolved_late=12, pending_overdue=3),
        "rates": dict(JULY["rates"], late_pct=0.07),
    }
    with app.test_request_context("/vi/stats"):
        text = plain(summary_paragraph(late, parse_period("2022-07"), "Trung tâm"))
    assert "quá hạn 12 hồ sơ (chiếm 0,07%)" in text
    assert "còn 2.319 hồ sơ đang giải quyết, trong đó 3 hồ sơ đã quá hạn" in text


def test_the_second_sentence_starts_with_a_capital_and_one_of_a_kind_is_singular(app):
    one = {
        "totals": dict(
            JULY["totals"],
            received_new=1,
            received_by_channel={"direct": 1},
            resolved=1,
            resolved_early=1,
            resolved_on_time=0,
            returned_by_postal=1,
            pending=1,
            pending_overdue=1,
            carried_over=1,
            closed_without_result=0,
            four_on_site=1,
            ratings={},
        ),
        "rates": JULY["rates"],
    }
    with app.test_request_context("/vi/stats"):
        vi = plain(summary_paragraph(JULY, parse_period("2022-07"), "Trung tâm"))
    assert vi.endswith(
        "còn 2.319 hồ sơ đang giải quyết. Kỳ trước chuyển sang 2.263 hồ sơ; 45 hồ sơ kết thúc "
        "không có kết quả (bị từ chối hoặc rút); 2.720 hồ sơ thực hiện theo quy trình “4 tại "
        "chỗ”. Trong kỳ có 225 lượt người dân, tổ chức đánh giá mức độ hài lòng, 100,00% hài "
        "lòng hoặc rất hài lòng, trong đó 225 lượt rất hài lòng."
    )
    with app.test_request_context("/en/stats"):
        en = plain(summary_paragraph(one, parse_period("2022-07"), "the centre"))
    assert en == (
        "In July 2022, the centre received 1 new dossier: 1 in person (23.40%), 0 online "
        "(75.84%) and 0 by post (0.76%); 1 dossier was resolved: 1 early (16.40%), 0 on time "
        "(83.60%), none late, 1 result was returned by post (4.83%); 1 dossier was still being "
        "processed at the end of the period, 1 of them overdue. 1 dossier was carried over from "
        "before the period; 1 new dossier followed the “4 on site” process."
    )


def test_definition_anchors_are_stable():
    assert anchor("resolved_late") == "def-resolved_late"
    assert anchor("late_pct") == "def-resolved_late"
    assert anchor("ratings.satisfied") == "def-ratings_satisfied"


# --- page helpers ----------------------------------------------------------------------------

ROWS = [
    {"code": "A", "name_vi": "Bê", "level": "district", "received_new": 5, "late_pct": 10.0},
    {"code": "B", "name_vi": "An", "level": "province", "received_new": 9, "late_pct": None},
    {"code": "C", "name_vi": "Cê", "level": "commune", "received_new": 1, "late_pct": 50.0},
]


def test_agency_rows_sort_by_any_column_with_missing_values_last():
    names = {"A": "Bê", "B": "An", "C": "Cê"}
    rows, sort, direction = pages.sort_agencies(ROWS, "received_new", "desc", names)
    assert [r["code"] for r in rows] == ["B", "A", "C"] and (sort, direction) == (
        "received_new",
        "desc",
    )
    rows, *_ = pages.sort_agencies(ROWS, "late_pct", "asc", names)
    assert [r["code"] for r in rows] == ["A", "C", "B"]
    rows, *_ = pages.sort_agencies(ROWS, "name", "asc", names)
    assert [r["code"] for r in rows] == ["B", "A", "C"]
    rows, *_ = pages.sort_agencies(ROWS, "level", "asc", names)
    assert [r["code"] for r in rows] == ["B", "A", "C"]


def test_an_unknown_sort_column_keeps_the_reports_order():
    rows, sort, direction = pages.sort_agencies(ROWS, "'; drop", "sideways", {})
    assert rows == ROWS and sort is None and direction == "desc"


def test_published_months_group_into_years_with_complete_quarters():
    months = [{"period": f"2022-{m:02d}", "published_at": None} for m in range(1, 8)]
    months += [{"period": f"2021-{m:02d}", "published_at": None} for m in range(1, 13)]
    groups = pages.year_groups(months)
    assert [g.year for g in groups] == ["2022", "2021"]
    assert groups[0].months[0]["period"] == "2022-07"
    assert groups[0].quarters == ["2022-Q2", "2022-Q1"] and not groups[0].complete
    assert groups[1].complete and groups[1].quarters == [f"2021-Q{q}" for q in (4, 3, 2, 1)]


def test_the_twelve_months_run_across_the_new_year():
    months = pages.last_months("2022-02")
    assert months[0] == "2021-03" and months[-1] == "2022-02" and len(months) == 12


def test_correction_lines_name_the_figure_and_the_agency(app):
    changed = {
        "resolved": [10, 11],
        "agencies.S.01.resolved_late": [0, 1],
        "agencies.D1.level": ["district", "province"],
        "agencies.D1.received_by_channel.online": [1000, 1001],
    }
    with app.test_request_context("/en/stats"):
        lines = pages.correction_lines(changed, {"S.01": "Dept One"})
        assert [(c.what, c.old, c.new) for c in lines] == [
            ("Resolved", "10", "11"),
            ("Dept One: Resolved late", "0", "1"),
            ("D1: Level", "District", "Province"),
            ("D1: Received online", "1,000", "1,001"),
        ]


@pytest.mark.parametrize(
    "values, expected",
    [
        ([91.2, 94.8, 93.0], [91.0, 92.0, 93.0, 94.0, 95.0]),
        ([2.1, 3.4, 5.9], [2.0, 3.0, 4.0, 5.0, 6.0]),
        ([12.0, 31.0], [10.0, 20.0, 30.0, 40.0]),
        ([100.0, 100.0], [99.5, 100.0]),
        ([0.0, 0.0], [0.0, 0.5]),
        ([3.0, 97.0], [0.0, 25.0, 50.0, 75.0, 100.0]),
        ([], [0.0, 25.0, 50.0, 75.0, 100.0]),
    ],
)
def test_rate_axes_fit_the_values_instead_of_always_spanning_0_to_100(values, expected):
    assert charts.rate_ticks(values) == expected
