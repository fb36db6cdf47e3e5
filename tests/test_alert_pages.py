"""The look-up result's "keep me informed" forms: e-mail alerts and private Atom feeds."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AlertFeed, AlertSubscription

from .alert_helpers import (
    CODE,
    EMAIL,
    PUBLIC_URL,
    VERIFIER,
    dossier_csv,
    events_csv,
    link,
    wire_mail,
)
from .conftest import parse_page
from .staff_helpers import form_values

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def mail_app(app, mail_server, catalogue, import_csv):
    wire_mail(app, mail_server)
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    import_csv(
        "events",
        events_csv(
            ("2025-12-02T09:00:00", "Chuyển Phòng Quản lý xây dựng", "Sent to the building office"),
        ),
    )
    return app


def result_page(client, lang="vi") -> str:
    form = client.get(f"/{lang}/lookup").get_data(as_text=True)
    page = client.post(
        f"/{lang}/lookup", data={"code": CODE, "verifier": VERIFIER, "csrf_token": _csrf(form)}
    )
    assert page.status_code == 200
    parse_page(page)
    return page.get_data(as_text=True)


def test_the_result_page_subscribes_without_an_account(mail_app, client, runner, mail_server):
    html = result_page(client)
    assert "Báo cho tôi khi có thay đổi" in html
    assert VERIFIER not in html
    values = form_values(html, "/vi/alerts/subscribe")
    assert values["lang"] == "vi"
    response = client.post(
        "/vi/alerts/subscribe",
        data={**values, "email": EMAIL, "lang": "en", "csrf_token": _csrf(html)},
    )
    assert response.status_code == 200
    assert "Hãy kiểm tra hộp thư của bạn" in parse_page(response).text
    assert runner.invoke(args=["send-alerts"]).exit_code == 0
    [confirmation] = mail_server.inbox.wait_for(1)
    assert link(confirmation, "confirm").startswith("/en/alerts/confirm/")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)


def test_a_malformed_address_is_explained_in_the_pages_language(mail_app, client):
    html = result_page(client)
    values = form_values(html, "/vi/alerts/subscribe")
    response = client.post(
        "/vi/alerts/subscribe", data={**values, "email": "an@", "csrf_token": _csrf(html)}
    )
    assert response.status_code == 400
    page = parse_page(response)
    assert "Nhập địa chỉ thư điện tử, ví dụ ten@example.com." in page.text
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AlertSubscription)) == 0


def test_a_forged_or_stale_proof_is_refused_plainly(mail_app, client):
    html = result_page(client, "en")
    values = form_values(html, "/en/alerts/subscribe")
    response = client.post(
        "/en/alerts/subscribe",
        data={**values, "proof": "1.forged", "email": EMAIL, "csrf_token": _csrf(html)},
    )
    assert response.status_code == 400
    assert "Please look up your dossier again" in parse_page(response).text


def test_a_form_without_csrf_token_is_refused(mail_app, client):
    html = result_page(client, "en")
    values = form_values(html, "/en/alerts/subscribe")
    response = client.post("/en/alerts/subscribe", data={**values, "email": EMAIL})
    assert response.status_code == 400


def test_a_private_feed_shows_the_changes_without_personal_data_and_can_be_stopped(
    mail_app, client, import_csv
):
    html = result_page(client, "en")
    values = form_values(html, "/en/alerts/feeds")
    created = client.post("/en/alerts/feeds", data={**values, "csrf_token": _csrf(html)})
    assert created.status_code == 201
    page = created.get_data(as_text=True)
    address = re.search(rf'value="({re.escape(PUBLIC_URL)}/en/alerts/feed/[\w-]+\.atom)"', page)
    assert address, page
    token = address.group(1).rsplit("/", 1)[1].removesuffix(".atom")
    assert len(token) >= 40
    with mail_app.app_context():
        stored = db.session.scalar(select(AlertFeed.token_hash))
        assert token not in stored
    feed = client.get(f"/en/alerts/feed/{token}.atom")
    assert feed.status_code == 200
    assert feed.mimetype == "application/atom+xml"
    assert feed.headers["Cache-Control"] == "no-store"
    root = ElementTree.fromstring(feed.get_data())
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles[0] == "Status: Being processed"
    assert "Sent to the building office" in titles
    assert VERIFIER not in feed.get_data(as_text=True)
    assert "@" not in feed.get_data(as_text=True)
    # A new step appears in the feed.
    import_csv("events", events_csv(("2025-12-04T15:00:00", "Phê duyệt", "Approved")))
    assert b"Approved" in client.get(f"/en/alerts/feed/{token}.atom").get_data()
    # The result page lists the feed with a button to stop it.
    html = result_page(client, "en")
    assert "Private feed made on" in html
    revoke = form_values(html, "/en/alerts/feeds/revoke")
    stopped = client.post("/en/alerts/feeds/revoke", data={**revoke, "csrf_token": _csrf(html)})
    assert stopped.status_code == 200
    assert "Private feed stopped" in parse_page(stopped).text
    assert client.get(f"/en/alerts/feed/{token}.atom").status_code == 404


def test_an_unknown_feed_token_is_a_404(mail_app, client):
    assert client.get("/vi/alerts/feed/" + "a" * 43 + ".atom").status_code == 404


def test_the_confirmation_page_of_an_unknown_link_is_a_404_in_the_pages_language(client):
    response = client.get("/vi/alerts/confirm/" + "x" * 43)
    assert response.status_code == 404
    assert "Liên kết này không còn dùng được" in parse_page(response).text
