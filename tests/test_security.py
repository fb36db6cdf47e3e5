"""The outside review's attacks (issue 11), each replayed against the portal: every test here
failed on the code the review read and passes now."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from portal import create_app
from portal.cli import import_kinds
from portal.config import SettingsError
from portal.dossiers.verifier import RATING_SALT, hash_verifier
from portal.extensions import db
from portal.imports import run_import
from portal.models import AuditLog, Dossier, Rating

from . import test_lookup
from .conftest import parse_page
from .test_lookup import CODE, VERIFIER, look_up

ROOT = Path(__file__).resolve().parent.parent
make_dossier = test_lookup.make_dossier  # the look-up tests' fixture, shared
PUBLIC_URL = "https://dichvucong.example.gov.vn"
STRONG_KEY = "k" * 16 + "-a-long-random-value-for-tests-only"
OLD_BUILT_IN_KEY = "dev-only-change-me"
REAL_CENTRE = {
    "PROVINCE_VI": "Hà Tĩnh",
    "PROVINCE_EN": "Ha Tinh",
    "CENTRE_ADDRESS": "Số 2 đường Nguyễn Tất Thành, phường Thành Sen, tỉnh Hà Tĩnh",
}


def production_app(database_url, tmp_path, **config):
    """The app as a real site runs it: PORTAL_ENV=production, not TESTING."""
    settings = {
        **REAL_CENTRE,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path),
        "PORTAL_ENV": "production",
        "PUBLIC_URL": PUBLIC_URL,
        "SECRET_KEY": STRONG_KEY,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def site_with_figures(app):
    """A small demo province with published months, its PUBLIC_URL set."""
    from .test_hostile import load_small_demo

    app.summary = load_small_demo(app)
    app.config["PUBLIC_URL"] = PUBLIC_URL
    return app


@pytest.fixture
def dispose():
    """Apps made by a test, their connections closed at its end."""
    made = []
    yield made.append
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# --- 1. no built-in secret key --------------------------------------------------------------


def test_a_rating_token_signed_with_the_old_built_in_key_is_refused(
    app,
    database_url,
    tmp_path,
    make_dossier,
    monkeypatch,
    dispose,
):
    """Unset SECRET_KEY used to mean a fixed value anyone could read in the source: a rating
    token signed with it rated any dossier without its verifier."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    make_dossier(status="returned")
    site = production_app(database_url, tmp_path, SECRET_KEY=None)
    dispose(site)
    with site.app_context():
        dossier_id = db.session.scalar(select(Dossier.id))
    forged = URLSafeTimedSerializer(OLD_BUILT_IN_KEY, salt=RATING_SALT).dumps(dossier_id)
    client = site.test_client()
    html = client.get(f"{PUBLIC_URL}/vi/lookup").get_data(as_text=True)
    csrf = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"{PUBLIC_URL}/vi/lookup/rating",
        data={"csrf_token": csrf, "token": forged, "score": "unsatisfied"},
        headers={"Referer": f"{PUBLIC_URL}/vi/lookup"},
    )
    assert response.status_code == 400
    assert parse_page(response).h1 == ["Vui lòng tra cứu lại hồ sơ"]
    with site.app_context():
        assert db.session.scalar(select(Rating.id)) is None


def test_without_a_secret_key_each_instance_makes_its_own_and_keeps_it_private(
    database_url, tmp_path, monkeypatch, dispose
):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = production_app(database_url, tmp_path, SECRET_KEY=None)
    again = production_app(database_url, tmp_path, SECRET_KEY=None)
    other = production_app(database_url, tmp_path / "other", SECRET_KEY=None)
    for made in (first, again, other):
        dispose(made)
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 32
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]


@pytest.mark.parametrize(
    "key, said",
    [
        (OLD_BUILT_IN_KEY, "placeholder"),
        ("change-me-to-a-long-random-value", "placeholder"),
        ("short-but-not-a-placeholder", "shorter than 32 bytes"),
    ],
)
def test_a_weak_secret_key_refuses_to_start_outside_development(database_url, tmp_path, key, said):
    with pytest.raises(SettingsError, match=said):
        production_app(database_url, tmp_path, SECRET_KEY=key)
    with pytest.raises(SettingsError, match="VERIFIER_KEY"):
        production_app(database_url, tmp_path, VERIFIER_KEY="1234")


