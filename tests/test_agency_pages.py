"""Units that change, as people see them: the agencies API, the agency pages, and a catalogue
that follows today's units (CONTRACT §5)."""

import pytest

from .conftest import parse_page

AGENCIES = """code,name_vi,name_en,level,parent_code,active_from,active_to,successor_code
T,UBND tỉnh,Provincial People's Committee,province,,,,
KHDT,Sở Kế hoạch và Đầu tư,Department of Planning and Investment,province,T,,2025-02-28,TC
TC,Sở Tài chính (cũ),Department of Finance (former),province,T,,2025-06-30,TC2
TC2,Sở Tài chính,Department of Finance,province,T,2025-07-01,,
H1,UBND huyện Một,District One People's Committee,district,T,,2025-06-30,
X1,UBND xã Một,Commune One People's Committee,commune,H1,,2025-06-30,XN
X2,UBND xã Hai,Commune Two People's Committee,commune,H1,,2025-06-30,XN
X3,UBND xã Ba,Commune Three People's Committee,commune,H1,,2025-06-30,XN
XN,UBND xã Mới,New Commune People's Committee,commune,T,2025-07-01,,
"""
PROCEDURES = """code,name_vi,name_en,agency_code,level,processing_days
1.000001,Đăng ký đầu tư,Investment registration,KHDT,province,15
1.000002,Thẩm định quyết toán,Settlement appraisal,TC2,province,20
1.000003,Cấp giấy phép xây dựng nhà ở,Housing construction permits,H1,district,15
1.000004,Đăng ký khai sinh,Birth registration,XN,commune,1
"""


@pytest.fixture
def reorganised(import_csv):
    assert import_csv("agencies", AGENCIES).rejected == 0
    assert import_csv("procedures", PROCEDURES).rejected == 0


def codes(response) -> list[str]:
    assert response.status_code == 200
    return sorted(item["code"] for item in response.get_json()["items"])


def test_the_agencies_api_lists_all_units_by_default_with_their_dates(client, reorganised):
    items = {a["code"]: a for a in client.get("/api/v1/agencies").get_json()["items"]}
    assert len(items) == 9
    assert items["TC"] == {
        "code": "TC",
        "name_vi": "Sở Tài chính (cũ)",
        "name_en": "Department of Finance (former)",
        "level": "province",
        "parent_code": "T",
        "active_from": None,
        "active_to": "2025-06-30",
        "successor_code": "TC2",
    }
    assert codes(client.get("/api/v1/agencies?active=all")) == sorted(items)


def test_the_agencies_api_lists_the_units_active_today_or_on_a_date(client, reorganised):
    assert codes(client.get("/api/v1/agencies?active=current")) == ["T", "TC2", "XN"]
    assert codes(client.get("/api/v1/agencies?active=2025-03-01")) == [
        "H1", "T", "TC", "X1", "X2", "X3",
    ]  # fmt: skip
    assert "KHDT" in codes(client.get("/api/v1/agencies?active=2025-02-28"))


@pytest.mark.parametrize("value", ["today", "2025-02-30", "20250701", "1"])
def test_a_bad_active_value_is_a_400_saying_what_is_expected(client, reorganised, value):
    response = client.get(f"/api/v1/agencies?active={value}")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad_request",
        "message": "active must be all, current or a date YYYY-MM-DD",
    }


