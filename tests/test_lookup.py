"""The citizen look-up: status in words, equal answers for wrong guesses, the rate limit, the
working-day count, ratings, the QR code, and how long a procedure really takes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text

from portal import create_app
from portal.config import derived_verifier_key
from portal.dossiers import queries
from portal.dossiers.verifier import check_verifier, hash_verifier
from portal.dossiers.workdays import day_int
from portal.extensions import db
from portal.models import STATUSES, Agency, Dossier, DossierEvent, Procedure, Rating

from .conftest import parse_page

SECRET = "test-secret"  # the conftest app's SECRET_KEY
VERIFIER_KEY = derived_verifier_key(SECRET)  # and the verifier key it implies
VERIFIER = "807162"
TODAY = date(2025, 1, 24)  # a Friday, the last working day before Tết 2025
CODE = "H01.250120-0001"


@pytest.fixture(autouse=True)
def fixed_today(frozen_clock):
    """Pin "today" so working-day counts do not depend on when the tests run."""
    frozen_clock(datetime(TODAY.year, TODAY.month, TODAY.day, 3, 0, tzinfo=UTC))  # 10:00 local


@pytest.fixture
def make_dossier(app, catalogue):
    """Create a dossier the way the importer stores it; returns its code."""

    def make(
        code=CODE,
        *,
        status="processing",
        verifier=VERIFIER,
        procedure="1.009972",
        agency="SXD",
        channel="online",
        received=datetime(2025, 1, 20, 8, 30),
        due=datetime(2025, 2, 10, 17, 0),
        resolved=None,
        returned=None,
        extended_due=None,
        apology=False,
        events=(),
    ):
        with app.app_context():
            procedure_id = db.session.scalar(
                select(Procedure.id).where(Procedure.code == procedure)
            )
            agency_id = db.session.scalar(select(Agency.id).where(Agency.code == agency))
            if status in ("resolved", "returned", "rejected", "withdrawn") and resolved is None:
                resolved = received + timedelta(days=3)
            dossier = Dossier(
                code=code,
                code_key=code.upper(),
                procedure_id=procedure_id,
                agency_id=agency_id,
                channel=channel,
                received_at=received,
                due_at=due,
                resolved_at=resolved,
                returned_at=returned,
                status=status,
                verifier_hash=hash_verifier(VERIFIER_KEY, verifier) if verifier else None,
                received_day=day_int(received.date()),
                due_day=day_int(due.date()),
                finished_day=day_int(resolved.date()) if resolved else None,
                extended_due_at=extended_due,
                apology=apology,
            )
            db.session.add(dossier)
            db.session.flush()
            for at, step_vi, step_en, step_agency in events:
                db.session.add(
                    DossierEvent(
                        dossier_id=dossier.id,
                        at=at,
                        step_vi=step_vi,
                        step_en=step_en,
                        agency_id=db.session.scalar(
                            select(Agency.id).where(Agency.code == step_agency)
                        ),
                    )
                )
            db.session.commit()
        return code

    return make


def csrf_token(client, url="/vi/lookup") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def look_up(client, code=CODE, verifier=VERIFIER, lang="vi"):
    token = csrf_token(client, f"/{lang}/lookup")
    return client.post(
        f"/{lang}/lookup", data={"code": code, "verifier": verifier, "csrf_token": token}
    )


def without_tokens(html: str) -> str:
    return re.sub(r'value="[^"]*"', 'value=""', html)


# --- the answer -------------------------------------------------------------------------------


def test_the_form_prefills_the_code_from_the_receipts_qr_link(client):
    response = client.get("/vi/lookup?code=H01.250120-0001")
    page = parse_page(response)
    assert response.status_code == 200
    assert page.h1 == ["Tra cứu hồ sơ của bạn"]
    assert 'value="H01.250120-0001"' in response.get_data(as_text=True)
    assert re.search(
        r'<form class="lookup-form" method="post" action="/vi/lookup"',
        response.get_data(as_text=True),
    )


def test_the_right_verifier_shows_procedure_agency_dates_and_the_timeline(client, make_dossier):
    make_dossier(
        events=[
            (datetime(2025, 1, 20, 8, 30), "Tiếp nhận hồ sơ", "Dossier received", "SXD"),
            (datetime(2025, 1, 21, 9, 0), "Chuyển phòng chuyên môn thẩm định", None, "SXD"),
        ]
    )
    response = look_up(client)
    assert response.status_code == 200
    page = parse_page(response)
    html = response.get_data(as_text=True)
    assert page.h1 == [f"Hồ sơ {CODE}"]
    assert "Đang giải quyết" in page.text
    assert "Cấp giấy phép xây dựng mới đối với công trình cấp III" in page.text
    assert 'href="/vi/procedures/1.009972"' in html
    assert "Sở Xây dựng" in page.text
    assert "Trực tuyến" in page.text
    assert "Tiếp nhận hồ sơ" in page.text
    assert "Chuyển phòng chuyên môn thẩm định" in page.text
    assert html.index("Tiếp nhận hồ sơ") < html.index("Chuyển phòng chuyên môn")


def test_english_pages_show_the_english_steps_where_given(client, make_dossier):
    make_dossier(
        events=[
            (datetime(2025, 1, 20, 8, 30), "Tiếp nhận hồ sơ", "Dossier received", "SXD"),
            (datetime(2025, 1, 21, 9, 0), "Chuyển phòng chuyên môn thẩm định", None, "SXD"),
        ]
    )
    response = look_up(client, lang="en")
    page = parse_page(response)
    assert page.h1 == [f"Dossier {CODE}"]
    assert "Being processed" in page.text
    assert "Dossier received" in page.text and "Tiếp nhận hồ sơ" not in page.text
    assert "Chuyển phòng chuyên môn thẩm định" in page.text  # no English given
    assert "Department of Construction" in page.text
    assert "Issuing new construction permits for grade III works" in page.text


STATUS_WORDS = {
    "received": ("Đã tiếp nhận", "Received"),
    "processing": ("Đang giải quyết", "Being processed"),
    "supplement": ("Chờ bạn bổ sung hồ sơ", "Waiting for more documents from you"),
    "resolved": ("Đã có kết quả", "Result ready"),
    "returned": ("Đã trả kết quả", "Result returned"),
    "rejected": ("Từ chối giải quyết", "Refused"),
    "withdrawn": ("Đã rút hồ sơ", "Withdrawn"),
}


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_is_shown_in_plain_words_in_both_languages(client, make_dossier, status):
    make_dossier(status=status)
    vi, en = STATUS_WORDS[status]
    assert f"Trạng thái: {vi}" in parse_page(look_up(client)).text
    assert f"Status: {en}" in parse_page(look_up(client, lang="en")).text
    api = client.post("/api/v1/lookup", json={"code": CODE, "verifier": VERIFIER}).get_json()
    assert api["status"] == status


@pytest.mark.parametrize("typed", ["h01.250120-0001", "  H01.250120-0001  ", "h01.250120-0001 "])
def test_codes_match_ignoring_case_and_surrounding_spaces(client, make_dossier, typed):
    make_dossier()
    assert look_up(client, code=typed).status_code == 200
    api = client.post("/api/v1/lookup", json={"code": typed, "verifier": f" {VERIFIER} "})
    assert api.status_code == 200 and api.get_json()["code"] == CODE


def test_a_wrong_verifier_and_an_unknown_code_get_the_same_answer(client, make_dossier):
    make_dossier()
    wrong = look_up(client, verifier="111111")
    with client.application.app_context():
        db.session.execute(Dossier.__table__.delete())
        db.session.commit()
    unknown = look_up(client, verifier="111111")  # the same code, no longer in the database
    assert wrong.status_code == unknown.status_code == 404
    assert without_tokens(wrong.get_data(as_text=True)) == without_tokens(
        unknown.get_data(as_text=True)
    )
    assert "Không tìm thấy hồ sơ" in parse_page(wrong).text


def test_the_api_answers_not_found_alike_for_wrong_verifier_and_unknown_code(client, make_dossier):
    make_dossier()
    wrong = client.post("/api/v1/lookup", json={"code": CODE, "verifier": "1111"})
    unknown = client.post("/api/v1/lookup", json={"code": "NO-SUCH-CODE", "verifier": VERIFIER})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_data() == unknown.get_data()
    assert wrong.get_json()["error"] == "not_found"


def test_a_dossier_without_a_stored_verifier_cannot_be_looked_up(client, make_dossier):
    make_dossier(verifier=None)
    assert look_up(client).status_code == 404


def test_the_verifier_is_checked_against_a_dummy_hash_when_the_code_is_unknown(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "portal.dossiers.verifier.hash_verifier",
        lambda secret, verifier: calls.append(verifier) or "f" * 64,
    )
    assert check_verifier(SECRET, "1234", None) is False
    assert calls == ["1234"]


def test_the_verifier_never_appears_in_a_url_or_a_page(client, make_dossier):
    make_dossier(
        status="returned", events=[(datetime(2025, 1, 20, 8, 30), "Tiếp nhận hồ sơ", None, "SXD")]
    )
    for response in (
        look_up(client),
        look_up(client, lang="en"),
        look_up(client, verifier="111111"),
    ):
        assert response.request.url.endswith("/lookup")
        assert "verifier" not in response.request.query_string.decode()
        html = without_tokens(response.get_data(as_text=True))
        assert VERIFIER not in html and "111111" not in html
        for field in re.findall(
            r'<input[^>]*name="verifier"[^>]*>', response.get_data(as_text=True)
        ):
            assert 'type="password"' in field and 'value=""' in field
    # The result page's rating form carries a signed token, not the verifier.
    assert 'name="verifier"' not in look_up(client).get_data(as_text=True)
    with client.application.app_context():
        stored = db.session.scalar(select(Dossier.verifier_hash))
    assert stored == hash_verifier(VERIFIER_KEY, VERIFIER) and VERIFIER not in stored


def test_bad_input_gets_a_clear_message_and_400(client):
    response = look_up(client, code="", verifier="12")
    page = parse_page(response)
    assert response.status_code == 400
    assert "Nhập mã hồ sơ in trên giấy tiếp nhận." in page.text
    assert "Số xác minh gồm 4 đến 6 chữ số." in page.text
    assert look_up(client, code="H01/../x").status_code == 400


def test_a_lookup_post_without_a_csrf_token_is_refused(client, make_dossier):
    make_dossier()
    response = client.post("/vi/lookup", data={"code": CODE, "verifier": VERIFIER})
    assert response.status_code == 400


def test_each_visitor_of_the_kept_form_gets_a_token_of_their_own(app, client, make_dossier):
    """The empty form is kept rendered per worker; its token is still each visitor's own."""
    make_dossier()
    other = app.test_client()
    first, second = client.get("/vi/lookup"), other.get("/vi/lookup")
    mine, theirs = (
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', r.get_data(as_text=True))[1]
        for r in (first, second)
    )
    assert mine != theirs
    assert without_tokens(first.get_data(as_text=True)) == without_tokens(
        second.get_data(as_text=True)
    )
    assert first.headers["Cache-Control"] == "no-store"
    form = {"code": CODE, "verifier": VERIFIER}
    assert client.post("/vi/lookup", data={**form, "csrf_token": theirs}).status_code == 400
    assert client.post("/vi/lookup", data={**form, "csrf_token": mine}).status_code == 200
    assert other.post("/vi/lookup", data={**form, "csrf_token": theirs}).status_code == 200