def test_the_server_refuses_to_start_on_the_sample_key_with_a_clear_message(tmp_path):
    env = {
        **os.environ,
        **REAL_CENTRE,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "change-me-to-a-long-random-value",
        "PUBLIC_URL": PUBLIC_URL,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "INSTANCE_PATH": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "SECRET_KEY is a placeholder" in done.stderr
    env["SECRET_KEY"] = STRONG_KEY
    del env["PUBLIC_URL"]
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "PUBLIC_URL is not set" in done.stderr


LEAK_CSV = (
    "code,procedure_code,agency_code,channel,received_at,due_at,resolved_at,returned_at,"
    "return_channel,status,four_on_site,verifier\n"
    "LEAK-1,1.009972,SXD,direct,2024-03-04T08:00:00,2024-03-20T17:00:00,,,,processing,0,4821\n"
)


def test_a_leaked_session_key_does_not_reverse_the_verifier_hashes(
    app, database_url, tmp_path, catalogue, dispose
):
    """With a copy of the database and SECRET_KEY, trying every 4-digit verifier used to find
    the one stored; the verifiers are keyed with a key of their own now."""
    site = production_app(database_url, tmp_path, VERIFIER_KEY="v" * 48)
    dispose(site)
    with site.app_context():
        run_import(import_kinds()["dossiers"](db.session), io.BytesIO(LEAK_CSV.encode()))
        stored = db.session.scalar(select(Dossier.verifier_hash))
    tried = [f"{n:04d}" for n in range(10_000)]
    assert not [v for v in tried if hash_verifier(STRONG_KEY, v) == stored]
    assert [v for v in tried if hash_verifier("v" * 48, v) == stored] == ["4821"]
    # And with no VERIFIER_KEY set, the hash is still not the session key's.
    assert app.config["VERIFIER_KEY"] != app.config["SECRET_KEY"]


# --- 2. guesses spread over many addresses --------------------------------------------------


def guessing_site(database_url, tmp_path, **config):
    """A site behind one trusted proxy, where each guess may claim another address."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path),
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "TRUSTED_PROXIES": 1,
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOOKUP_RATE_LIMIT": "3 per minute",
        "CODE_GUESS_LIMIT": "10 per hour",
    }
    settings.update(config)
    return create_app(settings)


def guess(client, verifier, address, code=CODE, api=False):
    headers = {"X-Forwarded-For": address}
    if api:
        return client.post(
            "/api/v1/lookup", json={"code": code, "verifier": verifier}, headers=headers
        )
    return client.post("/en/lookup", data={"code": code, "verifier": verifier}, headers=headers)


def test_wrong_verifiers_from_many_addresses_lock_the_code_whatever_the_address(
    app,
    database_url,
    tmp_path,
    make_dossier,
    dispose,
):
    make_dossier()
    make_dossier("OTHER-1")
    site = guessing_site(database_url, tmp_path)
    dispose(site)
    client = site.test_client()
    for n in range(10):
        answer = guess(client, f"{1000 + n}", f"198.51.100.{n}", api=n % 2 == 1)
        assert answer.status_code == 404, n
    # The eleventh guess, from an address never seen, even with the right verifier: 429.
    locked = guess(client, VERIFIER, "203.0.113.50")
    assert locked.status_code == 429
    assert "too many wrong verification numbers" in parse_page(locked).text
    assert 0 < int(locked.headers["Retry-After"]) <= 3600
    assert locked.headers["Cache-Control"] == "no-store"
    api = guess(client, VERIFIER, "203.0.113.51", api=True)
    assert api.status_code == 429 and api.get_json()["error"] == "rate_limited"
    # An unknown code is counted the same way, so a 429 says nothing about which codes exist.
    for n in range(10):
        assert guess(client, "1111", f"198.51.101.{n}", code="NO-SUCH-CODE").status_code == 404
    assert guess(client, "1111", "198.51.101.99", code="NO-SUCH-CODE").status_code == 429
    # Other dossiers answer as before.
    assert guess(client, VERIFIER, "203.0.113.52", code="OTHER-1", api=True).status_code == 200


def test_the_right_verifier_gives_its_guess_back(
    app,
    database_url,
    tmp_path,
    make_dossier,
    dispose,
):
    make_dossier()
    site = guessing_site(database_url, tmp_path, CODE_GUESS_LIMIT="2 per hour")
    dispose(site)
    client = site.test_client()
    for n in range(6):
        assert guess(client, VERIFIER, f"198.51.100.{n}", api=True).status_code == 200
    assert guess(client, "0000", "198.51.100.7").status_code == 404
    assert guess(client, VERIFIER, "198.51.100.8", api=True).status_code == 200
    assert guess(client, "0000", "198.51.100.9").status_code == 404
    assert guess(client, VERIFIER, "198.51.100.10").status_code == 429


def test_ipv6_clients_are_counted_by_their_64(
    app,
    database_url,
    tmp_path,
    make_dossier,
    dispose,
):
    make_dossier()
    site = guessing_site(database_url, tmp_path, CODE_GUESS_LIMIT="1000 per hour")
    dispose(site)
    client = site.test_client()
    for host in ("1", "2", "ffff:ffff:fff0"):
        assert guess(client, "0000", f"2001:db8:1:2::{host}").status_code == 404
    assert guess(client, "0000", "2001:db8:1:2:abcd::9").status_code == 429
    assert guess(client, "0000", "2001:db8:1:3::1").status_code == 404  # the next /64


def test_ratings_are_rate_limited_too(app, database_url, tmp_path, dispose):
    site = guessing_site(database_url, tmp_path)
    dispose(site)
    client = site.test_client()
    answers = [
        client.post("/vi/lookup/rating", data={"token": "forged", "score": "satisfied"})
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert all(a.headers["Cache-Control"] == "no-store" for a in answers)


def test_a_site_wide_default_limit_if_configured_counts_every_page(
    app, database_url, tmp_path, dispose
):
    """The limiter skips its per-request check while every limit is a view's own; a site
    that configures a default limit for every page gets it counted all the same."""
    from portal.extensions import limiter

    site = guessing_site(database_url, tmp_path, RATELIMIT_DEFAULT="2 per minute")
    dispose(site)
    try:
        client = site.test_client()
        answers = [
            client.get("/vi/", headers={"X-Forwarded-For": "198.51.100.7"}) for _ in range(3)
        ]
        assert [a.status_code for a in answers] == [200, 200, 429]
        # Another address has its own budget: the count is per client, as configured.
        assert client.get("/vi/", headers={"X-Forwarded-For": "198.51.100.8"}).status_code == 200
    finally:
        limiter.limit_manager.set_default_limits([])  # the extension object outlives the site
    # Without it, pages are never counted.
    client = app.test_client()
    assert {client.get("/healthz").status_code for _ in range(50)} == {200}


# --- 3. the Host header -----------------------------------------------------------------------


def test_a_forged_host_cannot_plant_its_links_in_cached_pages_or_the_feed(site_with_figures):
    client = site_with_figures.test_client()
    period = site_with_figures.summary.months[-1]
    for url in (f"/vi/stats/{period}", "/vi/stats/feed.atom", "/en/stats/feed.atom"):
        client.get(url, headers={"Host": "evil.example"})
        for host in ("evil.example", "localhost"):
            body = client.get(url, headers={"Host": host}).get_data(as_text=True)
            assert "evil.example" not in body, url
            assert PUBLIC_URL + "/" in body, url


def test_unknown_hosts_are_refused_outside_development(database_url, tmp_path, dispose):
    site = production_app(database_url, tmp_path)
    dispose(site)
    client = site.test_client()
    assert client.get("/healthz", base_url=PUBLIC_URL).status_code == 200
    refused = client.get("/vi/", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)


# --- 4. bodies ----------------------------------------------------------------------------------


def test_a_large_json_body_is_refused_before_it_is_read(client):
    body = '{"code": "' + "A" * (1024 * 1024) + '", "verifier": "1234"}'
    response = client.post("/api/v1/lookup", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"


@pytest.mark.parametrize("body", ["[" * 50_000, '{"a":' * 12_000, "[" * 5_000 + "]" * 5_000])
def test_deeply_nested_json_is_a_400(client, body):
    response = client.post("/api/v1/lookup", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"


# --- 7. made-up query names -----------------------------------------------------------------


@pytest.mark.parametrize("query", ["endpoint=x", "_method=x", "_scheme=x", "lang=zz", "_anchor=x"])
def test_query_names_url_for_reserves_break_no_page(site_with_figures, query):
    client = site_with_figures.test_client()
    period = site_with_figures.summary.months[-1]
    for page in ("/vi/", "/en/procedures?q=a&page=2", f"/vi/stats/{period}", "/en/lookup"):
        url = f"{page}{'&' if '?' in page else '?'}{query}"
        response = client.get(url)
        assert response.status_code == 200, url
        page_parsed = parse_page(response)
        assert page_parsed.title


def test_the_language_switch_carries_the_pages_own_filters_only(site_with_figures):
    client = site_with_figures.test_client()
    html = client.get("/vi/procedures?q=khai+sinh&endpoint=x&_scheme=x").get_data(as_text=True)
    switch = html.split('hreflang="en"')[0].rsplit('href="', 1)[1]
    assert switch.startswith("/en/procedures?") and "q=khai+sinh" in switch
    assert "endpoint" not in switch and "_scheme" not in switch


# --- 9. look-up answers are never cached ------------------------------------------------------


def test_every_look_up_and_rating_answer_says_no_store(
    client,
    make_dossier,
):
    make_dossier(status="returned")
    answers = [
        client.get("/vi/lookup"),
        client.get(f"/vi/lookup?code={CODE}"),
        look_up(client),
        look_up(client, verifier="000000"),
        look_up(client, verifier="12"),
        client.post("/api/v1/lookup", json={"code": CODE, "verifier": VERIFIER}),
        client.post("/api/v1/lookup", json={"code": CODE, "verifier": "000000"}),
        client.post("/api/v1/lookup", json=[]),
        client.post("/vi/lookup/rating", data={}),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 404, 400, 200, 404, 400, 400]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store", answer.request.path


# --- 8. audit origin, and a cache nobody outside can empty -----------------------------------


def test_a_failed_login_keeps_the_page_cache_and_records_where_it_came_from(site_with_figures):
    from portal.stats import cache

    from .staff_helpers import make_staff, token

    make_staff(site_with_figures, "editor@example.gov.vn", "editor")
    client = site_with_figures.test_client()
    path = f"/vi/stats/{site_with_figures.summary.months[-1]}"
    assert client.get(path).status_code == 200

    def cached_page():
        return [v for k, v in cache._cache.items() if k[:2] == ("stats-page", path + "?")]

    page = cached_page()
    agent = "Mozilla/5.0 (attacker's browser)"
    response = client.post(
        "/vi/staff/login",
        data={"csrf_token": token(client), "email": "editor@example.gov.vn", "password": "wrong"},
        headers={"User-Agent": agent},
        environ_base={"REMOTE_ADDR": "198.51.100.23"},
    )
    assert response.status_code == 422
    assert client.get(path).status_code == 200
    assert len(page) == 1 and cached_page()[0] is page[0]  # not rendered again
    with site_with_figures.app_context():
        entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "login_failed")).one()
    assert (entry.address, entry.user_agent) == ("198.51.100.23", agent)


# --- 10. no citizen data in import messages ----------------------------------------------------

PHONE = "0912 345 678"


def test_an_import_error_never_echoes_a_shifted_citizen_value(
    catalogue, import_csv, runner, tmp_path
):
    from .test_dossier_import import HEADER, row

    shifted = [
        row("HS-1", verifier="", four_on_site=PHONE),  # the verifier one column early
        row("HS-2", channel=PHONE),
        row("HS-3", received=PHONE),
        row("HS-4", status=PHONE),
        row("HS-5", procedure=PHONE),
        row("HS-6", agency=PHONE),
        row("HS-7", return_channel=PHONE),
        row("HS-8", status="resolved", resolved=PHONE),
        row("HS-9", verifier=PHONE),
    ]
    result = import_csv("dossiers", HEADER + "".join(shifted))
    assert result.rejected == len(shifted)
    assert not [error for error in result.errors if "345" in error], result.errors
    path = tmp_path / "dossiers.csv"
    path.write_text(HEADER + "".join(shifted), encoding="utf-8")
    output = runner.invoke(args=["import", "dossiers", str(path)]).output
    assert "row 10:" in output and "345" not in output
    ratings = "dossier_code,rated_at,score\n" + f"HS-1,{PHONE},{PHONE}\n"
    assert "345" not in " ".join(import_csv("ratings", ratings).errors)


# --- 11. CSV rows of unbounded length -----------------------------------------------------------


def test_a_line_of_millions_of_commas_is_a_row_error_read_in_flat_memory(app, catalogue):
    import tracemalloc

    from .test_dossier_import import HEADER, row

    body = HEADER + "," * 4_000_000 + "\n" + ",".join(["x"] * 500) + "\n" + row("GOOD-1")
    with app.app_context():
        tracemalloc.start()
        result = run_import(import_kinds()["dossiers"](db.session), io.BytesIO(body.encode()))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert result.errors == [
        "row 2: a line is longer than 65536 characters",
        "row 3: the row has more than 200 cells",
    ]
    assert result.inserted == 1
    assert peak < 8_000_000, peak  # one line of 4 million cells alone would take 32 MB


# --- 12. no personal numbers in the search log, no direction controls in names -----------------


@pytest.mark.parametrize(
    "number", ["0912 345 678", "0912.345.678", "+84 912-345-678", "001 099 012345", "079.123.456"]
)
def test_the_search_log_drops_phone_and_id_numbers_written_in_groups(app, client, number):
    from portal.models import SearchLog

    client.get("/vi/procedures", query_string={"q": f"khai sinh {number}"})
    with app.app_context():
        from portal.catalogue.searchlog import flush

        flush()
        logged = db.session.scalars(select(SearchLog.query)).all()
    assert logged == ["khai sinh"]


@pytest.mark.parametrize("mark", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"])
def test_names_with_text_direction_controls_are_refused_on_import(import_csv, mark):
    agencies = (
        "code,name_vi,name_en,level,parent_code\n"
        "T00,Ủy ban nhân dân tỉnh,Provincial People's Committee,province,\n"
        f"SXD,Sở Xây dựng{mark}gnud ,Department of Construction,province,T00\n"
    )
    result = import_csv("agencies", agencies)
    assert result.errors == ["row 3: name_vi contains a text direction control character"]
    procedures = (
        f"code,name_vi,agency_code,level,processing_days\n1.000001,Cấp phép{mark},T00,province,5\n"
    )
    result = import_csv("procedures", procedures)
    assert result.errors == ["row 2: name_vi contains a text direction control character"]


# --- 12. the staff cookie ---------------------------------------------------------------------


def test_outside_development_the_session_cookie_is_secure_and_host_prefixed(
    app, database_url, tmp_path, dispose
):
    # `app` empties the tables first: the account below must not be left from another test.
    site = production_app(database_url, tmp_path)
    dispose(site)
    from .staff_helpers import PASSWORD, make_staff

    make_staff(site, "editor@example.gov.vn", "editor")
    client = site.test_client()
    html = client.get(f"{PUBLIC_URL}/vi/staff/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post(
        f"{PUBLIC_URL}/vi/staff/login",
        data={"csrf_token": csrf, "email": "editor@example.gov.vn", "password": PASSWORD},
        headers={"Referer": f"{PUBLIC_URL}/vi/staff/login"},
    )
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    for flag in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert flag in cookie
    assert "Domain=" not in cookie
    assert client.get(f"{PUBLIC_URL}/vi/staff/").status_code == 200
