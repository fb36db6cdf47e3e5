"""The public statistics pages, the late-agencies list and the feed, as visitors see them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from portal.stats.publish import publish_months

from . import figures_data as fd
from .conftest import parse_page
from .figures_data import Spec

ATOM = "{http://www.w3.org/2005/Atom}"
SVG_RE = re.compile(r"<svg\b.*?</svg>", re.S)

AGENCIES = [
    ("P1", "Sở Một", "Department One", "province"),
    ("P2", "Sở Hai", "Department Two", "province"),
    ("D1", "UBND huyện Một", "District One", "district"),
    ("C1", "UBND xã Một", "Commune One", "commune"),
]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def resolved(code, agency, received, due, done, channel="online", **kw) -> Spec:
    return Spec(
        code,
        agency,
        at(received),
        at(due),
        status="resolved",
        resolved_at=at(done),
        channel=channel,
        **kw,
    )


def pending(code, agency, received, due, channel="direct") -> Spec:
    return Spec(code, agency, at(received), at(due), channel=channel)


SPECS = [
    # July 2021: a year before, two on time at P1.
    resolved("Y1", "P1", "2021-07-01 08:00", "2021-07-05 17:00", "2021-07-05 09:00"),
    resolved("Y2", "P1", "2021-07-02 08:00", "2021-07-06 17:00", "2021-07-06 09:00"),
    # June 2022: P1 resolves three early; D1 one late, and one left overdue into July.
    resolved("J1", "P1", "2022-06-01 08:00", "2022-06-10 17:00", "2022-06-03 10:00"),
    resolved("J2", "P1", "2022-06-02 08:00", "2022-06-10 17:00", "2022-06-04 10:00"),
    resolved("J3", "P1", "2022-06-03 08:00", "2022-06-10 17:00", "2022-06-05 10:00"),
    resolved("J4", "D1", "2022-06-01 08:00", "2022-06-05 17:00", "2022-06-08 10:00"),
    resolved("J5", "D1", "2022-06-10 08:00", "2022-06-20 17:00", "2022-07-05 10:00"),
    # July 2022: P1 two early (one by post), one pending; P2 one on time; D1 one late;
    # C1 one pending and overdue, one pending not yet due.
    resolved(
        "K1",
        "P1",
        "2022-07-01 08:00",
        "2022-07-10 17:00",
        "2022-07-03 10:00",
        channel="direct",
        return_channel="postal",
        four_on_site=True,
    ),
    resolved(
        "K2", "P1", "2022-07-02 08:00", "2022-07-10 17:00", "2022-07-04 10:00", channel="postal"
    ),
    pending("K3", "P1", "2022-07-20 08:00", "2022-08-20 17:00"),
    resolved("K4", "P2", "2022-07-04 08:00", "2022-07-08 17:00", "2022-07-08 16:00"),
    resolved("K5", "D1", "2022-07-05 08:00", "2022-07-06 17:00", "2022-07-09 10:00"),
    pending("K6", "C1", "2022-07-06 08:00", "2022-07-10 17:00"),
    pending("K7", "C1", "2022-07-07 08:00", "2022-08-10 17:00"),
]
RATINGS = [
    ("K1", at("2022-07-05 10:00"), "very_satisfied"),
    ("K2", at("2022-07-06 10:00"), "unsatisfied"),
]


@pytest.fixture
def published(app):
    """Agencies at three levels, dossiers over July 2021 and June–July 2022, all published."""
    with app.app_context():
        fd.add_agencies(AGENCIES)
        fd.add_dossiers(SPECS)
        fd.add_ratings(RATINGS)
        fd.refresh_and_commit()
        publish_months(["2021-07", "2022-06", "2022-07"], note="Số liệu tháng")
    return app


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    parsed = parse_page(response)
    html = response.get_data(as_text=True)
    assert ' style="' not in html, "CSP forbids inline styles"
    for svg in SVG_RE.findall(html):
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title").text
    return parsed, html


def summary(html: str) -> str:
    """The quotable paragraph as a reader sees it."""
    paragraph = re.search(r'<p class="quote-summary">(.*?)</p>', html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", paragraph)


def agency_order(html: str) -> list[str]:
    table = html.split('class="agency-table reflow"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="/\w\w/agencies/([^"]+)"', table)


# --- the July 2022 report, in both languages --------------------------------------------------


def test_the_period_page_reproduces_the_july_2022_report_in_vietnamese(app, client):
    with app.app_context():
        fd.add_july_2022()
        publish_months(["2022-07"])
    parsed, html = page(client, "/vi/stats/2022-07")
    assert parsed.h1 == ["Thống kê tháng 7 năm 2022"]
    assert (
        "Trong tháng 7 năm 2022, các cơ quan trên địa bàn tỉnh tiếp nhận mới 16.903 hồ sơ, "
        "trong đó tiếp nhận trực tiếp 3.956 hồ sơ (chiếm 23,40%), trực tuyến 12.819 hồ sơ "
        "(chiếm 75,84%), tiếp nhận qua dịch vụ BCCI 128 hồ sơ (chiếm 0,76%); trả kết quả "
        "16.802 hồ sơ, trước hạn 2.756 hồ sơ (chiếm 16,40%), đúng hạn 14.046 hồ sơ (chiếm "
        "83,60%), không có hồ sơ trả quá hạn, trả qua BCCI 812 hồ sơ (chiếm 4,83%); còn "
        "2.319 hồ sơ đang giải quyết"
    ) in summary(html)
    assert '<a href="#def-received_new">16.903</a>' in html
    assert 'id="def-received_new"' in html and 'id="def-received_by_channel_online"' in html
    assert "2.720 hồ sơ thực hiện theo quy trình “4 tại chỗ”" in parsed.text
    assert "Bảo hiểm xã hội tỉnh" in parsed.text and "11.829" in parsed.text


def test_the_period_page_in_english_formats_numbers_the_english_way(app, client):
    with app.app_context():
        fd.add_july_2022()
        publish_months(["2022-07"])
    parsed, html = page(client, "/en/stats/2022-07")
    assert parsed.h1 == ["Statistics for July 2022"]
    assert "received 16,903 new dossiers: 3,956 in person (23.40%), 12,819 online (75.84%)" in (
        summary(html)
    )
    assert "Provincial Social Insurance" in parsed.text and "11,829" in parsed.text
    assert "16.903" not in parsed.text and "75,84%" not in parsed.text


# --- the period page ----------------------------------------------------------------------------


def test_each_figure_has_its_definition_beside_it(published, client):
    parsed, html = page(client, "/en/stats/2022-07")
    block = html.split('id="def-resolved_late"', 1)[1].split("</div>", 1)[0]
    assert "Resolved late" in block and "after the due date" in block
    assert re.search(r'<dd class="figure-value">2 <span class="share">\(40.00%\)', block)


def test_the_sections_follow_the_centres_report(published, client):
    parsed, html = page(client, "/vi/stats/2022-07")
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings[:7] == [
        "Tóm tắt",
        "Trích dẫn",
        "Tiếp nhận",
        "Đã giải quyết",
        "Đang giải quyết",
        "Mức độ hài lòng",
        "So sánh với các kỳ trước",
    ]
    assert "Theo cấp" in headings and "Theo cơ quan" in headings


def test_the_page_compares_with_the_previous_month_and_the_same_month_last_year(published, client):
    parsed, html = page(client, "/en/stats/2022-07")
    compare = html.split('id="compare-heading"', 1)[1].split("</table>", 1)[0]
    assert 'href="/en/stats/2022-06"' in compare and "June 2022" in compare
    assert 'href="/en/stats/2021-07"' in compare and "July 2021" in compare
    row = re.search(r"New dossiers received</th>(.*?)</tr>", compare, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]+)</td>', row) == ["7", "5", "+2", "2", "+5"]


def test_without_earlier_periods_the_page_says_so(published, client):
    parsed, _ = page(client, "/en/stats/2021-07")
    assert "Neither the previous period nor the same period a year before" in parsed.text


def test_the_agency_table_sorts_by_a_column_without_javascript(published, client):
    _, html = page(client, "/en/stats/2022-07")
    assert agency_order(html) == ["P1", "P2", "D1", "C1"]  # the report's order
    header = re.search(r'<th scope="col" class="num">\s*<a href="([^"]+)">Received \(new\)', html)
    assert header.group(1) == "/en/stats/2022-07?sort=received_new&amp;dir=desc#agencies"

    _, html = page(client, "/en/stats/2022-07?sort=late_pct&dir=desc")
    assert agency_order(html) == ["D1", "P1", "P2", "C1"]  # C1 resolved nothing: last
    assert 'aria-sort="descending"' in html
    assert "/en/stats/2022-07?sort=late_pct&amp;dir=asc#agencies" in html

    _, html = page(client, "/en/stats/2022-07?sort=name&dir=asc")
    assert agency_order(html) == ["C1", "P1", "P2", "D1"]  # Commune, Department One, ...


def test_bad_sort_parameters_are_ignored(published, client):
    _, html = page(client, "/en/stats/2022-07?sort=%3Cx%3E&dir=up")
    assert agency_order(html) == ["P1", "P2", "D1", "C1"]


def test_the_level_and_agency_filters_narrow_every_figure(published, client):
    parsed, html = page(client, "/en/stats/2022-07?level=district")
    assert agency_order(html) == ["D1"]
    assert "In July 2022, district agencies received 1 new dossier" in parsed.text
    assert '<option value="district" selected>' in html
    assert "By level" not in summary(html)

    parsed, html = page(client, "/vi/stats/2022-07?agency=C1")
    assert agency_order(html) == ["C1"]
    assert "UBND xã Một tiếp nhận mới 2 hồ sơ" in summary(html)
    assert '<option value="C1" selected>' in html
    assert "/api/v1/stats/2022-07.csv?agency=C1" in html


def test_the_filter_form_is_a_labelled_get_form(published, client):
    _, html = page(client, "/vi/stats/2022-07")
    form = re.search(r'<form class="stats-filters" method="get" action="/vi/stats/2022-07">', html)
    assert form
    assert '<label for="filter-level">Cấp</label>' in html
    assert '<label for="filter-agency">Cơ quan</label>' in html


def test_charts_have_their_data_tables_beside_them(published, client):
    _, html = page(client, "/en/stats/2022-07")
    for chart_id in (
        "chart-channels",
        "chart-timeliness",
        "chart-levels",
        "chart-trend-volume",
        "chart-trend-timely",
        "chart-trend-late",
    ):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
    figure = html.split('<figure class="chart-with-table"', 1)[1].split("</figure>", 1)[0]
    assert "<svg" in figure and "<table>" in figure
    trend = html.split('id="trend-caption"', 1)[1].split("</table>", 1)[0]
    assert [m for m in re.findall(r"stats/(\d{4}-\d{2})", trend)] == ["2022-06", "2022-07"]


def test_a_quarter_or_a_range_of_published_months_has_its_page(published, client):
    parsed, html = page(client, "/vi/stats/2022-06..2022-07")
    assert parsed.h1 == ["Thống kê từ tháng 6 đến tháng 7 năm 2022"]
    assert summary(html).startswith(
        "Từ tháng 6 đến tháng 7 năm 2022, các cơ quan trên địa bàn tỉnh tiếp nhận mới 12 hồ sơ"
    )


def test_downloads_and_permalinks_are_offered(published, client):
    _, html = page(client, "/en/stats/2022-07?level=province")
    assert 'href="/api/v1/stats/2022-07.csv?level=province"' in html
    assert 'href="/api/v1/stats/2022-07?level=province"' in html
    assert 'href="/en/stats/feed.atom"' in html
    assert '<link rel="canonical" href="http://localhost/en/stats/2022-07?level=province">' in html
    assert client.get("/api/v1/stats/2022-07.csv?level=province").status_code == 200


def test_corrections_are_shown_with_their_date_note_and_values(published, client):
    with client.application.app_context():
        fd.add_dossiers(
            [resolved("L1", "P2", "2022-07-10 08:00", "2022-07-12 17:00", "2022-07-15 10:00")]
        )
        fd.refresh_and_commit()
        publish_months(["2022-07"], note="Sở Hai gửi bổ sung hồ sơ")
    parsed, html = page(client, "/vi/stats/2022-07")
    corrections = html.split('id="corrections"', 1)[1].split("</section>", 1)[0]
    assert "Sở Hai gửi bổ sung hồ sơ" in corrections
    assert "công bố lại lúc" in corrections
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", corrections, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]+)</td>', first) == ["7", "8"]  # received_new
    assert "Sở Hai: " in corrections
    # The figures shown are the new ones.
    assert "tiếp nhận mới 8 hồ sơ" in summary(html)


# --- errors -------------------------------------------------------------------------------------


def test_an_unpublished_period_is_a_404_in_the_visitors_language(published, client):
    parsed, _ = page(client, "/vi/stats/2022-08", 404)
    assert parsed.h1 == ["Số liệu tháng 8 năm 2022 chưa được công bố."]
    parsed, _ = page(client, "/en/stats/2022-Q3", 404)
    assert parsed.h1 == ["The figures for Q3 2022 have not been published."]
    page(client, "/en/late-agencies/2022-08", 404)


@pytest.mark.parametrize(
    "url",
    [
        "/vi/stats/2022-13",
        "/vi/stats/july",
        "/vi/stats/2022-Q5",
        "/vi/stats/2022-07..2022-01",
        "/vi/late-agencies/20x",
        "/vi/stats/2022-07?level=city",
        "/vi/stats/2022-07?agency=ZZ",
        "/vi/late-agencies/2022-07?level=city",
    ],
)
def test_a_bad_period_level_or_agency_is_a_400_never_a_500(published, client, url):
    parsed, _ = page(client, url, 400)
    assert parsed.h1[0]
    assert "Error code: 400" not in parsed.text  # the page speaks Vietnamese


def test_with_nothing_published_the_pages_say_so(app, client):
    parsed, _ = page(client, "/en/stats")
    assert "No figures have been published yet." in parsed.text
    parsed, _ = page(client, "/vi/late-agencies")
    assert "Chưa có số liệu nào được công bố." in parsed.text


# --- the index ---------------------------------------------------------------------------------


def test_the_index_lists_published_periods_newest_first_with_the_latest_headlines(
    published, client
):
    parsed, html = page(client, "/vi/stats")
    listed = html.split('id="periods-heading"', 1)[1]
    links = re.findall(r'<a href="/vi/stats/(\d{4}-\d{2})">', listed)
    assert links == ["2022-07", "2022-06", "2021-07"]
    assert "Tháng gần nhất: tháng 7 năm 2022" in parsed.text
    assert '<a href="/vi/stats/2022-07#def-received_new">7</a>' in html
    assert 'href="/api/v1/stats/2022-07.csv"' in html and 'href="/api/v1/periods"' in html


def test_the_index_links_complete_quarters_and_years(app, client):
    with app.app_context():
        fd.add_agencies(AGENCIES[:1])
        fd.add_dossiers(
            [
                resolved(
                    f"Q{m}",
                    "P1",
                    f"2021-{m:02d}-02 08:00",
                    f"2021-{m:02d}-09 08:00",
                    f"2021-{m:02d}-03 08:00",
                )
                for m in range(1, 13)
            ]
        )
        fd.refresh_and_commit()
        publish_months([f"2021-{m:02d}" for m in range(1, 13)])
    _, html = page(client, "/en/stats")
    assert 'href="/en/stats/2021"' in html
    assert all(f'href="/en/stats/2021-Q{q}"' in html for q in (1, 2, 3, 4))
    parsed, html = page(client, "/en/stats/2021")
    assert parsed.h1 == ["Statistics for 2021"]
    assert summary(html).startswith("In 2021, agencies across the province received 12 new")


# --- the late agencies ---------------------------------------------------------------------------


def late_rows(html: str, caption: str = "late-caption") -> list[list[str]]:
    table = html.split(f'id="{caption}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>")[1]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", SVG_RE.sub("", tr), re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_the_late_list_follows_the_contracts_order_with_a_sparkline_each(published, client):
    parsed, html = page(client, "/en/late-agencies?min=0")
    assert parsed.h1 == ["Late agencies, July 2022"]
    assert late_rows(html) == [
        ["1", "District One", "100.00%", "2", "2", "0", "District", ""],
        ["2", "Commune One", "– (none late)", "0", "0", "1", "Commune", ""],
    ]
    spark = re.search(r'<td class="sparkline"[^>]*>(<svg.*?</svg>)</td>', html, re.S).group(1)
    root = ET.fromstring(spark)
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert (
        "06/2022: 100.00%" in desc and "07/2022: 100.00%" in desc and "05/2022: no figures" in desc
    )


def test_the_late_list_of_a_period_filters_by_level_in_vietnamese(published, client):
    parsed, html = page(client, "/vi/late-agencies/2022-07?level=commune&min=0")
    assert late_rows(html) == [
        ["1", "UBND xã Một", "– (không trễ hạn)", "0", "0", "1", "Cấp xã", ""]
    ]
    assert 'href="/api/v1/late-agencies/2022-07?level=commune"' in html
    assert 'href="/api/v1/late-agencies/2022-07.csv?level=commune"' in html
    parsed, html = page(client, "/vi/late-agencies/2022-06?min=1")
    assert late_rows(html) == [["1", "UBND huyện Một", "100,00%", "1", "1", "1", "Cấp huyện", ""]]


def test_a_month_without_late_agencies_says_so(published, client):
    parsed, _ = page(client, "/en/late-agencies/2021-07")
    assert "No agency resolved a dossier late or held an overdue dossier in July 2021." in (
        parsed.text
    )


# --- the feed ----------------------------------------------------------------------------------


def test_the_feed_announces_each_publication_and_correction_as_valid_atom(published, client):
    with client.application.app_context():
        fd.add_dossiers([pending("L2", "P1", "2022-06-10 08:00", "2022-06-30 17:00")])
        fd.refresh_and_commit()
        publish_months(["2022-06"], note="<Bổ sung> & sửa")
    response = client.get("/vi/stats/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == "http://localhost/vi/stats/feed.atom"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "Đính chính số liệu tháng 6 năm 2022"
    assert sorted(titles[1:]) == sorted(
        [
            "Công bố số liệu tháng 7 năm 2022",
            "Công bố số liệu tháng 6 năm 2022",
            "Công bố số liệu tháng 7 năm 2021",
        ]
    )
    assert entries[0].find(f"{ATOM}summary").text == "<Bổ sung> & sửa"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", entry.find(f"{ATOM}updated").text
        )
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://localhost/vi/stats/2022-06#corrections"


def test_the_pages_announce_the_feed(published, client):
    _, html = page(client, "/en/stats")
    assert '<link rel="alternate" type="application/atom+xml" href="/en/stats/feed.atom"' in html


def test_the_menu_links_to_statistics_and_late_agencies(published, client):
    _, html = page(client, "/vi/")
    assert 'href="/vi/stats"' in html and 'href="/vi/late-agencies"' in html


def test_the_late_list_downloads_as_csv_in_the_same_order(published, client):
    response = client.get("/api/v1/late-agencies/2022-07.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="late-agencies-2022-07.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith(
        "\ufeffperiod,code,name_vi,name_en,level,resolved,resolved_late,"
        "late_pct,pending_overdue\r\n"
    )
    lines = text.lstrip("\ufeff").splitlines()[1:]
    assert lines == [
        "2022-07,D1,UBND huyện Một,District One,district,2,2,100.0,0",
        "2022-07,C1,UBND xã Một,Commune One,commune,0,0,,1",
    ]
    json_codes = [i["code"] for i in client.get("/api/v1/late-agencies/2022-07").json["items"]]
    assert json_codes == ["D1", "C1"]
    assert (
        client.get("/api/v1/late-agencies/2022-07.csv?level=commune")
        .get_data(as_text=True)
        .count("\r\n")
        == 2
    )
    assert client.get("/api/v1/late-agencies/2022-08.csv").status_code == 404
    assert client.get("/api/v1/late-agencies/2022-13.csv").status_code == 400


def test_the_late_csv_cannot_smuggle_a_formula_into_a_spreadsheet(app, client):
    with app.app_context():
        fd.add_agencies([("X1", "=HYPERLINK(1)", "@cmd", "commune")])
        fd.add_dossiers([pending("X", "X1", "2022-07-01 08:00", "2022-07-02 17:00")])
        fd.refresh_and_commit()
        publish_months(["2022-07"])
    text = client.get("/api/v1/late-agencies/2022-07.csv").get_data(as_text=True)
    assert "2022-07,X1,'=HYPERLINK(1),'@cmd,commune,0,0,,1" in text


def test_a_page_shows_new_figures_as_soon_as_they_are_published_again(published, client):
    _, html = page(client, "/en/stats/2022-07?sort=resolved&dir=desc")
    assert "received 7 new dossiers" in summary(html)
    with client.application.app_context():
        fd.add_dossiers([pending("L3", "P1", "2022-07-20 08:00", "2022-08-20 17:00")])
        fd.refresh_and_commit()
    _, html = page(client, "/en/stats/2022-07?sort=resolved&dir=desc")
    assert "received 7 new dossiers" in summary(html)  # frozen until published again
    with client.application.app_context():
        publish_months(["2022-07"], note="late import")
    _, html = page(client, "/en/stats/2022-07?sort=resolved&dir=desc")
    assert "received 8 new dossiers" in summary(html)
    _, html = page(client, "/en/stats/2022-07?utm_source=x&sort=resolved&dir=desc")
    assert "received 8 new dossiers" in summary(html)
    assert "utm_source=x" not in html  # the language switch carries only the page's own


def test_an_agency_without_figures_in_the_period_has_an_empty_page_not_an_error(published, client):
    parsed, html = page(client, "/en/stats/2022-06?agency=P2")
    assert "No agency matches these filters." in parsed.text
    assert "In June 2022, Department Two received no new dossiers" in summary(html)
