"""The public catalogue: search that forgives, filters, pages, both locales, the JSON API."""

import re

import pytest

from .conftest import parse_page


def result_names(response) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.get_data(as_text=True))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("giay phep xay dung", "Cấp giấy phép xây dựng mới đối với công trình cấp III"),
        ("dang ky khai sinh", "Đăng ký khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "Đăng ký kết hôn"),
        ("  Dang   ky   KET hon ", "Đăng ký kết hôn"),
        ("GPXD", "Cấp giấy phép xây dựng mới đối với công trình cấp III"),
        ("đăng ký khai sin", "Đăng ký khai sinh"),
    ],
)
def test_search_forgives_case_marks_d_spaces_and_abbreviations(client, catalogue, query, expected):
    response = client.get("/vi/procedures", query_string={"q": query})
    assert response.status_code == 200
    assert result_names(response)[0] == expected


def test_search_shows_procedures_with_every_word_name_matches_first(client, catalogue):
    # "khai sinh" is in the name of birth registration and only in the body of the copy
    # of civil-status extracts; marriage registration shares only "dang ky".
    names = result_names(client.get("/vi/procedures?q=dang+ky+khai+sinh"))
    assert names == ["Đăng ký khai sinh", "Cấp bản sao trích lục hộ tịch"]


def test_a_word_no_procedure_has_is_left_out_and_the_citizen_told(client, catalogue):
    response = client.get("/vi/procedures?q=dang+ky+khai+sinh+qwxz")
    assert result_names(response) == ["Đăng ký khai sinh", "Cấp bản sao trích lục hộ tịch"]
    assert "Hiển thị kết quả cho" in parse_page(response).text


def test_the_api_ranks_the_same_way_as_the_page(client, catalogue):
    api = client.get("/api/v1/procedures?q=dang+ky+khai+sinh").get_json()
    page = result_names(client.get("/vi/procedures?q=dang+ky+khai+sinh"))
    assert [item["name_vi"] for item in api["items"]] == page
    assert api["total"] == 2
    assert set(api["items"][0]) == {
        "code",
        "name_vi",
        "name_en",
        "agency_code",
        "level",
        "processing_days",
        "online_level",
        "postal",
        "four_on_site",
    }


def test_filters_by_agency_level_and_online_level(client, catalogue):
    assert result_names(client.get("/vi/procedures?agency=SXD")) == [
        "Cấp giấy phép xây dựng mới đối với công trình cấp III"
    ]
    commune = result_names(client.get("/vi/procedures?level=commune"))
    assert sorted(commune) == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    full = client.get("/api/v1/procedures?online=full").get_json()
    assert {i["code"] for i in full["items"]} == {"1.001193", "2.000635"}
    assert client.get("/api/v1/procedures?level=planet").status_code == 400


def test_pages_are_bounded(client, catalogue):
    api = client.get("/api/v1/procedures?per_page=2&page=2").get_json()
    assert (api["total"], api["page"], len(api["items"])) == (4, 2, 2)
    assert client.get("/api/v1/procedures?per_page=2&page=3").get_json()["items"] == []
    assert client.get("/api/v1/procedures?per_page=1000").status_code == 400
    assert client.get("/api/v1/procedures?page=0").status_code == 400
    # A page past the end of the list shows the last page rather than nothing.
    response = client.get("/vi/procedures?page=999")
    assert response.status_code == 200 and len(result_names(response)) == 4
    assert client.get("/vi/procedures?page=abc").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'; DROP TABLE procedure; --",
        "%",
        "_",
        "a" * 5000,
        "NEAR(a b)",
        "title:* OR",
        "-",
        "*",
        "()",
        "giay  phep\t",
    ],
)
def test_hostile_queries_are_answered_without_error(client, catalogue, query):
    assert client.get("/vi/procedures", query_string={"q": query}).status_code == 200
    assert client.get("/api/v1/procedures", query_string={"q": query}).status_code == 200


def test_a_nul_character_is_refused_with_a_clear_message(client, catalogue):
    page = client.get("/vi/procedures", query_string={"q": "giay\x00phep"})
    assert page.status_code == 400
    assert "Không hiểu được yêu cầu" in page.get_data(as_text=True)
    api = client.get("/api/v1/procedures", query_string={"q": "giay\x00phep"})
    assert api.status_code == 400 and api.get_json()["error"] == "bad_request"


def test_the_query_is_escaped_in_the_page(client, catalogue):
    html = client.get("/vi/procedures?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_procedure_page_has_what_a_citizen_needs_and_json_ld(client, catalogue):
    response = client.get("/vi/procedures/1.009972")
    page = parse_page(response)
    assert page.h1 == ["Cấp giấy phép xây dựng mới đối với công trình cấp III"]
    for expected in (
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Luật Xây dựng 2014",
        "150.000 đồng/giấy phép",
        "Sở Xây dựng",
    ):
        assert expected in page.text
    assert '"@type": "GovernmentService"' in response.get_data(as_text=True)
    english = parse_page(client.get("/en/procedures/1.009972"))
    assert english.h1 == ["Issuing new construction permits for grade III works"]
    assert client.get("/vi/procedures/9.999999").status_code == 404


def test_both_locales_serve_the_catalogue_in_their_language(client, catalogue):
    vi = client.get("/vi/procedures?q=ho+tich")
    en = client.get("/en/procedures?q=ho+tich")
    assert '<html lang="vi">' in vi.get_data(as_text=True)
    assert '<html lang="en">' in en.get_data(as_text=True)
    parse_page(vi), parse_page(en)
    assert "Administrative procedures" in en.get_data(as_text=True)
    assert "Thủ tục hành chính" in vi.get_data(as_text=True)
    # The language switch keeps the visitor on the same search.
    assert 'href="/en/procedures?q=ho+tich"' in vi.get_data(as_text=True)


def test_root_redirects_by_browser_language(client):
    assert client.get("/").headers["Location"].endswith("/vi/")
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.headers["Location"].endswith("/en/")
    assert client.get("/fr/").status_code == 404


def test_api_agencies_and_one_procedure(client, catalogue):
    agencies = client.get("/api/v1/agencies").get_json()["items"]
    assert agencies[0] == {
        "code": "STP",
        "name_vi": "Sở Tư pháp",
        "name_en": "Department of Justice",
        "level": "province",
        "parent_code": "T00",
        "active_from": None,
        "active_to": None,
        "successor_code": None,
    }
    assert [a["level"] for a in agencies] == ["province"] * 3 + ["district", "commune"]
    one = client.get("/api/v1/procedures/1.001193").get_json()
    assert one["documents_vi"] == "Tờ khai đăng ký khai sinh"
    assert one["agency_code"] == "X0101"
    missing = client.get("/api/v1/procedures/0.000")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_health_check_answers_when_the_database_does(client):
    assert client.get("/healthz").status_code == 200


def test_an_english_procedure_page_says_at_the_top_what_exists_only_in_vietnamese(
    client, catalogue
):
    translated = client.get("/en/procedures/1.009972").get_data(as_text=True)
    top = translated[translated.index("<h1") : translated.index('<dl class="summary">')]
    assert "published in Vietnamese only" in top and 'lang="en"' in top
    untranslated = client.get("/en/procedures/2.000635").get_data(as_text=True)
    top = untranslated[untranslated.index("<h1") : untranslated.index('<dl class="summary">')]
    assert "This procedure is described in Vietnamese only." in top
    vietnamese = client.get("/vi/procedures/1.009972").get_data(as_text=True)
    assert "Vietnamese only" not in vietnamese and "chỉ có bằng tiếng Việt" not in vietnamese
