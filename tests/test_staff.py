"""The staff area's door: login, logout, sessions, roles, CSRF, headers, and the commands."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from portal.extensions import db
from portal.models import Procedure, StaffUser
from portal.staff import auth

from .conftest import parse_page
from .staff_helpers import (
    PASSWORD,
    as_role,
    audit_actions,
    login,
    make_staff,
    post,
    token,
)

STAFF_PAGES = [
    "/{lang}/staff/",
    "/{lang}/staff/procedures",
    "/{lang}/staff/procedures/new",
    "/{lang}/staff/procedures/1",
    "/{lang}/staff/procedures/1/edit",
    "/{lang}/staff/procedures/1/preview",
    "/{lang}/staff/procedures/1/history",
    "/{lang}/staff/agencies",
    "/{lang}/staff/agencies/new",
    "/{lang}/staff/agencies/1/edit",
    "/{lang}/staff/imports",
    "/{lang}/staff/publishing",
    "/{lang}/staff/searches",
    "/{lang}/staff/audit",
    "/{lang}/staff/accounts",
    "/{lang}/staff/accounts/1",
]


# --- login and logout -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_no_staff_page_is_reachable_without_login(client, lang, page):
    url = page.format(lang=lang)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/{lang}/staff/login")


def test_posts_without_login_are_refused_too(client, catalogue):
    for url in (
        "/vi/staff/procedures/new",
        "/vi/staff/imports",
        "/vi/staff/accounts",
        "/vi/staff/procedures/1/publish",
        "/vi/staff/publishing",
    ):
        response = post(client, url, {"name_vi": "x"})
        assert response.status_code == 302 and "/vi/staff/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "lang, heading, button",
    [("vi", "Đăng nhập cán bộ", "Đăng nhập"), ("en", "Staff login", "Log in")],
)
def test_the_login_page_is_translated(client, lang, heading, button):
    response = client.get(f"/{lang}/staff/login")
    page = parse_page(response)
    assert page.h1 == [heading]
    assert button in page.text
    assert response.headers["Cache-Control"] == "no-store"


def test_login_leads_to_the_page_asked_for_and_logout_ends_the_session(app, client):
    make_staff(app, "editor@example.gov.vn", "editor")
    first = client.get("/vi/staff/procedures?q=abc")
    assert first.headers["Location"] == "/vi/staff/login?next=/vi/staff/procedures?q%3Dabc"
    response = client.post(
        "/vi/staff/login",
        data={
            "csrf_token": token(client),
            "email": "Editor@Example.gov.vn ",
            "password": PASSWORD,
            "next": "/vi/staff/procedures?q=abc",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/vi/staff/procedures?q=abc"
    home = client.get("/vi/staff/")
    assert home.status_code == 200
    assert "editor@example.gov.vn" in parse_page(home).text

    assert client.get("/vi/staff/logout").status_code == 405  # logging out is a POST
    response = post(client, "/vi/staff/logout")
    assert response.status_code == 303
    assert "Bạn đã đăng xuất" in client.get("/vi/staff/login").get_data(as_text=True)
    assert client.get("/vi/staff/").status_code == 302
    assert [a[1] for a in audit_actions(app)] == ["login", "logout"]


def test_login_never_redirects_to_another_site(app, client):
    make_staff(app, "e@example.gov.vn", "editor")
    for target in (
        "https://evil.example/",
        "//evil.example/vi/staff/",
        "/vi/../evil",
        "javascript:alert(1)",
        "/vi/staff/\\evil",
    ):
        client.post("/vi/staff/logout")
        with client.session_transaction() as session:
            session.clear()
        response = client.post(
            "/vi/staff/login",
            data={
                "csrf_token": token(client),
                "email": "e@example.gov.vn",
                "password": PASSWORD,
                "next": target,
            },
        )
        assert response.headers["Location"] in ("/vi/staff/", "/vi/staff/?")


def test_unknown_email_and_wrong_password_get_the_same_answer(app, client):
    make_staff(app, "editor@example.gov.vn", "editor")
    make_staff(app, "gone@example.gov.vn", "editor", active=False)
    answers = []
    for email, password in (
        ("nobody@example.gov.vn", PASSWORD),
        ("editor@example.gov.vn", "wrong password here"),
        ("gone@example.gov.vn", PASSWORD),
    ):
        response = login(client, email, password, lang="en")
        assert response.status_code == 422
        answers.append(re.sub(r'value="[^"]*"', "", response.get_data(as_text=True)))
    assert "The email address or the password is not right." in answers[0]
    assert answers[0] == answers[1].replace("editor@example.gov.vn", "nobody@example.gov.vn")
    assert client.get("/en/staff/").status_code == 302
    actions = audit_actions(app)
    assert [a[1] for a in actions] == ["login_failed"] * 3
    # The typed text of an unknown email is not kept.
    assert actions[0][0] == "-" and actions[1][0] == "editor@example.gov.vn"


def test_an_unknown_email_is_checked_against_a_hash_as_costly_as_a_real_one(app):
    """Equal-time login: the stored dummy hash has the hasher's parameters (so verifying it costs
    what verifying an account's password costs), and no process hashes anything to get it."""
    user_id = make_staff(app, "editor@example.gov.vn", "editor")
    with app.app_context():
        real = db.session.get(StaffUser, user_id).password_hash
    assert extract_parameters(auth.dummy_hash()) == extract_parameters(real)
    assert not auth.hasher.check_needs_rehash(auth._DUMMY_HASH)
    assert auth.dummy_hash() is auth._DUMMY_HASH


