"""Hostile input, generated (hypothesis): every form field, query parameter, path segment, JSON
body and header the public meets. Whatever is sent: no 500, no traceback, and no markup sent
back unescaped."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import db

# Markup an attacker hopes to see in the page as markup; each has a part that must never
# come back as is (only escaped, e.g. &lt;script&gt;).
PAYLOADS = {
    "<script>alert(1)</script>": "<script>alert(1)",
    '"><svg onload=alert(1)>': "<svg onload",
    "'><img src=x onerror=alert(1)>": "<img src=x",
    "</textarea><b>x</b>": "<b>x</b>",
    "{{7*7}}${7*7}<%= 7*7 %>": "<%=",
}
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "%00",
    "\x00",
    "\r\n",
    "../../etc/passwd",
    "' OR '1'='1",
    "1;DROP TABLE procedure",
    "\u202e",
    "😀",
    "ñ" * 300,
    "a" * 5000,
    "2022-13",
    "2022-Q5",
    "2022-01..2021-01",
    "0000-00",
    "9999-12..0001-01",
    "2022-07..2032-07",
    "1.001234",
    "commune",
    "any",
    "Đăng ký khai sinh",
    "giay phep",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
]

# Surrogates cannot be sent in a URL or UTF-8 body; everything else may come.
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
value = st.one_of(
    st.sampled_from(NASTY),
    text,
    st.builds(lambda a, p, b: a + p + b, text, st.sampled_from(list(PAYLOADS)), text),
)
langs = st.sampled_from(["vi", "en"])
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def load_small_demo(app, dossiers: int = 400, months: int = 3):
    """A small demo province through the real importers, its past months published."""
    from portal.demo import write_demo_csvs
    from portal.imports import import_kinds, run_import
    from portal.stats.publish import publish_months

    with tempfile.TemporaryDirectory() as folder, app.app_context():
        files = write_demo_csvs(Path(folder), dossiers=dossiers, months=months, seed=7)
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers", "events", "ratings"):
            with files[kind].open("rb") as stream:
                run_import(kinds[kind](db.session), stream)
        publish_months(files.summary.months, note="demo")
        return files.summary


@pytest.fixture
def site(app):
    """The app on a small demo province, as the public meets it but for the CSRF token and
    the rate limits, which would otherwise answer before the input is even read."""
    summary = load_small_demo(app)
    app.config.update(
        WTF_CSRF_ENABLED=False,
        LOOKUP_RATE_LIMIT="100000 per minute",
        LOGIN_RATE_LIMIT="100000 per minute",
    )
    app.summary = summary
    return app


def check(response, sent=()) -> None:
    """What must hold for any answer to any input."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:2000]
    assert "Traceback" not in body
    if response.mimetype in ("text/html", "image/svg+xml", "application/atom+xml"):
        for item in sent:
            for payload, dangerous in PAYLOADS.items():
                if isinstance(item, str) and payload in item:
                    assert dangerous not in body, f"{dangerous!r} came back unescaped"


def path(value: str) -> str:
    return quote(value, safe="")


@SETTINGS
@given(lang=langs, q=value, agency=value, level=value, online=value, page=value)
def test_the_catalogue_survives_any_search(site, lang, q, agency, level, online, page):
    query = {"q": q, "agency": agency, "level": level, "online": online, "page": page}
    client = site.test_client()
    check(client.get(f"/{lang}/procedures?{urlencode(query)}"), query.values())
    check(client.get(f"/api/v1/procedures?{urlencode(query)}&per_page={path(page)}"))


@SETTINGS
@given(lang=langs, code=value)
def test_a_procedure_address_with_anything_in_it_is_found_or_not_found(site, lang, code):
    client = site.test_client()
    for url in (f"/{lang}/procedures/{path(code)}", f"/api/v1/procedures/{path(code)}"):
        response = client.get(url)
        check(response, [code])
        assert response.status_code in (200, 308, 400, 404), url


@SETTINGS
@given(lang=langs, code=value, verifier=value)
def test_the_look_up_form_survives_any_code_and_verifier(site, lang, code, verifier):
    client = site.test_client()
    check(client.get(f"/{lang}/lookup?{urlencode({'code': code})}"), [code])
    response = client.post(f"/{lang}/lookup", data={"code": code, "verifier": verifier})
    check(response, [code, verifier])
    assert response.status_code in (200, 400, 404)
    field = re.search(r'<input[^>]*id="verifier"[^>]*>', response.get_data(as_text=True))
    assert field is None or not re.search(r'value="[^"]', field.group()), "verifier shown"


@SETTINGS
@given(lang=langs, code=value)
def test_the_qr_code_survives_any_code(site, lang, code):
    client = site.test_client()
    query = urlencode({"code": code})
    check(client.get(f"/{lang}/lookup/qr?{query}"), [code])
    check(client.get(f"/{lang}/lookup/qr.svg?{query}"), [code])


