"""What every page shares: the layout, error pages in both languages, security headers."""

import re

import pytest

from portal.demo.province import PROVINCE_EN, PROVINCE_VI

from .conftest import parse_page


@pytest.mark.parametrize("path", ["/vi/", "/en/", "/vi/procedures", "/en/procedures"])
def test_layout_has_skip_link_landmarks_and_language_switch(client, catalogue, path):
    response = client.get(path)
    page = parse_page(response)
    html = response.get_data(as_text=True)
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'hreflang="vi"' in html and 'hreflang="en"' in html
    assert "main" in page.ids


def test_home_page_reads_in_each_language(client, catalogue):
    vi = parse_page(client.get("/vi/"))
    en = parse_page(client.get("/en/"))
    # The centre is named with its province (the demo's in development).
    assert vi.h1 == [f"Trung tâm Phục vụ hành chính công tỉnh {PROVINCE_VI}"]
    assert en.h1 == [f"{PROVINCE_EN} Provincial Public Administrative Service Centre"]
    assert "Giờ làm việc" in vi.text and "Opening hours" in en.text
    assert "4 thủ tục của 5 cơ quan" in vi.text
    assert "thành phố tỉnh lỵ" not in vi.text


def test_every_home_page_card_says_what_is_behind_it(client, catalogue):
    for lang, words in (
        ("vi", ["Nhập mã hồ sơ và mã xác thực", "Số hồ sơ tỉnh tiếp nhận", "quá thời hạn"]),
        ("en", ["Enter the dossier code", "received and resolved each month", "legal time limit"]),
    ):
        html = client.get(f"/{lang}/").get_data(as_text=True)
        cards = re.findall(r'<section class="card".*?</section>', html, flags=re.S)
        assert len(cards) == 4
        assert all("<p>" in card for card in cards), "a card with a heading only"
        for card, text in zip(cards[1:], words, strict=True):
            assert text in card


def test_the_statistics_card_names_the_latest_published_month(client, catalogue, app):
    from datetime import datetime

    from portal.extensions import db
    from portal.models import PublishedMonth

    with app.app_context():
        db.session.add(PublishedMonth(month="2026-10", published_at=datetime(2026, 11, 5, 9, 0)))
        db.session.commit()
    assert "Tháng công bố gần nhất: tháng 10 năm 2026." in client.get("/vi/").get_data(as_text=True)
    assert "Latest published month: October 2026." in client.get("/en/").get_data(as_text=True)


def test_centre_details_are_configurable(database_url, tmp_path):
    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "CENTRE_NAME_VI": "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị",
            "CENTRE_ADDRESS": "Số 9 đường Hùng Vương",
        }
    )
    html = app.test_client().get("/vi/").get_data(as_text=True)
    assert "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị" in html
    assert "Số 9 đường Hùng Vương" in html


@pytest.mark.parametrize(
    "lang, text", [("vi", "Không tìm thấy trang này."), ("en", "We could not find that page.")]
)
def test_not_found_page_speaks_the_visitors_language(client, lang, text):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    assert parse_page(response).h1 == [text]


def test_unknown_address_without_a_language_uses_the_browsers(client):
    response = client.get("/nowhere", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert client.post("/api/v1/agencies").status_code == 405


def test_a_server_error_shows_a_page_not_a_traceback(app):
    @app.get("/vi/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/vi/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html and "Traceback" not in html
    assert "Hệ thống đang gặp sự cố" in html


@pytest.mark.parametrize("path", ["/vi/", "/vi/procedures", "/api/v1/agencies", "/vi/missing"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # only over HTTPS


def test_hsts_over_https(client):
    response = client.get("/vi/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_need_no_javascript(client, catalogue):
    for path in ("/vi/", "/vi/procedures?q=ho+tich", "/vi/procedures/1.001193"):
        html = client.get(path).get_data(as_text=True)
        assert "<script" not in html.replace('<script type="application/ld+json">', "")


@pytest.mark.parametrize(
    "path, current",
    [
        ("/vi/procedures", "Thủ tục"),
        ("/vi/lookup", "Tra cứu hồ sơ"),
        ("/vi/stats", "Thống kê"),
        ("/vi/late-agencies", "Cơ quan trễ hạn"),
    ],
)
def test_the_menu_marks_only_the_current_section(client, path, current):
    html = client.get(path).get_data(as_text=True)
    marked = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', html)
    assert marked == [current]