def test_an_unknown_email_takes_as_long_to_refuse_as_a_wrong_password(app):
    make_staff(app, "editor@example.gov.vn", "editor")
    spent = {"nobody@example.gov.vn": [], "editor@example.gov.vn": []}
    with app.app_context():
        for _ in range(3):
            for email, times in spent.items():
                start = time.perf_counter()
                assert auth.authenticate(email, "wrong password here") is None
                times.append(time.perf_counter() - start)
    # One argon2 verification each (tens of ms); without it an unknown email takes ~1 ms.
    unknown, wrong = min(spent["nobody@example.gov.vn"]), min(spent["editor@example.gov.vn"])
    assert unknown > 0.5 * wrong, (unknown, wrong)


def test_failed_logins_are_rate_limited_but_good_ones_are_not_counted(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_staff(app, "editor@example.gov.vn", "editor")
    for _ in range(4):
        assert login(client, "editor@example.gov.vn").status_code == 303
        post(client, "/vi/staff/logout")
    for _ in range(3):
        assert login(client, "editor@example.gov.vn", "not the password").status_code == 422
    response = login(client, "editor@example.gov.vn")
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in response.get_data(as_text=True)


def test_a_post_without_a_csrf_token_is_refused(app, client):
    make_staff(app, "admin@example.gov.vn", "admin")
    response = client.post(
        "/vi/staff/login", data={"email": "admin@example.gov.vn", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    as_role(app, client, "editor")
    for url in ("/vi/staff/logout", "/vi/staff/procedures/new", "/vi/staff/accounts"):
        assert client.post(url, data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/vi/staff/").status_code == 200  # still logged in


def test_the_session_cookie_is_httponly_samesite_and_secure_when_configured(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    make_staff(app, "editor@example.gov.vn", "editor")
    secure = app.test_client()
    html = secure.get("https://localhost/vi/staff/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = secure.post(
        "https://localhost/vi/staff/login",
        data={"csrf_token": csrf, "email": "editor@example.gov.vn", "password": PASSWORD},
        headers={"Referer": "https://localhost/vi/staff/login"},
    )
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Expires="):
        assert flag in cookie


def test_a_password_change_or_deactivation_ends_open_sessions(app, client):
    user_id = as_role(app, client, "editor")
    with app.app_context():
        db.session.get(StaffUser, user_id).active = False
        db.session.commit()
    assert client.get("/vi/staff/").status_code == 302
    assert login(client, "editor@example.gov.vn").status_code == 422


# --- roles ------------------------------------------------------------------------------------

ROLE_PAGES = {
    "editor": [
        "/vi/staff/procedures",
        "/vi/staff/procedures/new",
        "/vi/staff/agencies",
        "/vi/staff/agencies/new",
    ],
    "publisher": ["/vi/staff/imports", "/vi/staff/publishing"],
    "admin": ["/vi/staff/accounts", "/vi/staff/audit"],
}


@pytest.mark.parametrize("role", ["editor", "publisher", "admin"])
def test_each_role_reaches_its_pages_and_is_refused_the_others(app, client, role):
    as_role(app, client, role)
    for owner, pages in ROLE_PAGES.items():
        for url in pages:
            response = client.get(url)
            if role == "admin" or owner == role:
                assert response.status_code == 200, url
                parse_page(response)
            else:
                assert response.status_code == 403, url
                assert "Bạn không có quyền" in response.get_data(as_text=True)
    for url in ("/vi/staff/", "/vi/staff/searches"):
        assert client.get(url).status_code == 200


def test_a_wrong_role_is_refused_on_posts_in_english_too(app, client, catalogue):
    as_role(app, client, "publisher")
    response = post(client, "/en/staff/procedures/new", {"code": "9.999999"})
    assert response.status_code == 403
    assert "You do not have permission to do that." in response.get_data(as_text=True)
    assert post(client, "/en/staff/accounts", {"email": "x@y.vn"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Procedure).where(Procedure.code == "9.999999")) is None


def test_unknown_and_huge_ids_are_not_found(app, client):
    as_role(app, client, "admin")
    for number in ("999999", "2147483648", "99999999999999999999999"):
        for url in (
            f"/vi/staff/procedures/{number}",
            f"/vi/staff/procedures/{number}/edit",
            f"/vi/staff/procedures/1/history/{number}",
            f"/vi/staff/agencies/{number}/edit",
            f"/vi/staff/accounts/{number}",
        ):
            assert client.get(url).status_code == 404, url
        assert (
            post(client, f"/vi/staff/accounts/{number}/role", {"role": "editor"}).status_code == 404
        )


def test_the_staff_home_lists_only_what_the_role_may_do(app, client):
    as_role(app, client, "publisher")
    html = client.get("/en/staff/").get_data(as_text=True)
    assert "/en/staff/imports" in html and "/en/staff/publishing" in html
    assert "/en/staff/procedures" not in html and "/en/staff/accounts" not in html


# --- security headers -------------------------------------------------------------------------


def _assert_security_headers(response, https: bool = False):
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    if https:
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    else:
        assert "Strict-Transport-Security" not in response.headers


def test_security_headers_on_pages_api_errors_and_static_files(app, client, catalogue):
    responses = [
        client.get("/vi/"),
        client.get("/en/procedures"),
        client.get("/vi/staff/login"),
        client.get("/api/v1/procedures"),
        client.get("/api/v1/nothing-here"),
        client.get("/vi/no-such-page"),
        client.post("/vi/staff/login"),
        client.get("/static/css/portal.css"),
        client.get("/healthz"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 404, 400, 200, 200]
    for response in responses:
        _assert_security_headers(response)
    for response in (
        client.get("https://localhost/vi/"),
        client.get("https://localhost/api/v1/agencies"),
        client.get("https://localhost/vi/missing"),
    ):
        _assert_security_headers(response, https=True)


def test_security_headers_on_a_server_error(app, client):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom-for-test")
    assert response.status_code == 500
    _assert_security_headers(response)


def test_hsts_behind_a_trusted_proxy_that_terminates_tls(database_url, tmp_path):
    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "TRUSTED_PROXIES": 1,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    response = app.test_client().get(
        "/healthz", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    )
    _assert_security_headers(response, https=True)
    with app.app_context():
        db.engine.dispose()


# --- commands ---------------------------------------------------------------------------------


def test_create_staff_reads_the_password_from_stdin_and_can_log_in(app, client, runner):
    result = runner.invoke(
        args=["create-staff", "Chi@Example.gov.vn", "--role", "publisher"],
        input="a long enough password\nignored second line\n",
    )
    assert result.exit_code == 0, result.output
    assert "created publisher chi@example.gov.vn" in result.output
    assert login(client, "chi@example.gov.vn", "a long enough password").status_code == 303
    with app.app_context():
        user = db.session.scalar(select(StaffUser))
        assert user.password_hash.startswith("$argon2id$")
        assert "a long enough password" not in user.password_hash


def test_create_staff_updates_an_existing_account(app, runner):
    make_staff(app, "chi@example.gov.vn", "editor")
    result = runner.invoke(
        args=["create-staff", "chi@example.gov.vn", "--role", "admin"],
        input="another good password\n",
    )
    assert result.exit_code == 0 and "updated chi@example.gov.vn" in result.output
    with app.app_context():
        users = db.session.scalars(select(StaffUser)).all()
        assert [(u.email, u.role) for u in users] == [("chi@example.gov.vn", "admin")]
    actions = audit_actions(app)
    assert actions[-1] == ("cli", "staff.update", "chi@example.gov.vn")


def test_create_staff_refuses_weak_passwords_and_bad_roles(app, runner):
    result = runner.invoke(
        args=["create-staff", "chi@example.gov.vn", "--role", "editor"], input="short\n"
    )
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output
    result = runner.invoke(
        args=["create-staff", "chi@example.gov.vn", "--role", "boss"],
        input="a long enough password\n",
    )
    assert result.exit_code == 2 and "boss" in result.output
    result = runner.invoke(
        args=["create-staff", "not an email", "--role", "editor"], input="a long enough password\n"
    )
    assert result.exit_code == 1
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_backup_writes_a_copy_that_opens_and_has_the_data(app, runner, catalogue, tmp_path):
    make_staff(app, "chi@example.gov.vn", "admin")
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists() and not target.with_name("copy.db.part").exists()
    assert (target.stat().st_mode & 0o077) == 0  # it holds password hashes: owner only
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT count(*) FROM procedure").fetchone()[0] == 4
            assert copy.execute("SELECT email FROM staff_user").fetchone()[0] == (
                "chi@example.gov.vn"
            )
            assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert "integrity ok" in result.output
    else:
        assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        assert "pg_restore" in result.output


def test_backup_explains_what_it_cannot_do(app, runner, tmp_path, monkeypatch):
    result = runner.invoke(args=["backup", str(tmp_path / "missing" / "copy.db")])
    assert result.exit_code != 0
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        monkeypatch.setattr("shutil.which", lambda name: None)
        result = runner.invoke(args=["backup", str(tmp_path / "copy.dump")])
        assert result.exit_code == 1
        assert "pg_dump" in result.output