@SETTINGS
@given(lang=langs, token=value, score=value, criteria=st.lists(value, max_size=4))
def test_the_rating_form_survives_any_post(site, lang, token, score, criteria):
    response = site.test_client().post(
        f"/{lang}/lookup/rating", data={"token": token, "score": score, "criteria": criteria}
    )
    check(response, [token, score, *criteria])
    assert response.status_code in (400, 409)


@SETTINGS
@given(lang=langs, period=value, level=value, agency=value, sort=value, direction=value)
def test_the_statistics_pages_survive_any_period_and_filter(
    site, lang, period, level, agency, sort, direction
):
    client = site.test_client()
    query = urlencode({"level": level, "agency": agency, "sort": sort, "dir": direction})
    sent = [period, level, agency, sort, direction]
    for url in (
        f"/{lang}/stats/{path(period)}?{query}",
        f"/{lang}/late-agencies/{path(period)}?{query}",
        f"/{lang}/stats?{query}",
        f"/{lang}/late-agencies?{query}",
        f"/api/v1/stats/{path(period)}?{query}",
        f"/api/v1/stats/{path(period)}.csv?{query}",
        f"/api/v1/late-agencies/{path(period)}?{query}",
    ):
        check(client.get(url), sent)


@SETTINGS
@given(
    month=st.integers(0, 2),
    level=st.sampled_from(["", "province", "district", "commune"]),
    sort=value,
    direction=st.sampled_from(["asc", "desc", "", "up"]),
)
def test_a_published_month_sorts_by_anything_without_failing(site, month, level, sort, direction):
    period = site.summary.months[month]
    query = urlencode({"level": level, "sort": sort, "dir": direction})
    response = site.test_client().get(f"/vi/stats/{period}?{query}")
    check(response, [sort])
    assert response.status_code == (400 if "\x00" in sort else 200)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | value,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(value, inner, max_size=3),
    max_leaves=8,
)


@SETTINGS
@given(
    body=st.one_of(
        json_values,
        st.fixed_dictionaries({"code": json_values, "verifier": json_values}),
        st.fixed_dictionaries({"code": value, "verifier": value}),
    )
)
def test_the_look_up_api_survives_any_json(site, body):
    response = site.test_client().post(
        "/api/v1/lookup", data=json.dumps(body), content_type="application/json"
    )
    check(response)
    assert response.status_code in (200, 400, 404)
    assert set(response.get_json()) >= (
        {"error", "message"} if response.status_code != 200 else {"code", "status", "timeline"}
    )


@SETTINGS
@given(
    raw=st.binary(max_size=200),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=latin-1",
        ]
    ),
)
def test_the_look_up_api_survives_any_bytes(site, raw, content_type):
    response = site.test_client().post("/api/v1/lookup", data=raw, content_type=content_type)
    check(response)
    assert response.status_code in (400, 404)
    assert response.get_json()["error"]


@settings(SETTINGS, max_examples=20)  # each attempt hashes a password (argon2): slow on purpose
@given(lang=langs, email=value, password=value, next_url=value)
def test_the_staff_login_survives_any_input(site, lang, email, password, next_url):
    response = site.test_client().post(
        f"/{lang}/staff/login?{urlencode({'next': next_url})}",
        data={"email": email, "password": password, "next": next_url},
    )
    check(response, [email, next_url])
    assert response.status_code in (200, 400, 422)
    field = re.search(r'<input[^>]*id="password"[^>]*>', response.get_data(as_text=True))
    assert field is None or not re.search(r'value="[^"]', field.group()), "password shown"


@SETTINGS
@given(accept_language=value, forwarded=value, cookie=value, user_agent=value)
def test_hostile_headers_change_nothing(site, accept_language, forwarded, cookie, user_agent):
    client = site.test_client()
    headers = {
        "Accept-Language": accept_language,
        "X-Forwarded-For": forwarded,
        "User-Agent": user_agent,
    }
    headers = {
        k: v.encode("utf-8").decode("latin-1")
        for k, v in headers.items()
        if "\n" not in v and "\r" not in v and "\x00" not in v
    }
    client.set_cookie("session", cookie.encode("utf-8").decode("latin-1")[:200])
    response = client.get("/", headers=headers)
    check(response)
    assert response.status_code == 302
    assert response.headers["Location"].rstrip("/").endswith(("/vi", "/en"))
    check(client.get("/vi/procedures?q=khai+sinh", headers=headers))


def test_a_nul_character_anywhere_is_refused_before_it_reaches_the_database(client):
    for url in (
        "/vi/procedures?agency=%00",
        "/api/v1/procedures?q=a%00b",
        "/vi/procedures/%00",
        "/api/v1/stats/2022-07?agency=%00",
        "/vi/stats/2022-07?level=%00",
    ):
        response = client.get(url)
        check(response)
        assert response.status_code == 400, url
    assert client.post("/en/lookup", data={"code": "A\x00", "verifier": "1234"}).status_code == 400