def test_a_prefilled_form_from_the_kept_page_is_the_page_rendered_afresh(client):
    """A receipt's link (?code=) is served from the page kept for any plain code; another
    parameter beside it makes the page render afresh: both read the same."""
    fresh = client.get("/en/lookup?code=H01.250120-0002&from=qr").get_data(as_text=True)
    client.get("/en/lookup?code=H01.250120-0001")  # keeps the prefilled page
    kept = client.get("/en/lookup?code=H01.250120-0002").get_data(as_text=True)
    assert without_tokens(kept) == without_tokens(fresh)
    assert 'value="H01.250120-0002"' in kept and 'href="/vi/lookup?code=H01.250120-0002"' in kept
    assert "0001" not in kept and "mark" not in kept


def test_the_kept_form_shows_the_demo_dossiers_once_the_demo_is_loaded(app, client):
    from portal.demo.samples import record

    assert "Demo data: dossiers to try" not in client.get("/en/lookup").get_data(as_text=True)
    with app.app_context():
        record([{"code": "DEMO-0001", "verifier": "1234", "status": "processing"}])
    html = client.get("/en/lookup").get_data(as_text=True)
    assert "Demo data: dossiers to try" in html and "DEMO-0001" in html


# --- the JSON API ------------------------------------------------------------------------------


