"""Status alerts by e-mail, sent to a real SMTP server (aiosmtpd): subscribing without an
account, the double opt-in, one alert per change, unsubscribing, outages and expiry."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from portal import clock
from portal.extensions import db
from portal.models import AlertOutbox, AlertSubscription

from .alert_helpers import (
    CODE,
    EMAIL,
    PUBLIC_URL,
    VERIFIER,
    dossier_csv,
    events_csv,
    html,
    link,
    plain,
    subscribe,
    wire_mail,
)
from .conftest import parse_page
from .staff_helpers import as_role


@pytest.fixture
def mail_app(app, mail_server, catalogue):
    wire_mail(app, mail_server)
    return app


def send_alerts(runner):
    return runner.invoke(args=["send-alerts"])


def outbox(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (row.kind, row.status)
            for row in db.session.scalars(select(AlertOutbox).order_by(AlertOutbox.id))
        ]


def confirmed_subscriber(mail_app, client, runner, mail_server, import_csv, lang="en"):
    """A dossier with one confirmed subscriber; the confirmation mail is consumed."""
    import_csv("dossiers", dossier_csv({"status": "received"}))
    assert subscribe(client, lang=lang).status_code == 202
    assert send_alerts(runner).exit_code == 0
    confirmation = mail_server.inbox.wait_for(1)[0]
    assert client.get(link(confirmation, "confirm")).status_code == 200
    mail_server.inbox.messages.clear()


def test_subscribing_sends_a_confirmation_link_and_nothing_else_until_it_is_opened(
    mail_app, client, runner, mail_server, import_csv
):
    import_csv("dossiers", dossier_csv({"status": "received"}))
    response = subscribe(client, lang="vi")
    assert response.status_code == 202
    assert response.get_json() == {"status": "pending_confirmation"}
    # Not confirmed yet: a change of the dossier brings no alert.
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    result = send_alerts(runner)
    assert result.exit_code == 0, result.output
    assert "sent 1," in result.output
    [confirmation] = mail_server.inbox.wait_for(1)
    assert confirmation["To"] == EMAIL
    assert CODE in confirmation["Subject"] and "Xác nhận" in confirmation["Subject"]
    path = link(confirmation, "confirm")
    assert re.fullmatch(r"/vi/alerts/confirm/[A-Za-z0-9_-]{40,}", path)
    assert "List-Unsubscribe" not in confirmation
    page = client.get(path)
    assert page.status_code == 200
    assert "Đã bật thông báo" in parse_page(page).text
    assert client.get(path).status_code == 200  # opening it twice is harmless
    with mail_app.app_context():
        stored = db.session.scalar(select(AlertSubscription))
        assert stored.status == "active"
        assert path.rsplit("/", 1)[1] not in (stored.confirm_hash, stored.token_nonce)


def test_each_change_brings_one_alert_in_the_chosen_language_with_unsubscribe_headers(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv, lang="en")
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    import_csv(
        "events",
        events_csv(
            ("2025-12-02T09:00:00", "Chuyển Phòng Quản lý xây dựng", "Sent to the building office"),
            ("2025-12-03T10:00:00", "Thẩm định hồ sơ", "Dossier appraised"),
        ),
    )
    # The same files again change nothing, so they send nothing.
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    import_csv(
        "events",
        events_csv(
            ("2025-12-02T09:00:00", "Chuyển Phòng Quản lý xây dựng", "Sent to the building office")
        ),
    )
    result = send_alerts(runner)
    assert result.exit_code == 0, result.output
    messages = mail_server.inbox.wait_for(3)
    assert len(messages) == 3
    status, first, second = messages
    assert status["Subject"] == f"Dossier {CODE}: New status: Being processed."
    assert "Sent to the building office" in first["Subject"]
    assert "Dossier appraised" in second["Subject"]
    for message in messages:
        text, page = plain(message), html(message)
        assert CODE in text and "Issuing new construction permits for grade III works" in text
        assert "Status: Being processed." in text
        assert re.search(r"Due on: [^\n]*29[^\n]*2025", text)
        assert re.search(
            r"Overdue: the due date was [^,]*29[^,]*2025, [\d,]+ working days ago", text
        )
        assert f"{PUBLIC_URL}/en/lookup?code={CODE}" in text and "lookup?code=" in page
        assert VERIFIER not in message.as_string()
        unsubscribe = message["List-Unsubscribe"]
        assert re.fullmatch(rf"<{re.escape(PUBLIC_URL)}/en/alerts/unsubscribe/[\w-]+>", unsubscribe)
        assert unsubscribe.startswith("<https://")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len({m["Message-ID"] for m in messages}) == 3
    assert (
        outbox(mail_app) == [("confirm", "sent")] + [("status", "sent")] + [("event", "sent")] * 2
    )
    assert "sent 0," in send_alerts(runner).output  # nothing twice


def test_a_late_dossier_alert_gives_the_apology_and_the_new_date(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv, lang="vi")
    late = dossier_csv({"status": "supplement"}).replace(
        ",verifier\n", ",verifier,extended_due_at,apology\n"
    )
    late = late.replace(f",{VERIFIER}\n", f",{VERIFIER},2099-01-15T17:00:00,1\n")
    import_csv("dossiers", late)
    assert send_alerts(runner).exit_code == 0
    [alert] = mail_server.inbox.wait_for(1)
    text = plain(alert)
    assert re.search(
        r"Cơ quan đã có văn bản xin lỗi vì sự chậm trễ. Ngày hẹn mới: 15[^\n]*2099\.", text
    )
    assert re.search(r"Còn [\d.]+ ngày làm việc đến ngày hẹn mới", text)
    assert alert["Subject"] == f"Hồ sơ {CODE}: Trạng thái mới: Chờ bạn bổ sung hồ sơ."


def test_a_wrong_verifier_or_an_unknown_code_gets_the_same_answer_and_no_mail(
    mail_app, client, runner, mail_server, import_csv
):
    import_csv("dossiers", dossier_csv({"status": "received"}))
    wrong = subscribe(client, verifier="000000")
    unknown = subscribe(client, code="NO-SUCH-CODE")
    assert wrong.status_code == unknown.status_code == 202
    assert wrong.get_json() == unknown.get_json() == {"status": "pending_confirmation"}
    result = send_alerts(runner)
    assert result.exit_code == 0 and "sent 0," in result.output
    assert mail_server.inbox.messages == []
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AlertSubscription)) == 0


@pytest.mark.parametrize(
    "body, error",
    [
        ({"email": "not an address"}, "invalid_email"),
        ({"email": "a@b.c\r\nBcc: x@y.z"}, "invalid_email"),
        ({"email": "Name <a@example.com>"}, "invalid_email"),
        ({"lang": "fr"}, "bad_request"),
        ({"verifier": "12"}, "bad_request"),
    ],
)
def test_a_malformed_request_is_a_400_saying_what_is_wrong(mail_app, client, body, error):
    request = {"code": CODE, "verifier": VERIFIER, "email": EMAIL, "lang": "vi", **body}
    response = client.post("/api/v1/subscriptions", json=request)
    assert response.status_code == 400
    assert response.get_json()["error"] == error
    assert response.get_json()["message"]


def test_subscribing_shares_the_lookup_rate_limit(mail_app, client, import_csv):
    mail_app.config["LOOKUP_RATE_LIMIT"] = "3 per minute"
    import_csv("dossiers", dossier_csv({"status": "received"}))
    assert client.post("/api/v1/lookup", json={"code": CODE, "verifier": "1111"}).status_code == 404
    assert subscribe(client, verifier="2222").status_code == 202
    assert subscribe(client, verifier="3333").status_code == 202
    limited = subscribe(client)
    assert limited.status_code == 429
    assert limited.get_json()["error"] == "rate_limited"
    assert (
        client.post("/api/v1/lookup", json={"code": CODE, "verifier": VERIFIER}).status_code == 429
    )


def test_one_click_unsubscribe_works_without_a_csrf_token_and_deletes_the_address(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv)
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    send_alerts(runner)
    [alert] = mail_server.inbox.wait_for(1)
    target = alert["List-Unsubscribe"].strip("<>").removeprefix(PUBLIC_URL)
    # What a mail client does (RFC 8058): a POST with this body, no cookie, no token.
    response = client.post(target, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Alerts stopped" in parse_page(response).text
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AlertSubscription)) == 0
    import_csv("dossiers", dossier_csv({"status": "resolved", "resolved": "2025-12-05T10:00:00"}))
    mail_server.inbox.messages.clear()
    assert "sent 0," in send_alerts(runner).output
    assert mail_server.inbox.messages == []
    assert client.post(target).status_code == 200  # a second click is harmless
    assert client.get(target).status_code == 404


def test_the_unsubscribe_page_asks_first_and_works_without_javascript(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv, lang="vi")
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    send_alerts(runner)
    [alert] = mail_server.inbox.wait_for(1)
    path = link(alert, "unsubscribe")
    page = client.get(path)  # a link checker opening it stops nothing
    assert page.status_code == 200
    parsed = parse_page(page)
    assert "Ngừng nhận thông báo" in parsed.text
    assert parsed.forms == [{"method": "post", "action": path}]
    assert 'name="csrf_token"' in page.get_data(as_text=True)
    assert "<script" not in page.get_data(as_text=True)
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AlertSubscription)) == 1
    assert client.post(path).status_code == 200
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AlertSubscription)) == 0


def test_no_verifier_or_full_address_is_ever_logged(
    mail_app, client, runner, mail_server, import_csv, caplog
):
    caplog.set_level(logging.DEBUG)
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv)
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    mail_server.inbox.refuse_rcpt = f"450 4.2.1 <{EMAIL}>: mailbox busy"
    deferred = send_alerts(runner)
    mail_server.inbox.refuse_rcpt = None
    with mail_app.app_context():
        error = db.session.scalar(
            select(AlertOutbox.last_error).where(AlertOutbox.kind == "status")
        )
    assert error == "450 4.2.1 <n***@g***.com>: mailbox busy"
    # Everything the portal logged (aiosmtpd's own "mail.log" is the test server, not us).
    portal_records = [r for r in caplog.records if not r.name.startswith("mail.log")]
    logged = "\n".join(r.getMessage() for r in portal_records) + deferred.output
    assert "n***@g***.com" in logged
    assert EMAIL not in logged and VERIFIER not in logged


def test_a_server_that_defers_a_message_gets_it_again_later_with_backoff(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv)
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    mail_server.inbox.refuse_rcpt = "451 4.3.0 try again later"
    result = send_alerts(runner)
    assert result.exit_code == 1 and "deferred 1" in result.output
    mail_server.inbox.refuse_rcpt = None
    assert "sent 0," in send_alerts(runner).output  # not due yet: it waits two minutes
    with mail_app.app_context():
        row = db.session.scalar(select(AlertOutbox).where(AlertOutbox.kind == "status"))
        assert (row.status, row.attempts) == ("queued", 1)
        assert row.next_attempt_at > clock.now() + timedelta(minutes=1)
        db.session.execute(update(AlertOutbox).values(next_attempt_at=clock.now()))
        db.session.commit()
    assert send_alerts(runner).exit_code == 0
    assert len(mail_server.inbox.wait_for(1)) == 1
    assert outbox(mail_app)[-1] == ("status", "sent")


def test_a_permanent_refusal_is_marked_failed_with_its_reason(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv)
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    mail_server.inbox.refuse_rcpt = "550 5.1.1 no such user"
    assert send_alerts(runner).exit_code == 1
    with mail_app.app_context():
        row = db.session.scalar(select(AlertOutbox).where(AlertOutbox.kind == "status"))
        assert (row.status, row.last_error) == ("failed", "550 5.1.1 no such user")


def test_when_the_mail_server_is_down_nothing_is_lost_and_nothing_goes_twice(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv)
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    import_csv("events", events_csv(("2025-12-02T09:00:00", "Thẩm định", "Appraised")))
    mail_server.stop()
    down = send_alerts(runner)
    assert down.exit_code == 1
    assert "could not be reached" in down.output
    assert outbox(mail_app)[1:] == [("status", "queued"), ("event", "queued")]
    with mail_app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(AlertOutbox.claimed_by.is_not(None))) == 0
        )
    mail_server.start()
    back = send_alerts(runner)
    assert back.exit_code == 0, back.output
    assert len(mail_server.inbox.wait_for(2)) == 2
    assert "sent 0," in send_alerts(runner).output
    assert len(mail_server.inbox.messages) == 2
    assert outbox(mail_app)[1:] == [("status", "sent"), ("event", "sent")]


def test_a_bad_mail_url_is_a_clear_error(mail_app, runner):
    mail_app.config["MAIL_URL"] = "http://mail.example"
    result = send_alerts(runner)
    assert result.exit_code == 1
    assert "MAIL_URL must look like smtp://host:port" in result.output


def test_subscriptions_end_30_days_after_the_dossier_and_unconfirmed_ones_after_7_days(
    mail_app, client, runner, mail_server, import_csv
):
    def ago(days: int) -> str:
        return (clock.now() - timedelta(days=days)).replace(microsecond=0).isoformat()

    codes = {"OLD": 31, "RECENT": 29}
    import_csv("dossiers", dossier_csv(*({"code": c, "status": "processing"} for c in codes)))
    for code in codes:
        assert subscribe(client, code=code, email=f"{code.lower()}@example.vn").status_code == 202
    assert send_alerts(runner).exit_code == 0
    for confirmation in mail_server.inbox.wait_for(2):
        assert client.get(link(confirmation, "confirm")).status_code == 200
    import_csv("dossiers", dossier_csv({"status": "received"}))
    subscribe(client, email="late.confirmer@example.vn")
    send_alerts(runner)
    [*_, unconfirmed] = mail_server.inbox.wait_for(3)
    with mail_app.app_context():
        db.session.execute(
            update(AlertSubscription)
            .where(AlertSubscription.status == "pending")
            .values(created_at=clock.now() - timedelta(days=7, minutes=1))
        )
        db.session.commit()
    import_csv(
        "dossiers",
        dossier_csv(
            *(
                {"code": c, "status": "returned", "resolved": ago(d + 1), "returned": ago(d)}
                for c, d in codes.items()
            )
        ),
    )
    result = send_alerts(runner)
    assert "subscriptions ended 2" in result.output
    with mail_app.app_context():
        left = db.session.scalars(select(AlertSubscription.email)).all()
    assert left == ["recent@example.vn"]  # the others' addresses are gone
    assert client.get(link(unconfirmed, "confirm")).status_code == 404
    # Only the recent dossier's subscriber heard that it was returned.
    returned = [m for m in mail_server.inbox.messages if "Result returned" in m["Subject"]]
    assert [m["To"] for m in returned] == ["recent@example.vn"]


def test_staff_see_the_outbox_with_reasons_and_masked_addresses_only(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv, lang="en")
    import_csv("dossiers", dossier_csv({"status": "processing"}))
    mail_server.inbox.refuse_rcpt = "550 5.1.1 no such user"
    send_alerts(runner)
    import_csv("dossiers", dossier_csv({"status": "supplement"}))
    assert client.get("/vi/staff/alerts").status_code == 302  # staff only
    as_role(mail_app, client, "editor")
    page = client.get("/vi/staff/alerts")
    assert page.status_code == 200
    text = parse_page(page).text
    assert "Thông báo trạng thái" in text
    assert "n***@g***.com" in text and EMAIL not in page.get_data(as_text=True)
    assert "550 5.1.1 no such user" in text
    for state in ("Đang chờ gửi: 1", "Đã gửi: 1", "Thất bại: 1"):
        assert state in text
    failed = parse_page(client.get("/en/staff/alerts?state=failed")).text
    assert "Failed: 1" in failed and "New status" in failed and "Confirmation" not in failed


def test_one_import_alerts_every_active_subscriber_of_each_changed_dossier_and_no_one_else(
    mail_app, client, runner, mail_server, import_csv
):
    codes = ("A-1", "B-2", "C-3")
    import_csv("dossiers", dossier_csv(*({"code": c, "status": "received"} for c in codes)))
    subscribers = {
        "a.en@example.vn": ("A-1", "en"),
        "a.vi@example.vn": ("A-1", "vi"),
        "b@example.vn": ("B-2", "en"),
        "c@example.vn": ("C-3", "en"),
    }
    for email, (code, lang) in subscribers.items():
        assert subscribe(client, email=email, lang=lang, code=code).status_code == 202
    assert send_alerts(runner).exit_code == 0
    for confirmation in mail_server.inbox.wait_for(4):
        if confirmation["To"] != "b@example.vn":  # B's subscriber never confirms
            assert client.get(link(confirmation, "confirm")).status_code == 200
    mail_server.inbox.messages.clear()
    # A and B change status; C only gets a later due date, which is not a change of status.
    changes = (
        {"code": "A-1", "status": "processing"},
        {"code": "B-2", "status": "processing"},
        {"code": "C-3", "status": "received", "due": "2025-12-30T17:00:00"},
    )
    assert import_csv("dossiers", dossier_csv(*changes)).updated == 3
    import_csv("events", events_csv(("2025-12-02T09:00:00", "Thẩm định", "Appraised"), code="C-3"))
    assert send_alerts(runner).exit_code == 0
    messages = mail_server.inbox.wait_for(3)
    assert sorted((m["To"], m["Subject"]) for m in messages) == [
        ("a.en@example.vn", "Dossier A-1: New status: Being processed."),
        ("a.vi@example.vn", "Hồ sơ A-1: Trạng thái mới: Đang giải quyết."),
        ("c@example.vn", "Dossier C-3: New step on 2 December 2025, 09:00: Appraised."),
    ]
    with mail_app.app_context():
        queued = [row.change for row in db.session.scalars(select(AlertOutbox))]
    assert queued.count({"status": "processing", "previous": "received"}) == 2


def test_a_step_name_is_plain_text_in_every_part_of_the_alert_never_markup(
    mail_app, client, runner, mail_server, import_csv
):
    confirmed_subscriber(mail_app, client, runner, mail_server, import_csv, lang="en")
    step = 'Sent to <b>Building</b> & "Planning"'
    import_csv("events", events_csv(("2025-12-02T09:00:00", "Chuyển phòng", step)))
    assert send_alerts(runner).exit_code == 0
    [alert] = mail_server.inbox.wait_for(1)
    assert step in alert["Subject"] and step in plain(alert)
    page = html(alert)
    assert "Sent to &lt;b&gt;Building&lt;/b&gt; &amp; " in page
    assert "<b>" not in page
