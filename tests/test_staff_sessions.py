"""Staff sessions kept on the server: logout, password changes, "sign out everywhere" and the
12-hour limit end every copy of a cookie (ASVS 5.0 V7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import StaffSession

from .conftest import parse_page
from .staff_helpers import as_role, audit_actions, login, make_staff, post


class Clock:
    """The portal's clock, held still and moved on by hand."""

    def __init__(self, freeze, start: datetime):
        self.freeze, self.now = freeze, start
        freeze(start)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)
        self.freeze(self.now)


@pytest.fixture
def clock(frozen_clock):
    return Clock(frozen_clock, datetime(2026, 3, 2, 0, 30, tzinfo=UTC))


def copy_of(app, client):
    """A second browser holding a copy of this one's session cookie, as a thief would."""
    cookie = client.get_cookie("session")
    assert cookie is not None, "the client holds a session cookie"
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_the_cookie_holds_a_random_token_and_the_database_only_its_hash(app, client):
    as_role(app, client, "editor")
    cookie = client.get_cookie("session").value
    with app.app_context():
        stored = db.session.scalar(select(StaffSession))
        assert len(stored.token_hash) == 64 and stored.token_hash not in cookie


def test_a_cookie_copied_before_logout_no_longer_opens_the_staff_area(app, client):
    as_role(app, client, "editor")
    thief = copy_of(app, client)
    assert thief.get("/vi/staff/").status_code == 200  # the copy works while the session lives
    assert post(client, "/vi/staff/logout").status_code == 303
    response = thief.get("/vi/staff/procedures")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/vi/staff/login")
    with app.app_context():
        assert db.session.scalar(select(StaffSession)) is None


def test_a_cookie_copied_before_an_admin_sets_a_new_password_stops_working(app, client):
    user_id = make_staff(app, "lan@example.gov.vn", "editor")
    victim = app.test_client()
    assert login(victim, "lan@example.gov.vn").status_code == 303
    thief = copy_of(app, victim)
    as_role(app, client, "admin")
    new = "một mật khẩu mới hoàn toàn"
    response = post(
        client, f"/vi/staff/accounts/{user_id}/password", {"password": new, "confirm": new}
    )
    assert response.status_code == 303
    assert thief.get("/vi/staff/").status_code == 302
    assert victim.get("/vi/staff/").status_code == 302
    assert client.get("/vi/staff/").status_code == 200  # the admin's own session goes on


def test_an_admin_signs_another_account_out_everywhere(app, client):
    user_id = make_staff(app, "lan@example.gov.vn", "editor")
    laptop, phone = app.test_client(), app.test_client()
    for browser in (laptop, phone):
        assert login(browser, "lan@example.gov.vn").status_code == 303
    thief = copy_of(app, laptop)
    as_role(app, client, "admin")
    page = parse_page(client.get(f"/en/staff/accounts/{user_id}"))
    assert "Open sessions 2" in page.text
    response = post(client, f"/en/staff/accounts/{user_id}/sessions")
    assert response.status_code == 303
    notice = parse_page(client.get(response.headers["Location"])).text
    assert "lan@example.gov.vn is signed out everywhere (2 sessions ended)." in notice
    assert "Open sessions 0" in notice
    for browser in (laptop, phone, thief):
        assert browser.get("/vi/staff/").status_code == 302
    assert client.get("/vi/staff/").status_code == 200
    assert ("admin@example.gov.vn", "staff.sign_out_everywhere", "lan@example.gov.vn") in (
        audit_actions(app)
    )
    # The entry reads as words in the audit log, in both languages.
    assert "Đăng xuất khỏi mọi nơi" in parse_page(client.get("/vi/staff/audit")).text


def test_signing_oneself_out_everywhere_ends_this_session_too(app, client):
    admin_id = as_role(app, client, "admin")
    other = app.test_client()
    assert login(other, "admin@example.gov.vn").status_code == 303
    assert post(client, f"/vi/staff/accounts/{admin_id}/sessions").status_code == 303
    assert client.get("/vi/staff/").status_code == 302
    assert other.get("/vi/staff/").status_code == 302


def test_a_role_change_or_deactivation_ends_the_accounts_sessions(app, client):
    user_id = make_staff(app, "lan@example.gov.vn", "editor")
    other = app.test_client()
    assert login(other, "lan@example.gov.vn").status_code == 303
    as_role(app, client, "admin")
    assert post(client, f"/vi/staff/accounts/{user_id}/active").status_code == 303
    assert other.get("/vi/staff/").status_code == 302


def test_a_session_ends_after_12_hours_even_while_in_use(app, client, clock):
    as_role(app, client, "editor")
    thief = copy_of(app, client)
    for _ in range(28):  # a request every 25 minutes: never idle, for 11 h 40 min
        clock.advance(minutes=25)
        assert client.get("/vi/staff/").status_code == 200
    clock.advance(minutes=20)  # 12 hours after logging in
    response = client.get("/en/staff/procedures")
    assert response.status_code == 302
    page = parse_page(client.get(response.headers["Location"])).text
    assert "a session lasts at most 12 hours" in page
    assert thief.get("/vi/staff/").status_code == 302
    assert login(client, "editor@example.gov.vn").status_code == 303  # a new one may begin
    assert client.get("/vi/staff/").status_code == 200


def test_a_session_ends_after_the_idle_time_for_every_copy(app, client, clock):
    as_role(app, client, "editor")
    thief = copy_of(app, client)
    clock.advance(minutes=29)
    assert client.get("/vi/staff/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/vi/staff/procedures")
    assert response.status_code == 302
    assert "30 phút" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert thief.get("/vi/staff/").status_code == 302
    assert client.get("/vi/staff/").status_code == 302


def test_a_session_cannot_be_configured_to_outlive_12_hours(app, client, clock):
    app.config["STAFF_SESSION_HOURS"] = 48
    app.config["PERMANENT_SESSION_LIFETIME"] = 24 * 3600
    as_role(app, client, "editor")
    clock.advance(hours=11, minutes=59)
    assert client.get("/vi/staff/").status_code == 200
    clock.advance(minutes=1)
    assert client.get("/vi/staff/").status_code == 302