def test_the_api_answers_exactly_the_contract_fields_with_local_offsets(client, make_dossier):
    make_dossier(
        status="returned",
        resolved=datetime(2025, 1, 22, 15, 0),
        returned=datetime(2025, 1, 23, 9, 15),
        events=[
            (datetime(2025, 1, 20, 8, 30), "Tiếp nhận hồ sơ", "Received", "SXD"),
            (datetime(2025, 1, 23, 9, 15), "Trả kết quả", "Returned", "T00"),
        ],
    )
    response = client.post("/api/v1/lookup", json={"code": CODE.lower(), "verifier": VERIFIER})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.get_json() == {
        "code": CODE,
        "procedure_code": "1.009972",
        "procedure_name": "Cấp giấy phép xây dựng mới đối với công trình cấp III",
        "agency_code": "SXD",
        "agency_name": "Sở Xây dựng",
        "channel": "online",
        "status": "returned",
        "received_at": "2025-01-20T08:30:00+07:00",
        "due_at": "2025-02-10T17:00:00+07:00",
        "resolved_at": "2025-01-22T15:00:00+07:00",
        "returned_at": "2025-01-23T09:15:00+07:00",
        "overdue": False,
        "timeline": [
            {"at": "2025-01-20T08:30:00+07:00", "step": "Tiếp nhận hồ sơ", "agency_code": "SXD"},
            {"at": "2025-01-23T09:15:00+07:00", "step": "Trả kết quả", "agency_code": "T00"},
        ],
    }


