"""Staff operations: uploads with the import report, publishing, unanswered searches, audit,
and staff accounts."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Agency,
    AuditLog,
    Correction,
    Procedure,
    PublishedMonth,
    SearchLog,
    StaffUser,
)

from . import figures_data as fd
from .conftest import DATA, parse_page
from .staff_helpers import PASSWORD, as_role, audit_actions, login, make_staff, post, token


def upload(
    client,
    kind: str,
    content: bytes,
    filename: str = "file.csv",
    strict: bool = False,
    lang: str = "vi",
):
    data = {
        "csrf_token": token(client, lang),
        "kind": kind,
        "file": (io.BytesIO(content), filename),
    }
    if strict:
        data["strict"] = "y"
    return client.post(f"/{lang}/staff/imports", data=data, content_type="multipart/form-data")


def report(response) -> list[str]:
    """The lines of the CLI-style report on the page."""
    html = response.get_data(as_text=True)
    start = html.index('<pre class="import-report" lang="en">') + len(
        '<pre class="import-report" lang="en">'
    )
    return html[start : html.index("</pre>", start)].replace("&#39;", "'").splitlines()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- imports ----------------------------------------------------------------------------------


def test_a_good_file_is_imported_with_the_clis_summary(app, client):
    as_role(app, client, "publisher")
    page = parse_page(client.get("/vi/staff/imports"))
    assert page.h1 == ["Nhập dữ liệu"]
    response = upload(client, "agencies", (DATA / "agencies.csv").read_bytes(), "agencies.csv")
    assert response.status_code == 200
    assert report(response) == ["inserted 5, updated 0, unchanged 0, rejected 0"]
    assert "Đã nhập, không có lỗi." in parse_page(response).text
    assert count(app, Agency) == 5
    # The same file twice changes nothing.
    response = upload(client, "agencies", (DATA / "agencies.csv").read_bytes(), "agencies.csv")
    assert report(response) == ["inserted 0, updated 0, unchanged 5, rejected 0"]
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "import")).first()
        assert (entry.actor, entry.object_key) == ("publisher@example.gov.vn", "agencies")
        assert entry.after == {
            "file": "agencies.csv",
            "strict": False,
            "inserted": 5,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
        }


BAD_PROCEDURES = (
    "code,name_vi,agency_code,level,processing_days\n"
    "9.000001,Thủ tục tốt,SXD,province,5\n"
    "9.000002,Thủ tục sai cơ quan,NOPE,province,5\n"
    "9.000003,Thủ tục sai cấp,SXD,planet,5\n"
)


def test_bad_rows_are_listed_row_by_row_and_the_good_ones_kept(app, client, catalogue):
    as_role(app, client, "publisher")
    response = upload(client, "procedures", BAD_PROCEDURES.encode(), "p.csv", lang="en")
    assert response.status_code == 200
    assert report(response) == [
        "row 3: unknown agency 'NOPE'",
        "row 4: unknown level 'planet' (expected one of: province, district, commune)",
        "inserted 1, updated 0, unchanged 0, rejected 2",
    ]
    assert "2 rows were rejected and skipped" in parse_page(response).text
    assert count(app, Procedure) == 5


def test_strict_imports_nothing_when_a_row_is_bad(app, client, catalogue):
    as_role(app, client, "publisher")
    response = upload(client, "procedures", BAD_PROCEDURES.encode(), "p.csv", strict=True)
    assert response.status_code == 200
    lines = report(response)
    assert lines[-2:] == [
        "nothing imported (--strict): the file has rejected rows",
        "inserted 0, updated 0, unchanged 0, rejected 2",
    ]
    assert "chế độ “nghiêm ngặt”" in parse_page(response).text
    assert count(app, Procedure) == 4
    assert audit_actions(app)[-1][1:] == ("import_refused", "procedures")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "error: the file is not UTF-8 text"),
        (
            "code,name_vi,level\nSXD,Sở Xây dựng,province\n".encode("utf-16"),
            "error: the file is not UTF-8 text",
        ),
        (
            "code,name_vi,level\nSXD,Café,province\n".encode("cp1252"),
            "error: the file is not UTF-8 text",
        ),
        (b"just some words\nnot a table\n", "error: missing column(s): code, name_vi, level"),
        (b"", "error: the file is empty or has no header row"),
    ],
)
def test_a_file_that_is_not_usable_csv_is_refused_whole(app, client, content, reason):
    as_role(app, client, "publisher")
    response = upload(client, "agencies", content, "photo.png")
    assert response.status_code == 422
    lines = report(response)
    assert lines[0].startswith(reason)
    assert lines[-1] == "inserted 0, updated 0, unchanged 0, rejected 0"
    assert "Không nhập được gì: không đọc được tệp." in parse_page(response).text
    assert count(app, Agency) == 0
    assert audit_actions(app)[-1][1] == "import_failed"


def test_upload_form_errors_are_translated_and_never_a_server_error(app, client):
    as_role(app, client, "publisher")
    response = post(client, "/vi/staff/imports", {"kind": "agencies"})
    assert response.status_code == 422
    assert "Hãy chọn một tệp CSV để tải lên." in parse_page(response).text
    response = upload(client, "", (DATA / "agencies.csv").read_bytes())
    assert response.status_code == 422  # no guessing: the kind is chosen, never a default
    assert "Hãy chọn loại dữ liệu trong tệp." in parse_page(response).text
    assert count(app, Agency) == 0
    response = upload(client, "planets", b"code\n1\n")
    assert response.status_code == 422
    assert "Hãy chọn một mục trong danh sách." in parse_page(response).text
    for data in ({}, {"kind": ["agencies", "procedures"]}, {"strict": "\x00", "file": "text"}):
        assert post(client, "/vi/staff/imports", data).status_code in (400, 422)


def test_a_file_over_the_size_limit_gets_the_translated_413_page(app, client):
    as_role(app, client, "publisher")
    app.config["MAX_UPLOAD_BYTES"] = 1024
    response = upload(client, "agencies", b"code,name_vi,level\n" + b"x" * 4096)
    assert response.status_code == 413
    assert "Tệp quá lớn." in parse_page(response).text


def test_only_a_signed_in_publisher_may_send_a_large_file(app, client):
    """A body over the public 64 KB is read only for a publisher's upload: not before login,
    not for an editor, not on any other route."""
    big = (DATA / "agencies.csv").read_bytes() + b"\n" * (200 * 1024)
    assert app.config["MAX_CONTENT_LENGTH"] == 64 * 1024
    assert upload(client, "agencies", big).status_code == 413  # nobody signed in
    as_role(app, client, "editor")
    assert upload(client, "agencies", big).status_code == 413
    post(client, "/vi/staff/logout")
    as_role(app, client, "publisher")
    response = upload(client, "agencies", big)
    assert response.status_code == 200
    assert "inserted 5" in parse_page(response).text
    assert post(client, "/vi/staff/publishing", {"note": "x" * 100_000}).status_code == 413


def test_dossiers_are_imported_from_the_browser_too(app, client, catalogue):
    as_role(app, client, "publisher")
    content = (
        fd.CSV_HEADER + "\n"
        "HS-1,1.001193,X0101,online,2024-03-01T08:00,2024-03-02T17:00,,,,processing,0,1234\n"
        "HS-2,1.001193,X0101,fax,2024-03-01T08:00,2024-03-02T17:00,,,,processing,0,\n"
    )
    response = upload(client, "dossiers", content.encode(), "dossiers.csv")
    lines = report(response)
    assert lines[0].startswith("row 3: unknown channel (expected")
    assert lines[-1] == "inserted 1, updated 0, unchanged 0, rejected 1"


# --- publishing -------------------------------------------------------------------------------


def _seed_dossiers(app):
    specs, ratings = fd.random_specs(150, seed=7)
    with app.app_context():
        fd.add_agencies(fd.RANDOM_AGENCIES)
        fd.add_dossiers(specs)
        fd.add_ratings(ratings)
        fd.refresh_and_commit()


def test_a_publisher_sees_the_figures_publishes_and_corrects(app, client):
    _seed_dossiers(app)
    as_role(app, client, "publisher")
    response = client.get("/vi/staff/publishing?period=2022-07")
    page = parse_page(response)
    assert response.status_code == 200
    assert "Chưa công bố" in page.text and "Nếu công bố bây giờ" in page.text
    assert client.get("/api/v1/stats/2022-07").status_code == 404

    response = post(
        client, "/vi/staff/publishing", {"period": "2022-07", "note": "Báo cáo tháng 7"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/vi/staff/publishing?period=2022-07"
    page = parse_page(client.get(response.headers["Location"]))
    assert "Đã công bố tháng 2022-07 lần đầu." in page.text
    assert "Không có: công bố lại sẽ không ghi nhận gì." in page.text
    published = client.get("/api/v1/stats/2022-07").get_json()
    with app.app_context():
        month = db.session.get(PublishedMonth, "2022-07")
        assert month.note == "Báo cáo tháng 7"
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "publish"))
        assert entry.actor == "publisher@example.gov.vn" and entry.staff_id is not None

    # A later import changes July: the page shows what changed, and publishing corrects.
    with app.app_context():
        fd.add_dossiers(
            [
                fd.Spec(
                    f"LATE{i}",
                    "P1",
                    datetime(2022, 7, 4, 9),
                    datetime(2022, 7, 6, 17),
                    "resolved",
                    datetime(2022, 7, 8, 10),
                )
                for i in range(3)
            ]
        )
        fd.refresh_and_commit()
    page = parse_page(client.get("/en/staff/publishing?period=2022-07"))
    assert "changed" in page.text
    received = published["totals"]["received_new"]
    assert f"{received:,} → {received + 3:,}" in page.text
    response = post(
        client, "/en/staff/publishing", {"period": "2022-07", "note": "Late import from P1"}
    )
    assert response.status_code == 303
    assert "2022-07 re-published with corrections." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    with app.app_context():
        correction = db.session.scalar(select(Correction))
        assert correction.note == "Late import from P1"
        assert correction.changed["received_new"] == [received, received + 3]
    assert client.get("/api/v1/stats/2022-07").get_json()["totals"]["received_new"] == (
        received + 3
    )


def test_the_publishing_page_lists_recent_months_to_choose_from(app, client):
    _seed_dossiers(app)
    as_role(app, client, "publisher")
    html = client.get("/vi/staff/publishing").get_data(as_text=True)
    months = re.findall(r'href="/vi/staff/publishing\?period=(\d{4}-\d{2})"', html)
    assert months and months == sorted(months, reverse=True)
    post(client, "/vi/staff/publishing", {"period": months[1]})
    html = client.get("/vi/staff/publishing").get_data(as_text=True)
    status = {m: html[html.index(f"period={m}") :].split("</li>")[0] for m in months[:2]}
    assert "công bố lần cuối lúc" in status[months[1]]
    assert "chưa công bố" in status[months[0]]


@pytest.mark.parametrize(
    "period, message",
    [
        ("2022-13", "không phải là một kỳ số liệu"),
        ("July", "không phải là một kỳ số liệu"),
        ("x" * 40, "Chỉ nhập tối đa 32 ký tự."),
        ("", "Hãy nhập kỳ số liệu"),
    ],
)
def test_a_bad_period_is_refused_with_a_clear_message(app, client, period, message):
    as_role(app, client, "publisher")
    response = post(client, "/vi/staff/publishing", {"period": period})
    assert response.status_code == 422
    assert message in parse_page(response).text
    if period:  # the same answer when only looking
        response = client.get("/vi/staff/publishing", query_string={"period": period})
        assert response.status_code == 422 and message in parse_page(response).text
    assert count(app, PublishedMonth) == 0


def test_a_month_that_has_not_begun_cannot_be_published(app, client):
    as_role(app, client, "publisher")
    future = date.today().replace(day=1) + timedelta(days=62)
    period = future.strftime("%Y-%m")
    page = parse_page(client.get(f"/vi/staff/publishing?period={period}"))
    assert "Chưa bắt đầu" in page.text
    response = post(client, "/vi/staff/publishing", {"period": period})
    assert response.status_code == 422
    assert "Không thể công bố số liệu của tháng chưa bắt đầu." in parse_page(response).text
    assert count(app, PublishedMonth) == 0


def test_publishing_needs_a_csrf_token_and_the_publisher_role(app, client):
    as_role(app, client, "editor")
    assert client.post("/vi/staff/publishing", data={"period": "2022-07"}).status_code == 400
    assert post(client, "/vi/staff/publishing", {"period": "2022-07"}).status_code == 403


# --- what citizens did not find ---------------------------------------------------------------


def test_the_most_frequent_unanswered_searches_of_the_last_30_days(app, client, catalogue):
    for q in ["karaoke"] * 3 + ["Visa", "KARAOKE", "visa"] + ["đăng ký khai sinh"]:
        client.get("/vi/procedures", query_string={"q": q})
    with app.app_context():
        old = date.today() - timedelta(days=40)
        db.session.add(SearchLog(day=int(old.strftime("%Y%m%d")), query="ho chieu", count=99))
        db.session.commit()
    as_role(app, client, "editor")
    response = client.get("/vi/staff/searches")
    page = parse_page(response)
    assert page.h1 == ["Chất lượng tìm kiếm"]
    html = response.get_data(as_text=True).split('id="unopened-title"')[0]  # without results
    assert html.index("karaoke") < html.index("visa")
    assert '<td class="num">4</td>' in html and '<td class="num">2</td>' in html
    assert "ho chieu" not in html  # older than 30 days
    assert "khai sinh" not in html  # it found something
    assert 'href="/vi/procedures?q=karaoke"' in html
    english = parse_page(client.get("/en/staff/searches"))
    assert english.h1 == ["Search quality"]


# --- the audit log ----------------------------------------------------------------------------


def test_admins_read_the_audit_log_page_by_page(app, client):
    as_role(app, client, "admin")
    with app.app_context():
        for i in range(60):
            db.session.add(
                AuditLog(
                    at=datetime(2024, 1, 1) + timedelta(minutes=i),
                    actor="cli",
                    action="agency.update",
                    object_type="agency",
                    object_key=f"A{i:02d}",
                    before={"name_vi": f"<b>{i}</b>"},
                    after={"name_vi": "x" * 500},
                )
            )
        db.session.commit()
    response = client.get("/vi/staff/audit")
    page = parse_page(response)
    html = response.get_data(as_text=True)
    assert page.h1 == ["Nhật ký thao tác"]
    assert html.count("<tr>") - 1 == 50
    assert "Sửa cơ quan" in page.text and "admin@example.gov.vn" in page.text
    assert "&lt;b&gt;59&lt;/b&gt;" in html and "<b>59</b>" not in html
    assert "x" * 301 not in html  # long values are cut
    second = client.get("/vi/staff/audit?page=2").get_data(as_text=True)
    assert second.count("<tr>") - 1 == 11  # 60 + the login
    assert "A00" in second
    for page_arg in ("abc", "0", "-5", "999999999999"):
        assert client.get(f"/vi/staff/audit?page={page_arg}").status_code == 200
    english = parse_page(client.get("/en/staff/audit"))
    assert english.h1 == ["Audit log"] and "Agency changed" in english.text


# --- staff accounts ---------------------------------------------------------------------------


def test_an_admin_creates_an_account_that_can_log_in(app, client):
    as_role(app, client, "admin")
    response = post(
        client,
        "/vi/staff/accounts",
        {
            "email": "Lan@Example.gov.vn",
            "role": "editor",
            "password": "mật khẩu đủ dài",
            "confirm": "mật khẩu đủ dài",
        },
    )
    assert response.status_code == 303
    assert "lan@example.gov.vn" in parse_page(client.get("/vi/staff/accounts")).text
    assert login(app.test_client(), "lan@example.gov.vn", "mật khẩu đủ dài").status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "staff.create"))
        assert entry.after == {"email": "lan@example.gov.vn", "role": "editor", "active": True}
        assert "argon2" not in str(entry.after)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"password": "short"}, "Mật khẩu phải có từ 12 đến 1024 ký tự."),
        ({"confirm": "something else entirely"}, "Hai mật khẩu không giống nhau."),
        ({"email": "not-an-email"}, "Hãy nhập địa chỉ email dạng"),
        ({"email": "admin@example.gov.vn"}, "Đã có tài khoản với địa chỉ email này."),
        ({"role": "superuser"}, "Hãy chọn một mục trong danh sách."),
        ({"email": ""}, "Hãy nhập địa chỉ email."),
    ],
)
def test_account_forms_are_checked(app, client, data, message):
    as_role(app, client, "admin")
    base = {
        "email": "lan@example.gov.vn",
        "role": "editor",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    response = post(client, "/vi/staff/accounts", {**base, **data})
    assert response.status_code == 422
    assert message in parse_page(response).text
    assert count(app, StaffUser) == 1


def test_an_admin_changes_a_role_deactivates_and_resets_a_password(app, client):
    admin_id = as_role(app, client, "admin")
    user_id = make_staff(app, "lan@example.gov.vn", "editor")
    other = app.test_client()
    assert login(other, "lan@example.gov.vn").status_code == 303
    page = parse_page(client.get(f"/vi/staff/accounts/{user_id}"))
    assert page.h1 == ["lan@example.gov.vn"]

    assert (
        post(client, f"/vi/staff/accounts/{user_id}/role", {"role": "publisher"}).status_code == 303
    )
    assert other.get("/vi/staff/").status_code == 302  # a role change ends her sessions
    assert login(other, "lan@example.gov.vn").status_code == 303
    # A publisher needs two-step verification: it is the only page she reaches until then.
    assert other.get("/vi/staff/imports").headers["Location"] == "/vi/staff/my-account/two-factor"

    assert post(client, f"/vi/staff/accounts/{user_id}/active").status_code == 303
    assert other.get("/vi/staff/").status_code == 302
    assert login(other, "lan@example.gov.vn").status_code == 422
    assert post(client, f"/vi/staff/accounts/{user_id}/active").status_code == 303

    response = post(
        client,
        f"/vi/staff/accounts/{user_id}/password",
        {"password": "a brand new password", "confirm": "a brand new password"},
    )
    assert response.status_code == 303
    assert login(app.test_client(), "lan@example.gov.vn", PASSWORD).status_code == 422
    assert login(app.test_client(), "lan@example.gov.vn", "a brand new password").status_code == 303
    response = post(
        client, f"/vi/staff/accounts/{user_id}/password", {"password": "short", "confirm": "short"}
    )
    assert response.status_code == 422

    # An admin cannot lock themselves out.
    post(client, f"/vi/staff/accounts/{admin_id}/active")
    post(client, f"/vi/staff/accounts/{admin_id}/role", {"role": "editor"})
    with app.app_context():
        admin = db.session.get(StaffUser, admin_id)
        assert admin.active and admin.role == "admin"
    actions = [a[1] for a in audit_actions(app) if a[1].startswith("staff.")]
    assert actions == ["staff.role", "staff.deactivate", "staff.activate", "staff.password"]


@pytest.mark.parametrize(
    "url",
    [
        "/vi/staff/accounts/{id}/role",
        "/vi/staff/accounts/{id}/active",
        "/vi/staff/accounts/{id}/password",
        "/vi/staff/accounts",
        "/vi/staff/accounts/999999/role",
        "/vi/staff/login",
    ],
)
def test_malformed_account_posts_never_cause_a_server_error(app, client, url):
    as_role(app, client, "admin")
    user_id = make_staff(app, "lan@example.gov.vn", "editor")
    for data in (
        {},
        {"role": ["editor", "admin"]},
        {"password": "\x00" * 20, "confirm": "\x00" * 20},
        {"email": "a@b.c\x00", "password": "p" * 100_000},
    ):
        response = post(client, url.format(id=user_id), data)
        assert response.status_code < 500, (url, data, response.status_code)
