"""Where to file follows the procedure's level: a commune's procedure sends citizens to their
commune's one-stop desk (a list with addresses and hours, importable), a provincial one to the
centre; every procedure links to filing online where it can be done online; staff attach the
procedure's blank forms, which the public downloads."""

from __future__ import annotations

import io
import re

import pytest

from portal.catalogue.imports import AgencyKind
from portal.extensions import db
from portal.imports import run_import

from .conftest import parse_page, site_started_with
from .staff_helpers import as_role, audit_actions, token

DESKS = (
    "code,name_vi,name_en,level,parent_code,address,hours_vi,hours_en\n"
    "X0101,UBND phường 1,Ward 1 People's Committee,commune,H01,"
    "Số 5 đường Lê Lợi; phường 1,Thứ Hai – Thứ Sáu: 7:00–11:00,Monday–Friday: 7:00–11:00\n"
    "X0102,UBND xã Cam Hiếu,Cam Hieu Commune People's Committee,commune,H01,"
    "Thôn Tân Sơn; xã Cam Hiếu,,\n"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def desks(app, catalogue, import_csv):
    result = import_csv("agencies", DESKS)
    assert result.rejected == 0, result.errors


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_page(response).text


def main_text(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_a_commune_procedure_sends_citizens_to_their_communes_desk(client, catalogue):
    vi = main_text(client, "/vi/procedures/1.001193")
    assert "bộ phận một cửa của Ủy ban nhân dân xã, phường nơi bạn cư trú" in vi
    assert "Ủy ban nhân dân xã, phường nơi bạn cư trú" in vi  # the agency, not "UBND phường 1"
    assert "UBND phường 1" not in vi and "Số 1 đường Trần Hưng Đạo" not in vi
    en = client.get("/en/procedures/1.001193").get_data(as_text=True)
    assert "one-stop desk (bộ phận một cửa) of the People’s Committee of the commune" in en
    assert 'href="/en/offices?level=commune"' in en


def test_a_provincial_procedure_names_the_centre_and_its_address(client, catalogue, app):
    vi = text_of(client, "/vi/procedures/1.009972")
    assert f"Nộp trực tiếp tại {app.config['CENTRE_NAME_VI']}: {app.config['CENTRE_ADDRESS']}" in vi
    en = text_of(client, "/en/procedures/1.009972")
    assert f"In person at the {app.config['CENTRE_NAME_EN']}" in en


def test_the_desks_list_shows_imported_addresses_and_hours_in_both_languages(client, desks):
    vi = text_of(client, "/vi/offices")
    assert "Số 5 đường Lê Lợi; phường 1" in vi and "Thứ Hai – Thứ Sáu: 7:00–11:00" in vi
    assert "Thôn Tân Sơn; xã Cam Hiếu" in vi and "Chưa có thông tin." in vi
    en = text_of(client, "/en/offices")
    assert "Monday–Friday: 7:00–11:00" in en and "Cam Hieu Commune People's Committee" in en
    found = text_of(client, "/vi/offices?q=cam+hieu")  # without tone marks
    assert "xã Cam Hiếu" in found and "phường 1" not in found
    assert client.get("/vi/offices?level=planet").status_code == 404


def test_a_commune_merged_away_is_no_longer_listed(client, desks, import_csv):
    ended = (
        "code,name_vi,name_en,level,parent_code,active_to,successor_code\n"
        "X0102,UBND xã Cam Hiếu,Cam Hieu Commune People's Committee,commune,H01,"
        "2025-06-30,X0101\n"
    )
    assert import_csv("agencies", ended).rejected == 0
    listed = text_of(client, "/vi/offices")
    assert "xã Cam Hiếu" not in listed and "Số 5 đường Lê Lợi; phường 1" in listed


def test_a_file_without_the_desk_columns_leaves_the_addresses_alone(app, client, desks):
    with app.app_context():
        plain = "code,name_vi,name_en,level,parent_code\nX0101,UBND phường 1,Ward 1,commune,H01\n"
        result = run_import(AgencyKind(db.session), io.BytesIO(plain.encode()))
    assert result.updated == 1
    assert "Số 5 đường Lê Lợi; phường 1" in text_of(client, "/vi/offices")


@pytest.mark.parametrize(
    "code, online", [("1.001193", True), ("1.009972", True), ("2.000635", True)]
)
def test_a_procedure_filed_online_links_to_the_portal_with_its_code(
    client, catalogue, code, online
):
    html = client.get(f"/en/procedures/{code}").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" rel="external">File this procedure online', html)
    assert link and link.group(1).endswith(f"ma_thu_tuc={code}")
    vi = client.get(f"/vi/procedures/{code}").get_data(as_text=True)
    assert "Nộp hồ sơ trực tuyến thủ tục này trên Cổng dịch vụ công" in vi


def page_with_online_address(app, setting: str) -> str:
    """The procedure page of a site started with ONLINE_FILING_URL set so (a setting is read
    when the site starts)."""
    with site_started_with(app, ONLINE_FILING_URL=setting) as site:
        return site.test_client().get("/vi/procedures/1.001193").get_data(as_text=True)


def test_the_online_address_is_configurable_and_can_be_turned_off(app, catalogue):
    setting = "https://dichvucong.example.gov.vn/nop?tt={code}"
    html = page_with_online_address(app, setting)
    assert 'href="https://dichvucong.example.gov.vn/nop?tt=1.001193"' in html
    assert 'rel="external"' not in page_with_online_address(app, "")


def staff_procedure_url(client, code: str) -> str:
    html = client.get(f"/vi/staff/procedures?q={code}").get_data(as_text=True)
    return re.search(r'href="(/vi/staff/procedures/\d+)"', html).group(1)


def attach(client, url, title, name, data, lang="vi"):
    return client.post(
        url.replace("/vi/", f"/{lang}/") + "/forms",
        data={
            "csrf_token": token(client, lang),
            "title": title,
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def test_staff_attach_a_form_that_the_public_downloads_safely(app, client, catalogue):
    as_role(app, client, "editor")
    url = staff_procedure_url(client, "1.001193")
    response = attach(client, url, "Tờ khai đăng ký khai sinh", "../../To khai khai sinh.pdf", PDF)
    assert response.status_code == 303
    assert ("editor@example.gov.vn", "form_attached", "1.001193") in audit_actions(app)
    page = client.get("/vi/procedures/1.001193").get_data(as_text=True)
    assert "Mẫu đơn, tờ khai" in page and "Tờ khai đăng ký khai sinh" in page
    assert "(Tệp PDF, 1 KB)" in parse_page(client.get("/vi/procedures/1.001193")).text
    href = re.search(r'href="(/vi/forms/\d+)" download>Tờ khai đăng ký khai sinh', page).group(1)
    download = client.get(href)
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "To khai khai sinh.pdf" in disposition
    assert ".." not in disposition and "/" not in disposition
    assert "sandbox" in download.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "name, data, vi, en",
    [
        ("virus.exe", b"MZ\x90\x00", "Hãy đính kèm tệp PDF", "Attach a PDF, Word"),
        ("fake.pdf", b"<html><script>", "không phải là tệp PDF", "is not a PDF file"),
        ("empty.docx", b"", "Tệp trống.", "The file is empty."),
    ],
)
def test_a_file_that_is_not_a_form_is_refused_in_the_pages_language(
    app, client, catalogue, name, data, vi, en
):
    as_role(app, client, "editor")
    url = staff_procedure_url(client, "1.001193")
    refused = attach(client, url, "Tờ khai", name, data)
    assert refused.status_code == 422 and vi in parse_page(refused).text
    refused = attach(client, url, "Tờ khai", name, data, lang="en")
    assert refused.status_code == 422 and en in parse_page(refused).text
    assert "forms/" not in client.get("/vi/procedures/1.001193").get_data(as_text=True)


def test_a_form_larger_than_the_limit_is_refused(app, client, catalogue):
    app.config["MAX_FORM_MB"] = 1
    as_role(app, client, "editor")
    url = staff_procedure_url(client, "1.001193")
    refused = attach(client, url, "Tờ khai", "big.pdf", PDF + b"0" * (1024 * 1024))
    assert refused.status_code == 422
    assert "Tệp lớn hơn 1 MB." in parse_page(refused).text


def test_staff_remove_a_form_and_the_public_no_longer_gets_it(app, client, catalogue):
    as_role(app, client, "editor")
    url = staff_procedure_url(client, "1.001193")
    attach(client, url, "Tờ khai", "tk.pdf", PDF)
    staff_page = client.get(url).get_data(as_text=True)
    remove = re.search(r'action="(/vi/staff/procedures/\d+/forms/\d+/remove)"', staff_page).group(1)
    public = re.search(r'href="(/vi/forms/\d+)"', staff_page).group(1)
    assert client.post(remove).status_code == 400  # no CSRF token
    assert client.post(remove, data={"csrf_token": token(client)}).status_code == 303
    assert client.get(public).status_code == 404
    assert ("editor@example.gov.vn", "form_removed", "1.001193") in audit_actions(app)


def test_the_public_cannot_attach_forms(client, catalogue):
    response = client.post("/vi/staff/procedures/1/forms", data={})
    assert response.status_code in (302, 303, 400)