@pytest.mark.parametrize(
    "body, kwargs",
    [
        ("not json", {"content_type": "application/json"}),
        (None, {"json": ["H01", "1234"]}),
        (None, {"json": {"code": CODE}}),
        (None, {"json": {"code": CODE, "verifier": 807162}}),
        (None, {"json": {"code": "", "verifier": VERIFIER}}),
        (None, {"json": {"code": CODE, "verifier": "12ab"}}),
    ],
)
def test_the_api_refuses_a_malformed_body_with_a_clear_message(client, body, kwargs):
    response = client.post("/api/v1/lookup", data=body, **kwargs)
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["error"] == "bad_request" and payload["message"]


def test_the_api_says_overdue_for_an_open_dossier_past_its_due_date(client, make_dossier):
    make_dossier(due=datetime(2025, 1, 22, 17, 0))
    api = client.post("/api/v1/lookup", json={"code": CODE, "verifier": VERIFIER}).get_json()
    assert api["overdue"] is True


# --- working days and the overdue notice --------------------------------------------------------


def test_working_days_left_skip_the_tet_week_and_weekends(client, make_dossier):
    # From Friday 24 January 2025 to Monday 10 February: Tết keeps offices shut from
    # Saturday 25 January to Sunday 2 February, leaving 3–7 and 10 February.
    make_dossier(due=datetime(2025, 2, 10, 17, 0))
    assert "Còn 6 ngày làm việc đến hạn trả kết quả" in parse_page(look_up(client)).text
    assert "6 working days left until the due date" in parse_page(look_up(client, lang="en")).text


def test_a_dossier_due_today_says_so(client, make_dossier):
    make_dossier(due=datetime(2025, 1, 24, 17, 0))
    assert "Đến hạn hôm nay" in parse_page(look_up(client)).text


