"""Staff authentication to ASVS 5.0 level 2 (V6): a TOTP second factor required for publishers
and admins, recovery codes, per-account throttling, refused weak passwords, changing one's own
password, and admins confirming their identity before changing other people's accounts."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import RecoveryCode, StaffUser

from .conftest import parse_page
from .staff_helpers import (
    PASSWORD,
    TOTP_SECRET,
    as_role,
    audit_actions,
    login,
    make_staff,
    post,
    token,
)

START = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)


def password_step(client, email, password=PASSWORD, lang="vi"):
    return client.post(
        f"/{lang}/staff/login",
        data={"csrf_token": token(client, lang), "email": email, "password": password},
    )


def code_step(client, code, lang="vi"):
    return client.post(
        f"/{lang}/staff/login/code", data={"csrf_token": token(client, lang), "code": code}
    )


def app_code(secret=TOTP_SECRET, at=None) -> str:
    return pyotp.TOTP(secret).at(at or clock.utc_now())


# --- the second factor at sign-in -------------------------------------------------------------


def test_an_admin_needs_the_apps_code_after_the_password(app, client, frozen_clock):
    frozen_clock(START)
    make_staff(app, "admin@example.gov.vn", "admin")
    response = password_step(client, "admin@example.gov.vn", lang="en")
    assert response.headers["Location"] == "/en/staff/login/code"
    assert client.get("/en/staff/").status_code == 302  # the password alone opens nothing
    page = client.get("/en/staff/login/code")
    html = page.get_data(as_text=True)
    assert parse_page(page).h1 == ["Two-step verification"]
    assert re.search(r'<input[^>]*autocomplete="one-time-code"[^>]*id="code"', html) or re.search(
        r'<input[^>]*id="code"[^>]*autocomplete="one-time-code"', html
    )
    assert '<label for="code">' in html
    wrong = code_step(client, "000000", lang="en")
    assert wrong.status_code == 422
    assert "The code is not right, or it was used already." in parse_page(wrong).text
    assert code_step(client, app_code(), lang="en").status_code == 303
    assert client.get("/en/staff/accounts").status_code == 200
    actions = [a[1] for a in audit_actions(app)]
    assert actions == ["login_code_failed", "login"]


def test_a_code_cannot_be_used_twice_in_its_window(app, client, frozen_clock):
    frozen_clock(START)
    make_staff(app, "admin@example.gov.vn", "admin")
    code = app_code()
    password_step(client, "admin@example.gov.vn")
    assert code_step(client, code).status_code == 303
    thief = app.test_client()  # someone who watched the code being typed
    password_step(thief, "admin@example.gov.vn")
    response = code_step(thief, code)
    assert response.status_code == 422
    assert "Mã không đúng hoặc đã được dùng" in parse_page(response).text
    frozen_clock(START + timedelta(seconds=30))  # the next code works
    assert code_step(thief, app_code()).status_code == 303


def test_the_same_code_sent_in_parallel_signs_in_only_once(app, frozen_clock):
    frozen_clock(START)
    app.config.update(LOGIN_ACCOUNT_FAILURES=100, LOGIN_RATE_LIMIT="1000 per minute")
    make_staff(app, "admin@example.gov.vn", "admin")
    code = app_code()
    clients = [app.test_client() for _ in range(6)]
    for browser in clients:
        assert password_step(browser, "admin@example.gov.vn").status_code == 303
    tokens = [token(browser) for browser in clients]

    def send(pair):
        browser, csrf = pair
        return browser.post("/vi/staff/login/code", data={"csrf_token": csrf, "code": code})

    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(send, zip(clients, tokens, strict=True)))
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [303] + [422] * 5


def test_the_code_step_lapses_after_five_minutes(app, client, frozen_clock):
    frozen_clock(START)
    make_staff(app, "admin@example.gov.vn", "admin")
    password_step(client, "admin@example.gov.vn", lang="en")
    frozen_clock(START + timedelta(minutes=6))
    response = code_step(client, app_code(), lang="en")
    assert response.headers["Location"] == "/en/staff/login"
    assert "the sign-in took too long" in client.get("/en/staff/login").get_data(as_text=True)


# --- enrolment --------------------------------------------------------------------------------


def test_a_new_publisher_must_set_up_the_app_before_anything_else(app, client, frozen_clock):
    frozen_clock(START)
    make_staff(app, "chi@example.gov.vn", "publisher", two_factor=False)
    assert login(client, "chi@example.gov.vn", lang="en").status_code == 303
    for url in ("/en/staff/", "/en/staff/imports", "/en/staff/my-account"):
        assert client.get(url).headers["Location"] == "/en/staff/my-account/two-factor"
    page = client.get("/en/staff/my-account/two-factor")
    html = page.get_data(as_text=True)
    assert parse_page(page).h1 == ["Set up two-step verification"]
    assert '<svg role="img" aria-label="QR code to scan with an authenticator app"' in html
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert client.get("/en/staff/my-account/two-factor").get_data(as_text=True).count(secret[:4])

    wrong = post(client, "/en/staff/my-account/two-factor", {"code": "123456"})
    assert wrong.status_code == 422 and "That code does not match" in wrong.get_data(as_text=True)
    done = post(client, "/en/staff/my-account/two-factor", {"code": app_code(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert done.headers["Cache-Control"] == "no-store"
    assert client.get("/en/staff/imports").status_code == 200  # this session goes on
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert all(h.startswith("$argon2id$") for h in stored)
        assert not any(code in h for code in codes for h in stored)
    assert "two_factor.enable" in [a[1] for a in audit_actions(app)]


def test_a_session_begun_before_enrolment_elsewhere_ends(app, client, frozen_clock):
    frozen_clock(START)
    make_staff(app, "lan@example.gov.vn", "editor")
    early = app.test_client()
    assert login(early, "lan@example.gov.vn").status_code == 303
    assert login(client, "lan@example.gov.vn").status_code == 303
    html = client.get("/vi/staff/my-account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    assert (
        post(client, "/vi/staff/my-account/two-factor", {"code": app_code(secret)}).status_code
        == 200
    )
    assert early.get("/vi/staff/").status_code == 302
    assert client.get("/vi/staff/").status_code == 200


def test_a_recovery_code_signs_in_once(app, client, frozen_clock):
    frozen_clock(START)
    make_staff(app, "chi@example.gov.vn", "publisher", two_factor=False)
    login(client, "chi@example.gov.vn")
    html = client.get("/vi/staff/my-account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    done = post(client, "/vi/staff/my-account/two-factor", {"code": app_code(secret)})
    recovery = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))[0]
    other = app.test_client()
    password_step(other, "chi@example.gov.vn")
    assert code_step(other, recovery.upper()).status_code == 303
    assert "còn lại 9 mã" in other.get("/vi/staff/").get_data(as_text=True)
    again = app.test_client()
    password_step(again, "chi@example.gov.vn")
    assert code_step(again, recovery).status_code == 422


# --- throttling per account --------------------------------------------------------------------


def test_guesses_from_many_addresses_lock_the_account_for_a_while(app, frozen_clock):
    frozen_clock(START)
    app.config["LOGIN_ACCOUNT_FAILURES"] = 5
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"  # the per-address limit is tested apart
    make_staff(app, "lan@example.gov.vn", "editor")
    for n in range(5):
        browser = app.test_client()
        response = browser.post(
            "/vi/staff/login",
            data={
                "csrf_token": token(browser),
                "email": "lan@example.gov.vn",
                "password": "x" * 12,
            },
            environ_base={"REMOTE_ADDR": f"203.0.113.{n}"},
        )
        assert response.status_code == 422
    locked = login(app.test_client(), "lan@example.gov.vn", lang="en")
    assert locked.status_code == 429  # even the right password, from a new address
    assert "Too many failed attempts for this account. Please wait 15 minutes" in (
        locked.get_data(as_text=True)
    )
    unknown = app.test_client()
    for _ in range(5):
        password_step(unknown, "nobody@example.gov.vn", "x" * 12)
    assert password_step(unknown, "nobody@example.gov.vn", "x" * 12).status_code == 429
    frozen_clock(START + timedelta(minutes=16))
    assert login(app.test_client(), "lan@example.gov.vn").status_code == 303


def test_parallel_guesses_get_no_more_checks_than_the_limit(app, frozen_clock):
    frozen_clock(START)
    app.config["LOGIN_ACCOUNT_FAILURES"] = 3
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    make_staff(app, "lan@example.gov.vn", "editor")
    clients = [app.test_client() for _ in range(12)]
    tokens = [token(browser) for browser in clients]

    def guess(pair):
        browser, csrf = pair
        data = {"csrf_token": csrf, "email": "lan@example.gov.vn", "password": "wrong guess here"}
        return browser.post("/vi/staff/login", data=data).status_code

    with ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(guess, zip(clients, tokens, strict=True)))
    assert statuses.count(422) == 3 and statuses.count(429) == 9


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, message",
    [
        ("vi", "Mật khẩu này quá dễ đoán"),
        ("en", "This password is too easy to guess"),
    ],
)
@pytest.mark.parametrize("weak", ["password1234", "Password1234!", "qwertyuiop12", "lan123456789"])
def test_common_and_guessable_passwords_are_refused_in_the_forms(app, client, lang, message, weak):
    as_role(app, client, "admin")
    response = post(
        client,
        f"/{lang}/staff/accounts",
        {"email": "lan@example.gov.vn", "role": "editor", "password": weak, "confirm": weak},
    )
    assert response.status_code == 422
    assert message in parse_page(response).text
    with app.app_context():
        assert db.session.scalar(select(StaffUser).where(StaffUser.role == "editor")) is None


def test_create_staff_refuses_common_passwords_too(app, runner):
    result = runner.invoke(
        args=["create-staff", "lan@example.gov.vn", "--role", "editor"], input="iloveyou1234\n"
    )
    assert result.exit_code == 1
    assert "This password is too easy to guess" in result.output
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_the_own_password_form_lists_its_problems_in_the_order_of_its_fields(app, client):
    as_role(app, client, "editor")
    empty = post(
        client,
        "/en/staff/my-account/password",
        {"current_password": "", "password": "", "confirm": ""},
    )
    assert empty.status_code == 422
    summary = re.findall(r'<li><a href="#([a-z_]+)">', empty.get_data(as_text=True))
    assert summary == ["current_password", "password"]


def test_staff_change_their_own_password_and_other_copies_end(app, client):
    as_role(app, client, "editor")
    thief = app.test_client()
    assert login(thief, "editor@example.gov.vn").status_code == 303
    page = parse_page(client.get("/en/staff/my-account"))
    assert page.h1 == ["My account"]
    new = "lantern orchard velvet quarry"
    wrong = post(
        client,
        "/en/staff/my-account/password",
        {"current_password": "not my password", "password": new, "confirm": new},
    )
    assert wrong.status_code == 422
    assert "The current password is not right." in parse_page(wrong).text
    weak = post(
        client,
        "/vi/staff/my-account/password",
        {"current_password": PASSWORD, "password": "password1234", "confirm": "password1234"},
    )
    assert weak.status_code == 422 and "Mật khẩu này quá dễ đoán" in parse_page(weak).text
    done = post(
        client,
        "/en/staff/my-account/password",
        {"current_password": PASSWORD, "password": new, "confirm": new},
    )
    assert done.status_code == 303
    assert client.get("/en/staff/").status_code == 200  # this session goes on
    assert thief.get("/en/staff/").status_code == 302  # the other one ends
    assert login(app.test_client(), "editor@example.gov.vn", PASSWORD).status_code == 422
    assert login(app.test_client(), "editor@example.gov.vn", new).status_code == 303
    actions = [a[1] for a in audit_actions(app)]
    assert "account.password_refused" in actions and "account.password" in actions


def test_signing_oneself_out_everywhere(app, client):
    as_role(app, client, "editor")
    other = app.test_client()
    login(other, "editor@example.gov.vn")
    assert post(client, "/vi/staff/my-account/sessions").status_code == 303
    assert client.get("/vi/staff/").status_code == 302
    assert other.get("/vi/staff/").status_code == 302


# --- admins confirm who they are ---------------------------------------------------------------


def test_an_admin_confirms_their_identity_before_changing_others(app, client, frozen_clock):
    frozen_clock(START)
    as_role(app, client, "admin")
    user_id = make_staff(app, "lan@example.gov.vn", "editor")
    frozen_clock(START + timedelta(minutes=11))  # still active, but the sign-in is not fresh
    page = client.get(f"/en/staff/accounts/{user_id}").get_data(as_text=True)
    assert "Confirm it is you" in page and f"/accounts/{user_id}/role" not in page
    refused = post(client, f"/en/staff/accounts/{user_id}/role", {"role": "admin"})
    assert refused.headers["Location"].startswith("/en/staff/confirm-identity?next=")
    new = "lantern orchard velvet quarry"
    refused = post(
        client, f"/en/staff/accounts/{user_id}/password", {"password": new, "confirm": new}
    )
    assert refused.status_code == 303
    with app.app_context():
        assert db.session.get(StaffUser, user_id).role == "editor"

    reauth = f"/en/staff/confirm-identity?next=/en/staff/accounts/{user_id}"
    form = parse_page(client.get(reauth))
    assert form.h1 == ["Confirm it is you"]
    bad = post(client, reauth, {"password": PASSWORD, "code": "000000"})
    assert bad.status_code == 422
    good = post(client, reauth, {"password": PASSWORD, "code": app_code()})
    assert good.headers["Location"] == f"/en/staff/accounts/{user_id}"
    assert (
        post(client, f"/en/staff/accounts/{user_id}/role", {"role": "publisher"}).status_code == 303
    )
    with app.app_context():
        assert db.session.get(StaffUser, user_id).role == "publisher"
    actions = [a[1] for a in audit_actions(app)]
    assert actions[-3:] == ["reauth_failed", "reauth", "staff.role"]


def test_an_admin_resets_a_lost_second_factor(app, client, frozen_clock):
    frozen_clock(START)
    as_role(app, client, "admin")
    user_id = make_staff(app, "chi@example.gov.vn", "publisher")
    phone = app.test_client()
    assert login(phone, "chi@example.gov.vn").status_code == 303
    assert post(client, f"/vi/staff/accounts/{user_id}/two-factor").status_code == 303
    assert phone.get("/vi/staff/").status_code == 302
    assert login(phone, "chi@example.gov.vn").status_code == 303  # no code asked any more...
    assert phone.get("/vi/staff/imports").headers["Location"].endswith("/my-account/two-factor")
    assert "Đặt lại xác thực hai bước" in parse_page(client.get("/vi/staff/audit")).text