def test_one_agency_names_its_current_unit_and_its_predecessors(client, reorganised):
    first = client.get("/api/v1/agencies/KHDT").get_json()
    assert (first["current_code"], first["successor_code"], first["predecessors"]) == (
        "TC2",
        "TC",
        [],
    )
    merged = client.get("/api/v1/agencies/XN").get_json()
    assert (merged["current_code"], merged["predecessors"]) == ("XN", ["X1", "X2", "X3"])
    assert merged["active_from"] == "2025-07-01" and merged["active_to"] is None
    dissolved = client.get("/api/v1/agencies/H1").get_json()
    assert (dissolved["current_code"], dissolved["successor_code"]) == ("H1", None)
    missing = client.get("/api/v1/agencies/NOPE")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_the_procedures_api_lists_today_s_units_unless_asked_for_all(client, reorganised):
    assert codes(client.get("/api/v1/procedures")) == ["1.000002", "1.000004"]
    assert codes(client.get("/api/v1/procedures?active=current")) == ["1.000002", "1.000004"]
    assert len(codes(client.get("/api/v1/procedures?active=all"))) == 4
    assert codes(client.get("/api/v1/procedures?active=all&agency=H1")) == ["1.000003"]
    assert codes(client.get("/api/v1/procedures?agency=H1")) == []
    assert codes(client.get("/api/v1/procedures?active=all&q=dang+ky")) == [
        "1.000001",
        "1.000004",
    ]
    bad = client.get("/api/v1/procedures?active=never")
    assert bad.status_code == 400 and "active must be" in bad.get_json()["message"]


def test_the_catalogue_page_shows_today_s_units_and_offers_the_others(client, reorganised):
    page = client.get("/en/procedures").get_data(as_text=True)
    assert "2 procedures" in page and "Investment registration" not in page
    options = page[page.index('id="agency"') : page.index("</select>", page.index('id="agency"'))]
    assert "Department of Finance" in options and "District One" not in options
    assert 'name="active" value="all"' in page
    everything = client.get("/en/procedures?active=all")
    text = parse_page(everything).text
    assert "4 procedures" in text and "Investment registration" in text
    assert "no longer exists" in text and "District One People" in text
    vi = parse_page(client.get("/vi/procedures?active=all")).text
    assert "không còn hoạt động" in vi


def test_a_procedure_of_an_ended_unit_keeps_its_page_and_names_today_s_unit(client, reorganised):
    response = client.get("/en/procedures/1.000001")
    page = parse_page(response)
    assert response.status_code == 200
    assert "Department of Planning and Investment ended on" in page.text
    html = response.get_data(as_text=True)
    assert '<a href="/en/agencies/TC2">Department of Finance</a>' in html
    vi = parse_page(client.get("/vi/procedures/1.000001")).text
    assert "Sở Kế hoạch và Đầu tư đã ngừng hoạt động" in vi
    district = parse_page(client.get("/en/procedures/1.000003")).text
    assert "No single unit took over its work." in district
    current = parse_page(client.get("/en/procedures/1.000002")).text
    assert "ended on" not in current


def test_the_page_of_an_ended_unit_says_so_and_links_what_came_after(client, reorganised):
    response = client.get("/en/agencies/KHDT")
    page = parse_page(response)
    html = response.get_data(as_text=True)
    assert page.h1 == ["Department of Planning and Investment"]
    assert "ended on" in page.text and "Still active" not in page.text
    assert '<a href="/en/agencies/TC2">Department of Finance</a>' in html  # today's unit
    assert 'href="/en/agencies/TC">Department of Finance (former)</a>' in html  # successor
    assert 'href="/en/procedures/1.000001"' in html
    assert 'href="/en/agencies/T"' in html  # its parent


def test_the_page_of_a_merged_unit_links_each_unit_it_took_over(client, reorganised):
    for lang in ("vi", "en"):
        response = client.get(f"/{lang}/agencies/XN")
        page = parse_page(response)
        html = response.get_data(as_text=True)
        for code in ("X1", "X2", "X3"):
            assert f'href="/{lang}/agencies/{code}"' in html
        assert f'href="/{lang}/procedures/1.000004"' in html
        assert "ended on" not in page.text and "ngừng hoạt động" not in page.text
    assert "Still active" in parse_page(client.get("/en/agencies/XN")).text


def test_an_unknown_agency_is_a_404_page(client, reorganised):
    response = client.get("/vi/agencies/NOPE")
    assert response.status_code == 404
    parse_page(response)