def test_an_overdue_dossier_with_an_apology_counts_to_the_new_date(client, make_dossier):
    make_dossier(
        due=datetime(2025, 1, 17, 17, 0), apology=True, extended_due=datetime(2025, 2, 4, 17, 0)
    )
    text = parse_page(look_up(client)).text
    assert "Cơ quan đã có văn bản xin lỗi vì sự chậm trễ." in text
    assert "Hạn mới: 04/02/2025; hạn ban đầu là 17/01/2025." in text
    assert "Còn 2 ngày làm việc đến hạn mới, 04/02/2025." in text
    assert "Thư xin lỗi của cơ quan (không ghi ngày)" in text  # in the timeline too
    en = parse_page(look_up(client, lang="en")).text
    assert "The agency has apologised in writing for the delay." in en
    assert "New due date: 4 February 2025; the original due date was 17 January 2025." in en
    assert "2 working days left until the new due date, 4 February 2025." in en
    assert "working days left until the due date" not in en


def test_an_apology_before_the_due_date_shows_at_once_with_its_date(client, make_dossier):
    """The reported case: an apology and a new date, the original due date not yet passed."""
    make_dossier(
        due=datetime(2025, 1, 28, 17, 0),
        apology=True,
        extended_due=datetime(2025, 2, 12, 17, 0),
        events=[
            (datetime(2025, 1, 20, 8, 30), "Tiếp nhận hồ sơ", "Received", "SXD"),
            (
                datetime(2025, 1, 23, 9, 0),
                "Gửi thư xin lỗi và hẹn lại ngày trả kết quả",
                "Letter of apology sent with a new date for the result",
                "SXD",
            ),
        ],
    )
    response = look_up(client, lang="en")
    page = parse_page(response)
    assert "The agency sent you a letter of apology (thư xin lỗi) on 23 January 2025." in page.text
    assert "New due date: 12 February 2025; the original due date was 28 January 2025." in page.text
    # Counted to the new date (Tết 2025 off), never the green count to the old one.
    assert "8 working days left until the new due date, 12 February 2025." in page.text
    assert "until the due date, 28 January" not in page.text
    assert re.search(
        r'class="step-apology">.*?Letter of apology sent.*?New due date: 12 February 2025\.',
        response.get_data(as_text=True),
        flags=re.S,
    )
    vi = parse_page(look_up(client)).text
    assert "Cơ quan đã gửi thư xin lỗi (thư xin lỗi) cho bạn ngày 23/01/2025." not in vi
    assert "Cơ quan đã gửi thư xin lỗi cho bạn ngày 23/01/2025." in vi
    assert "Còn 8 ngày làm việc đến hạn mới, 12/02/2025." in vi


def test_an_overdue_dossier_without_an_apology_says_none_was_issued(client, make_dossier):
    make_dossier(due=datetime(2025, 1, 23, 17, 0))
    text = parse_page(look_up(client, lang="en")).text
    assert "Overdue: the due date was 23 January 2025, 1 working day ago." in text
    assert "has not yet issued a letter of apology" in text


def test_a_dossier_resolved_late_says_by_how_many_working_days(client, make_dossier):
    make_dossier(
        status="resolved",
        received=datetime(2025, 1, 2, 8, 0),
        due=datetime(2025, 1, 10, 17, 0),
        resolved=datetime(2025, 1, 14, 10, 0),
    )
    text = parse_page(look_up(client, lang="en")).text
    assert "Resolved late: 2 working days after the due date, 10 January 2025." in text


# --- the rate limit and the proxy rule ----------------------------------------------------------


def limited_app(database_url, tmp_path, **config):
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "INSTANCE_PATH": str(tmp_path),
        "LOOKUP_RATE_LIMIT": "3 per minute",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    settings.update(config)
    return create_app(settings)


def test_guessing_is_limited_with_a_clear_429_page_in_the_users_language(
    app, database_url, tmp_path
):
    client = limited_app(database_url, tmp_path).test_client()
    for guess in ("1111", "2222", "3333"):
        assert client.post("/vi/lookup", data={"code": CODE, "verifier": guess}).status_code == 404
    response = client.post("/vi/lookup", data={"code": CODE, "verifier": "4444"})
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in parse_page(response).text
    english = client.post("/en/lookup", data={"code": CODE, "verifier": "5555"})
    assert english.status_code == 429
    assert "Too many attempts" in parse_page(english).text
    assert client.get("/vi/lookup").status_code == 200  # reading the form is not a guess