def test_an_address_outside_the_portal_is_a_plain_not_found(client):
    for url in (
        "/xx/procedures",
        "/vi/%00",
        "/vi/procedures/%2e%2e%2f%2e%2e%2fetc",
        "/api/v2/agencies",
        "/static/../portal/config.py",
        "/vi/stats/..%2f..",
        "/vi/procedures/" + "a" * 3000,
    ):
        response = client.get(url)
        check(response)
        assert response.status_code in (400, 404, 308), url


def test_the_outside_reviews_payloads_all_at_once_break_nothing(client):
    """Issue 11's payloads as the review sent them (each alone is in tests/test_security.py)."""
    reserved = "endpoint=x&_method=x&_scheme=x&lang=zz"
    for url in ("/vi/", "/en/procedures?q=khai+sinh", "/vi/stats", "/en/lookup", "/vi/staff/login"):
        response = client.get(f"{url}{'&' if '?' in url else '?'}{reserved}")
        check(response)
        assert response.status_code in (200, 302, 303, 308), url
    for url, content_type in (
        ("/api/v1/lookup", "application/json"),
        ("/en/lookup", "application/x-www-form-urlencoded"),
        ("/vi/staff/login", "application/x-www-form-urlencoded"),
    ):
        for body in ("[" * 100_000, "a=" + "x" * 3_000_000):
            response = client.post(url, data=body, content_type=content_type)
            check(response)
            assert response.status_code in (400, 413, 422), (url, len(body))


def test_wrong_methods_are_refused_politely(client):
    for method, url in (
        ("DELETE", "/vi/procedures"),
        ("PUT", "/api/v1/lookup"),
        ("POST", "/api/v1/agencies"),
        ("PATCH", "/vi/stats"),
    ):
        response = client.open(url, method=method)
        check(response)
        assert response.status_code == 405


@pytest.fixture
def staff_site(site):
    """The demo site with an admin logged in (the staff area trusts no input either)."""
    from .staff_helpers import PASSWORD, current_code, make_staff

    make_staff(site, "admin@example.gov.vn", "admin")
    client = site.test_client()
    response = client.post(
        "/vi/staff/login", data={"email": "admin@example.gov.vn", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/vi/staff/login/code"
    code = current_code(site, "admin@example.gov.vn")
    assert client.post("/vi/staff/login/code", data={"code": code}).status_code == 303
    site.staff_client = client
    return site


@settings(SETTINGS, max_examples=40)
@given(
    lang=langs,
    code=value,
    name=value,
    text_value=value,
    number=value,
    choice=value,
    flag=st.sampled_from(["", "y", "on", "0", "<b>"]),
)
def test_the_staff_forms_survive_any_input(
    staff_site, lang, code, name, text_value, number, choice, flag
):
    client = staff_site.staff_client
    procedure = {
        "code": code,
        "name_vi": name,
        "name_en": text_value,
        "agency_code": choice,
        "level": choice,
        "processing_days": number,
        "field_vi": text_value,
        "online_level": choice,
        "postal": flag,
        "four_on_site": flag,
        "fee_vi": text_value,
        "documents_vi": text_value,
        "steps_vi": name,
        "legal_basis_vi": text_value,
        "result_vi": text_value,
        "version": number,
    }
    sent = list(procedure.values())
    for url, data in (
        (f"/{lang}/staff/procedures/new", procedure),
        (f"/{lang}/staff/procedures/1/edit", procedure),
        (
            f"/{lang}/staff/agencies/new",
            {
                "code": code,
                "name_vi": name,
                "name_en": text_value,
                "level": choice,
                "parent_code": choice,
                "fingerprint": text_value,
            },
        ),
        (f"/{lang}/staff/publishing", {"period": code, "note": text_value}),
        (f"/{lang}/staff/imports", {"kind": choice, "strict": flag}),
        (f"/{lang}/staff/procedures/1/publish", {"version": number}),
    ):
        response = client.post(url, data=data)
        check(response, sent)
        assert response.status_code in (200, 303, 400, 404, 409, 422), (url, response.status_code)
    for url, data in (
        (
            f"/{lang}/staff/my-account/password",
            {"current_password": text_value, "password": name, "confirm": name},
        ),
        (
            f"/{lang}/staff/confirm-identity?next={urlencode({'n': name})[2:]}",
            {"password": name, "code": code},
        ),
        (f"/{lang}/staff/my-account/two-factor", {"code": code}),
    ):
        response = client.post(url, data=data)
        check(response, [name, code])
        # 429: the account is locked for a while after many wrong passwords.
        assert response.status_code in (200, 303, 400, 422, 429), (url, response.status_code)
    for url in (
        f"/{lang}/staff/procedures?{urlencode({'q': name, 'page': number})}",
        f"/{lang}/staff/audit?{urlencode({'page': number, 'action': choice})}",
        f"/{lang}/staff/searches?{urlencode({'q': name})}",
    ):
        response = client.get(url)
        check(response, [name, choice])
        assert response.status_code in (200, 400), url
