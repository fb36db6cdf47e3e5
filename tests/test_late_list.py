"""The late list reads as fair: volumes beside rates, small numbers apart, agencies' own words."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.stats.publish import publish_months

from . import figures_data as fd
from .conftest import parse_page
from .figures_data import Spec
from .staff_helpers import as_role, audit_actions, post

AGENCIES = [
    ("BIG", "Sở Lớn", "Big Department", "province"),
    ("TINY", "UBND xã Nhỏ", "Small Commune", "commune"),
    ("OVER", "UBND xã Chậm", "Slow Commune", "commune"),
]


def _resolved(code: str, agency: str, late: bool) -> Spec:
    received = datetime(2026, 9, 1, 8, 0)
    due = received + timedelta(days=5)
    done = due + timedelta(days=2) if late else due - timedelta(days=1)
    return Spec(code, agency, received, due, status="resolved", resolved_at=done)


def _specs() -> list[Spec]:
    big = [_resolved(f"B{i}", "BIG", late=i < 3) for i in range(30)]  # 3 late of 30: 10%
    tiny = [_resolved(f"T{i}", "TINY", late=True) for i in range(2)]  # 2 late of 2: 100%
    # Nothing resolved, one dossier still open after its due date.
    overdue = [Spec("O1", "OVER", datetime(2026, 9, 2, 8), datetime(2026, 9, 8, 17))]
    return big + tiny + overdue


@pytest.fixture
def september(app):
    with app.app_context():
        fd.add_agencies(AGENCIES)
        fd.add_dossiers(_specs())
        fd.refresh_and_commit()
        publish_months(["2026-09"])
    return app


def _section(html: str, caption_id: str) -> str:
    return html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]


def test_small_agencies_are_listed_apart_not_ranked_above_big_ones(september, client):
    response = client.get("/en/late-agencies/2026-09")
    parse_page(response)
    html = response.get_data(as_text=True)
    ranked, few = _section(html, "late-caption"), _section(html, "few-caption")
    assert "Big Department" in ranked and "Small Commune" not in ranked
    assert "Small Commune" in few and "Slow Commune" in few
    assert "Only agencies that resolved at least 20 dossiers are ranked" in html
    # Volumes beside the rate: 30 resolved, 3 late, 10.00%.
    assert 'data-label="Resolved">30<' in ranked and 'data-label="Resolved late">3<' in ranked
    assert "10.00%" in ranked


def test_the_reader_chooses_the_minimum_volume(september, client):
    html = client.get("/vi/late-agencies/2026-09?min=1").get_data(as_text=True)
    ranked = _section(html, "late-caption")
    # The contract's order: 100% before 10%.
    assert ranked.index("UBND xã Nhỏ") < ranked.index("Sở Lớn")
    assert "Chỉ xếp hạng các cơ quan đã giải quyết ít nhất 1 hồ sơ" in html
    assert 'value="1"' in html.split('id="late-min"', 1)[1].split(">", 1)[0]


def test_an_agency_with_nothing_late_says_so_beside_its_rate(september, client):
    few = _section(client.get("/vi/late-agencies/2026-09").get_data(as_text=True), "few-caption")
    row = few.split("UBND xã Chậm", 1)[1].split("</tr>", 1)[0]
    assert "(không trễ hạn)" in row and 'data-label="Đang giải quyết quá hạn">1<' in row


@pytest.mark.parametrize("bad", ["-1", "abc", "1e9", "9999999"])
def test_a_minimum_that_is_not_a_whole_number_is_refused_clearly(september, client, bad):
    response = client.get(f"/vi/late-agencies/2026-09?min={bad}")
    assert response.status_code == 400
    assert "phải là một số nguyên" in response.get_data(as_text=True)


def test_the_api_keeps_the_contracts_list_whatever_the_page_shows(september, client):
    items = client.get("/api/v1/late-agencies/2026-09").get_json()["items"]
    assert [i["code"] for i in items] == ["TINY", "BIG", "OVER"]


def test_staff_explanation_shows_beside_the_agency_in_both_languages(september, client):
    as_role(september, client, "publisher")
    page = client.get("/vi/staff/explanations?month=2026-09")
    assert page.status_code == 200 and "UBND xã Nhỏ (TINY)" in page.get_data(as_text=True)
    response = post(
        client,
        "/vi/staff/explanations",
        {"month": "2026-09", "agency": "TINY", "text_vi": "Cán bộ nghỉ ốm hai tuần.",
         "text_en": "The only officer was on sick leave."},
    )  # fmt: skip
    assert response.status_code == 303
    vi = client.get("/vi/late-agencies/2026-09").get_data(as_text=True)
    assert "Cơ quan giải thích (tháng 9 năm 2026):" in vi
    assert "Cán bộ nghỉ ốm hai tuần." in vi
    en = client.get("/en/late-agencies/2026-09").get_data(as_text=True)
    assert "The only officer was on sick leave." in en
    assert ("publisher@example.gov.vn", "explanation_saved", "TINY 2026-09") in audit_actions(
        september
    )


def test_removing_the_text_removes_the_explanation(september, client):
    as_role(september, client, "publisher")
    data = {"month": "2026-09", "agency": "BIG", "text_vi": "Hệ thống lỗi."}
    assert post(client, "/vi/staff/explanations", data).status_code == 303
    assert "Hệ thống lỗi." in client.get("/vi/late-agencies/2026-09").get_data(as_text=True)
    data["text_vi"] = ""
    assert post(client, "/vi/staff/explanations", data).status_code == 303
    assert "Hệ thống lỗi." not in client.get("/vi/late-agencies/2026-09").get_data(as_text=True)


def test_explanations_are_refused_for_agencies_not_late_and_for_editors(september, client):
    as_role(september, client, "editor")
    assert client.get("/vi/staff/explanations").status_code == 403


def test_an_agency_not_on_the_months_late_list_cannot_be_explained(september, client):
    as_role(september, client, "publisher")
    response = post(
        client, "/en/staff/explanations", {"month": "2026-09", "agency": "NOPE", "text_vi": "x"}
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True) or "choice" in (
        response.get_data(as_text=True)
    )