def test_the_api_shares_the_limit_and_answers_json_429(app, database_url, tmp_path):
    client = limited_app(database_url, tmp_path).test_client()
    for guess in ("1111", "2222"):
        client.post("/vi/lookup", data={"code": CODE, "verifier": guess})
    assert client.post("/api/v1/lookup", json={"code": CODE, "verifier": "3333"}).status_code == 404
    response = client.post("/api/v1/lookup", json={"code": CODE, "verifier": "4444"})
    assert response.status_code == 429
    assert response.get_json()["error"] == "rate_limited"


def test_a_spoofed_forwarded_for_does_not_escape_the_limit_without_trusted_proxies(
    app, database_url, tmp_path
):
    client = limited_app(database_url, tmp_path, TRUSTED_PROXIES=0).test_client()
    codes = [
        client.post(
            "/api/v1/lookup",
            json={"code": CODE, "verifier": "1234"},
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
        ).status_code
        for i in range(5)
    ]
    assert codes == [404, 404, 404, 429, 429]


def test_behind_one_trusted_proxy_forwarded_clients_are_limited_separately(
    app, database_url, tmp_path
):
    client = limited_app(database_url, tmp_path, TRUSTED_PROXIES=1).test_client()

    def guess(address):
        return client.post(
            "/api/v1/lookup",
            json={"code": CODE, "verifier": "1234"},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert [guess("203.0.113.7") for _ in range(4)] == [404, 404, 404, 429]
    assert guess("198.51.100.9") == 404
    # Only the last hop counts: a client cannot prepend addresses to get a fresh budget.
    assert guess("10.9.9.9, 203.0.113.7") == 429


# --- rating ------------------------------------------------------------------------------------


def rating_form(html: str) -> dict:
    return {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1],
        "token": re.search(r'name="token" type="hidden" value="([^"]+)"', html)[1],
    }


def test_a_returned_dossier_can_be_rated_once(client, app, make_dossier):
    make_dossier(status="returned")
    html = look_up(client).get_data(as_text=True)
    assert "Đánh giá mức độ hài lòng" in html
    for label in (
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
        "Thái độ phục vụ",
        "Thời gian giải quyết",
        "Hướng dẫn rõ ràng",
    ):
        assert label in html
    fields = rating_form(html)
    response = client.post(
        "/vi/lookup/rating",
        data={**fields, "score": "very_satisfied", "criteria": ["attitude", "guidance"]},
    )
    assert response.status_code == 200
    assert "Cảm ơn bạn đã đánh giá" in parse_page(response).text
    with app.app_context():
        rating = db.session.scalar(select(Rating))
        assert rating.score == "very_satisfied"
        assert rating.criteria == ["attitude", "guidance"]
        assert rating.rated_day == day_int(rating.rated_at.date())
    again = client.post("/vi/lookup/rating", data={**fields, "score": "unsatisfied"})
    assert again.status_code == 409
    assert "Dịch vụ này đã được đánh giá" in parse_page(again).text
    assert "đã được đánh giá" in parse_page(look_up(client)).text
    with app.app_context():
        assert len(db.session.scalars(select(Rating)).all()) == 1


