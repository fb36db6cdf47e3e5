"""What journalists need to quote and compare: citation, period picker, corrections, axes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from portal.stats.publish import publish_months

from . import figures_data as fd
from .test_stats_pages import ATOM, page, published, resolved  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("published")


def _correct_july(app) -> None:
    with app.app_context():
        fd.add_dossiers(
            [resolved("L1", "P2", "2022-07-10 08:00", "2022-07-12 17:00", "2022-07-15 10:00")]
        )
        fd.refresh_and_commit()
        publish_months(["2022-07"], note="Sở Hai gửi bổ sung hồ sơ")


def _options(html: str) -> list[str]:
    picker = html.split('id="period-picker"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in picker.split('<option value="')[1:]]


def test_the_picker_offers_months_complete_quarters_and_the_year_so_far(client):
    with client.application.app_context():
        publish_months(["2022-01", "2022-02", "2022-03", "2022-04", "2022-05"])
    _, html = page(client, "/en/stats")
    options = _options(html)
    assert options[:3] == ["2022-07", "2022-06", "2022-05"] and "2021-07" in options
    assert "2022-Q2" in options and "2022-Q1" in options and "2022-Q3" not in options
    assert "2022-01..2022-07" in options
    assert "2021-01..2021-07" not in options  # 2021 lacks its first months
    assert '<optgroup label="Year to date">' in html


def test_the_picker_leads_to_the_chosen_period_and_refuses_nonsense(client):
    response = client.get("/vi/stats?period=2022-06..2022-07")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/vi/stats/2022-06..2022-07")
    bad = client.get("/vi/stats?period=hôm qua")
    assert bad.status_code == 400 and "không phải là một kỳ" in bad.get_data(as_text=True)


def test_the_period_page_preselects_its_period_in_the_picker(client):
    _, html = page(client, "/vi/stats/2022-06")
    assert '<option value="2022-06" selected>' in html


def test_the_citation_box_names_title_period_version_and_permanent_link(client):
    _, html = page(client, "/vi/stats/2022-07")
    box = html.split('class="citation"', 1)[1].split("</section>", 1)[0]
    assert "Thống kê tháng 7 năm 2022" in box
    assert "01/07/2022 – 31/07/2022" in box
    assert "1 (bản công bố đầu tiên)" in box
    assert 'href="http://localhost/vi/stats/2022-07"' in box
    _correct_july(client.application)
    _, html = page(client, "/en/stats/2022-07")
    box = html.split('class="citation"', 1)[1].split("</section>", 1)[0]
    assert "2 (after 1 correction)" in box and 'href="#corrections"' in box
    assert "version 2, published" in box


def test_every_correction_is_listed_site_wide_newest_first_with_a_feed(client):
    _correct_july(client.application)
    parsed, html = page(client, "/vi/stats/corrections")
    assert parsed.h1 == ["Đính chính số liệu đã công bố"]
    assert "Sở Hai gửi bổ sung hồ sơ" in html
    assert 'href="/vi/stats/2022-07#corrections"' in html
    assert 'data-label="Trước">7<' in html and 'data-label="Sau">8<' in html
    feed = client.get("/en/stats/corrections.atom")
    assert feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.data)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Correction to the figures for July 2022"]


def test_no_correction_yet_says_so(client):
    parsed, html = page(client, "/en/stats/corrections")
    assert "No published figures have been corrected." in html


def test_rate_charts_state_their_axis_in_words(client):
    _, html = page(client, "/vi/stats/2022-07")
    trend = html.split('id="trend-heading"', 1)[1].split("</section>", 1)[0]
    assert "Trục chạy từ" in trend
    assert 'aria-labelledby="chart-trend-late-title chart-trend-late-desc"' in trend