def test_the_kept_forms_of_the_result_page_carry_each_visitors_own_tokens(
    app, client, make_dossier
):
    """The result page's rating and alert forms are kept rendered per language; each visitor's
    page still carries their own CSRF token, rating token and proof of their own dossier."""
    make_dossier(status="returned")
    make_dossier("H01.250120-0002", status="returned")
    other = app.test_client()
    mine = look_up(client).get_data(as_text=True)
    theirs = look_up(other, code="H01.250120-0002").get_data(as_text=True)
    for html in (mine, theirs):
        assert "mark" not in html
        tokens = set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html))
        assert len(tokens) == 1  # the rating form and both alert forms carry the same one
    assert rating_form(mine)["csrf_token"] != rating_form(theirs)["csrf_token"]
    assert without_tokens(mine).replace("0001", "0002") == without_tokens(theirs)
    proof = re.search(r'name="proof" type="hidden" value="([^"]+)"', theirs)[1]
    made = other.post(
        "/vi/alerts/feeds", data={"proof": proof, "csrf_token": rating_form(theirs)["csrf_token"]}
    )
    assert made.status_code == 201
    answer = other.post("/vi/lookup/rating", data={**rating_form(theirs), "score": "satisfied"})
    assert answer.status_code == 200
    with app.app_context():
        rated = db.session.scalar(select(Dossier.code).join(Rating))
        assert rated == "H01.250120-0002"
    again = look_up(other, code="H01.250120-0002").get_data(as_text=True)
    assert "feed-list" in again  # the page with a feed is rendered afresh
    assert "feed-list" not in look_up(client).get_data(as_text=True)


def test_an_open_dossier_offers_no_rating(client, make_dossier):
    make_dossier(status="processing")
    assert 'action="/vi/lookup/rating"' not in look_up(client).get_data(as_text=True)


def test_a_rating_needs_a_valid_token_a_score_and_a_csrf_token(client, app, make_dossier):
    make_dossier(status="resolved")
    fields = rating_form(look_up(client).get_data(as_text=True))
    no_score = client.post("/en/lookup/rating", data=fields)
    assert no_score.status_code == 400
    assert "Choose how satisfied you are." in parse_page(no_score).text
    forged = client.post(
        "/en/lookup/rating", data={**fields, "token": "1.forged", "score": "satisfied"}
    )
    assert forged.status_code == 400
    assert "Please look up your dossier again" in parse_page(forged).text
    no_csrf = client.post(
        "/en/lookup/rating", data={"token": fields["token"], "score": "satisfied"}
    )
    assert no_csrf.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Rating)) is None


# --- the QR code -------------------------------------------------------------------------------


def test_staff_can_print_a_qr_code_linking_to_the_prefilled_lookup(client):
    page = client.get(f"/vi/lookup/qr?code={CODE}")
    assert page.status_code == 200
    parsed = parse_page(page)
    assert CODE in parsed.h1[0]
    assert f"http://localhost/vi/lookup?code={CODE}" in parsed.text
    svg = client.get(f"/vi/lookup/qr.svg?code={CODE}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).lstrip().startswith("<svg")
    assert client.get("/vi/lookup/qr?code=<script>").status_code == 400
    assert client.get("/en/lookup/qr.svg").status_code == 400


# --- how long it really takes ------------------------------------------------------------------


def resolved_history(make_dossier, took: list[int], late: int = 0):
    """Resolved dossiers received on Monday 6 January 2025 (before Tết), taking `took` days."""
    for i, days in enumerate(took):
        received = datetime(2025, 1, 6, 8, 0)
        resolved = received + timedelta(days=days)
        due = resolved - timedelta(days=1) if i < late else resolved + timedelta(days=1)
        make_dossier(
            f"HIST-{i:03d}", status="resolved", received=received, due=due, resolved=resolved
        )


def test_the_procedure_page_shows_how_long_it_really_takes(client, make_dossier):
    # Calendar days 1, 2, 3, 4 (Mon→Tue … Mon→Fri) and 7 (next Monday, 5 working days).
    resolved_history(make_dossier, [1, 1, 2, 3, 4, 7, 7, 7, 7, 7], late=2)
    make_dossier(
        "OLD",
        status="resolved",
        received=datetime(2023, 6, 1, 8, 0),
        due=datetime(2023, 6, 30, 17, 0),
        resolved=datetime(2023, 6, 20, 8, 0),
    )
    page = parse_page(client.get("/vi/procedures/1.009972"))
    assert "Thời gian giải quyết thực tế tại đây" in page.text
    assert "4 ngày làm việc một nửa số hồ sơ" in page.text  # median: the 5th of 10 took 4
    assert "20 ngày làm việc thời hạn theo quy định" in page.text
    assert "80,00% giải quyết đúng hạn" in page.text
    assert "10 hồ sơ" in page.text  # the 2023 one is outside the last 12 months
    en = parse_page(client.get("/en/procedures/1.009972")).text
    assert "How long it really takes here" in en and "80.00% resolved on time" in en


def test_timing_quantiles_are_nearest_rank_over_working_days(app, make_dossier):
    resolved_history(make_dossier, [1, 1, 2, 3, 4, 7, 7, 7, 7, 7])
    with app.app_context():
        procedure_id = db.session.scalar(select(Procedure.id).where(Procedure.code == "1.009972"))
        timing = queries.procedure_timing(procedure_id, TODAY)
    assert (timing.resolved, timing.median, timing.p90, timing.on_time_pct) == (10, 4, 5, 100.0)
    assert timing.share_within(1) == 20.0 and timing.share_within(0) == 0.0


def test_processing_times_are_read_from_the_index_alone(app):
    """The first look-up of the day for a procedure computes its processing times: reading
    them row by row from the dossiers cost more than the rest of the page (issue 15)."""
    with app.app_context():
        indexes = {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("dossier")}
        assert indexes["ix_dossier_procedure_finished"] == [
            "procedure_id",
            "finished_day",
            "received_day",
            "due_day",
            "status",
        ]
        if db.engine.dialect.name == "sqlite":
            statement = queries._TIMING.params(procedure_id=1, after=20240124, until=20250124)
            sql = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
            plan = db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
            assert "COVERING INDEX ix_dossier_procedure_finished" in plan[0][-1]


def test_too_few_dossiers_are_not_summarised(client, make_dossier):
    resolved_history(make_dossier, [1, 2])
    text = parse_page(client.get("/en/procedures/1.009972")).text
    assert "too few to say" in text and "resolved on time" not in text


def test_the_lookup_places_the_dossier_against_that_procedures_times(client, make_dossier):
    resolved_history(make_dossier, [1, 1, 2, 3, 4, 7, 7, 7, 7, 7])
    make_dossier(received=datetime(2025, 1, 20, 8, 30))  # open for 4 working days
    text = parse_page(look_up(client, lang="en")).text
    assert "half of the dossiers of this procedure were resolved within 4 working days" in text
    assert "nine in ten within 5 working days" in text
    assert "Yours has been open 4 working days; 50.00% of them were resolved" in text


def test_the_result_shows_its_qr_code_to_open_the_look_up_on_a_phone(client, make_dossier):
    make_dossier()
    for lang, heading, words in (
        ("vi", "Mở trang này trên điện thoại", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        ("en", "Open this on your phone", "it prints the dossier code, this QR code"),
    ):
        response = look_up(client, lang=lang)
        page = parse_page(response)
        html = response.get_data(as_text=True)
        assert heading in page.text and words in page.text
        src = re.search(r'<img class="qr" src="([^"]+)"', html).group(1)
        assert src == f"/{lang}/lookup/qr.svg?code={CODE}"
        svg = client.get(src)
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        assert f'href="/{lang}/lookup/qr?code={CODE}"' in html  # the printable page


def test_the_rating_says_what_ticking_an_aspect_means(client, make_dossier):
    make_dossier(status="returned", returned=datetime(2025, 1, 23, 10, 0))
    vi = parse_page(look_up(client)).text
    assert "Đánh dấu một mặt không có nghĩa là khen hay chê" in vi
    en = parse_page(look_up(client, lang="en")).text
    assert "Ticking an aspect is neither praise nor complaint on its own" in en
    assert "good or bad, is about that aspect" in en


def test_the_result_page_renders_with_csrf_protection_off_as_the_benchmark_runs_it(
    make_dossier, database_url, tmp_path
):
    make_dossier()
    client = limited_app(database_url, tmp_path, LOOKUP_RATE_LIMIT="100 per minute").test_client()
    response = client.post("/vi/lookup", data={"code": CODE, "verifier": VERIFIER})
    assert response.status_code == 200
    assert CODE in parse_page(response).h1[0]
