"""Catalogue editing for staff: drafts, preview, publish, lost updates, history, agencies."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Agency, AuditLog, Procedure, ProcedureRevision

from .conftest import parse_page
from .staff_helpers import (
    as_role,
    audit_actions,
    form_values,
    hidden,
    login,
    make_staff,
    post,
)

NEW = {
    "code": "2.002000",
    "name_vi": "Cấp phép khai thác nước ngầm",
    "name_en": "",
    "agency_code": "SXD",
    "level": "province",
    "processing_days": "15",
    "field_vi": "Tài nguyên nước",
    "field_en": "",
    "online_level": "partial",
    "postal": "y",
    "fee_vi": "Miễn phí",
    "documents_vi": "Đơn đề nghị\nBản đồ khu vực",
    "steps_vi": "Nộp hồ sơ",
    "legal_basis_vi": "Luật Tài nguyên nước",
    "result_vi": "Giấy phép",
}


def _form_of(client, url: str) -> dict:
    """The edit form's current values, as a browser would send them back."""
    return form_values(client.get(url).get_data(as_text=True))


def _procedure(app, code: str) -> Procedure:
    with app.app_context():
        procedure = db.session.scalar(select(Procedure).where(Procedure.code == code))
        db.session.expunge_all()
        return procedure


def _search(client, q: str) -> list[str]:
    html = client.get("/vi/procedures", query_string={"q": q}).get_data(as_text=True)
    return re.findall(r'<h3><a href="/vi/procedures/([^"?]+)[^"]*">', html)


def test_a_new_procedure_is_a_draft_until_published(app, client, catalogue):
    as_role(app, client, "editor")
    assert parse_page(client.get("/vi/staff/procedures/new")).h1 == ["Thêm thủ tục mới"]
    response = post(client, "/vi/staff/procedures/new", NEW)
    assert response.status_code == 303
    procedure = _procedure(app, "2.002000")
    assert procedure.published is False
    assert client.get("/vi/procedures/2.002000").status_code == 404
    assert "2.002000" not in _search(client, "nuoc ngam")

    overview = client.get(response.headers["Location"])
    assert "Bản nháp, chưa công bố" in parse_page(overview).text
    preview = client.get(f"/vi/staff/procedures/{procedure.id}/preview")
    page = parse_page(preview)
    assert page.h1 == ["Cấp phép khai thác nước ngầm"]
    assert "Xem trước" in page.text and "Bản đồ khu vực" in page.text

    response = post(
        client, f"/vi/staff/procedures/{procedure.id}/publish", {"version": procedure.version}
    )
    assert response.status_code == 303
    public = client.get("/vi/procedures/2.002000")
    assert public.status_code == 200
    assert "Bản đồ khu vực" in public.get_data(as_text=True)
    assert _search(client, "khai thac nuoc ngam")[0] == "2.002000"
    assert _search(client, "ban do khu vuc")[0] == "2.002000"  # the body is indexed too


def test_editing_a_published_procedure_leaves_the_public_page_alone_until_publish(
    app, client, catalogue
):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    data = _form_of(client, url)
    assert data["name_vi"] == "Đăng ký khai sinh" and data["online_level"] == "full"
    data.update(name_vi="Đăng ký khai sinh cho trẻ em", fee_vi="Miễn phí hoàn toàn")
    assert post(client, url, data).status_code == 303

    public = client.get("/vi/procedures/1.001193").get_data(as_text=True)
    assert "Đăng ký khai sinh cho trẻ em" not in public
    assert "1.001193" not in _search(client, "tre em")
    overview = client.get(f"/vi/staff/procedures/{procedure.id}")
    text = parse_page(overview).text
    assert "Thay đổi chờ công bố" in text and "Miễn phí hoàn toàn" in text
    html = overview.get_data(as_text=True)
    assert "<del>" in html and "<ins>" in html
    preview = client.get(f"/vi/staff/procedures/{procedure.id}/preview")
    assert parse_page(preview).h1 == ["Đăng ký khai sinh cho trẻ em"]
    # The procedure list shows that changes are waiting.
    listing = parse_page(client.get("/vi/staff/procedures?q=khai+sinh")).text
    assert "Đã công bố; có thay đổi chờ công bố" in listing

    post(
        client,
        f"/vi/staff/procedures/{procedure.id}/publish",
        {"version": hidden(overview.get_data(as_text=True), "version")},
    )
    public = client.get("/vi/procedures/1.001193").get_data(as_text=True)
    assert "Đăng ký khai sinh cho trẻ em" in public and "Miễn phí hoàn toàn" in public
    assert _search(client, "tre em")[0] == "1.001193"


def test_a_save_based_on_an_old_version_is_refused_and_shows_the_other_changes(
    app, client, catalogue
):
    as_role(app, client, "editor", "lan@example.gov.vn")
    other = app.test_client()
    make_staff(app, "minh@example.gov.vn", "editor")
    assert login(other, "minh@example.gov.vn").status_code == 303
    procedure = _procedure(app, "1.000894")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    mine, theirs = _form_of(client, url), _form_of(other, url)
    assert mine["version"] == theirs["version"]

    theirs["steps_vi"] = "Nộp tờ khai\nNhận giấy chứng nhận trong ngày"
    assert post(other, url, theirs).status_code == 303
    mine["fee_vi"] = "Lệ phí 20.000 đồng"
    response = post(client, url, mine)
    assert response.status_code == 409
    page = parse_page(response)
    assert "Thay đổi của bạn chưa được lưu" in page.text
    assert "Đã có người khác lưu thủ tục này" in page.text
    assert "Nhận giấy chứng nhận trong ngày" in page.text  # what the other person changed
    assert "Lệ phí 20.000 đồng" in page.text  # my text is kept
    with app.app_context():
        latest = db.session.scalar(
            select(ProcedureRevision).order_by(ProcedureRevision.id.desc()).limit(1)
        )
        assert "Lệ phí" not in (latest.data["fields"]["fee_vi"] or "")
        assert "Nhận giấy chứng nhận" in latest.data["fields"]["steps_vi"]

    # Saving again from the conflict page is a deliberate choice, and it works.
    retry = dict(
        mine,
        version=hidden(response.get_data(as_text=True), "version"),
        steps_vi=theirs["steps_vi"],
    )
    assert post(client, url, retry).status_code == 303
    draft = client.get(f"/vi/staff/procedures/{procedure.id}").get_data(as_text=True)
    assert "Lệ phí 20.000 đồng" in draft and "Nhận giấy chứng nhận trong ngày" in draft


def test_publishing_from_a_stale_page_is_refused(app, client, catalogue):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.009972")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    data = _form_of(client, url)
    post(client, url, dict(data, name_en="New English name"))
    stale_version = data["version"]
    response = post(
        client, f"/vi/staff/procedures/{procedure.id}/publish", {"version": stale_version}
    )
    assert response.status_code == 409
    assert "Chưa công bố" in parse_page(response).text
    assert "New English name" not in client.get("/en/procedures/1.009972").get_data(as_text=True)


def test_a_save_racing_another_between_check_and_write_is_refused_too(
    app, client, catalogue, monkeypatch
):
    from portal.staff import revisions

    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    data = _form_of(client, url)
    check = revisions.check_version

    def another_save_lands_right_after_the_check(procedure, version):
        check(procedure, version)
        with db.engine.begin() as connection:
            connection.execute(
                update(Procedure)
                .where(Procedure.id == procedure.id)
                .values(fee_vi="Lệ phí đổi cùng lúc", version=Procedure.version + 1)
            )

    monkeypatch.setattr(revisions, "check_version", another_save_lands_right_after_the_check)
    response = post(client, url, dict(data, fee_vi="Lệ phí của tôi"))
    assert response.status_code == 409
    text = parse_page(response).text
    assert "Lệ phí đổi cùng lúc" in text and "Lệ phí của tôi" in text
    with app.app_context():
        assert db.session.get(Procedure, procedure.id).fee_vi == "Lệ phí đổi cùng lúc"
        fees = [r.data["fields"]["fee_vi"] for r in db.session.scalars(select(ProcedureRevision))]
        assert "Lệ phí của tôi" not in fees


def test_publishing_without_a_draft_says_there_is_nothing_to_publish(app, client, catalogue):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    response = post(
        client, f"/en/staff/procedures/{procedure.id}/publish", {"version": procedure.version}
    )
    assert response.status_code == 409
    assert "There is no draft to publish." in parse_page(response).text
    assert (
        post(
            client, f"/en/staff/procedures/{procedure.id}/publish", {"version": "not a number"}
        ).status_code
        == 422
    )


def test_history_shows_every_version_and_restore_brings_one_back(app, client, catalogue):
    as_role(app, client, "editor")
    procedure = _procedure(app, "2.000635")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    for fee in ("10.000 đồng/bản", "12.000 đồng/bản"):
        data = _form_of(client, url)
        post(client, url, dict(data, fee_vi=fee))
        overview = client.get(f"/vi/staff/procedures/{procedure.id}").get_data(as_text=True)
        post(
            client,
            f"/vi/staff/procedures/{procedure.id}/publish",
            {"version": hidden(overview, "version")},
        )
    assert "12.000 đồng/bản" in client.get("/vi/procedures/2.000635").get_data(as_text=True)

    history = client.get(f"/vi/staff/procedures/{procedure.id}/history")
    page = parse_page(history)
    assert page.h1 == ["Lịch sử thủ tục 2.000635"]
    html = history.get_data(as_text=True)
    # The imported state first, then two drafts and two publications.
    assert html.count("<tr>") - 1 == 5
    assert "Thay đổi do nhập dữ liệu" in page.text
    revision_ids = re.findall(r"/history/(\d+)/restore", html)
    original = revision_ids[-1]  # oldest: as imported
    diff_page = client.get(f"/vi/staff/procedures/{procedure.id}/history/{revision_ids[0]}")
    assert "12.000 đồng/bản" in parse_page(diff_page).text

    response = post(
        client,
        f"/vi/staff/procedures/{procedure.id}/history/{original}/restore",
        {"version": hidden(html, "version")},
    )
    assert response.status_code == 303
    overview = client.get(f"/vi/staff/procedures/{procedure.id}").get_data(as_text=True)
    assert "8.000 đồng/bản" in overview  # the draft is the imported text again
    assert "12.000 đồng/bản" in client.get("/vi/procedures/2.000635").get_data(as_text=True)
    post(
        client,
        f"/vi/staff/procedures/{procedure.id}/publish",
        {"version": hidden(overview, "version")},
    )
    assert "8.000 đồng/bản" in client.get("/vi/procedures/2.000635").get_data(as_text=True)

    actions = [a[1] for a in audit_actions(app) if a[1].startswith("procedure.")]
    assert actions == ["procedure.save_draft", "procedure.publish"] * 2 + [
        "procedure.restore",
        "procedure.publish",
    ]
    with app.app_context():
        restore = db.session.scalar(select(AuditLog).where(AuditLog.action == "procedure.restore"))
        assert restore.before == {"fee_vi": "12.000 đồng/bản"}
        assert restore.after["fee_vi"] == "8.000 đồng/bản"
        assert restore.actor == "editor@example.gov.vn"


def test_an_import_after_a_draft_is_kept_in_the_history(app, client, catalogue, import_csv):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    post(client, url, dict(_form_of(client, url), fee_vi="Bản nháp lệ phí"))
    import_csv(
        "procedures",
        "code,name_vi,agency_code,level,processing_days\n"
        "1.001193,Đăng ký khai sinh (mới),X0101,commune,2\n",
    )
    overview = parse_page(client.get(f"/vi/staff/procedures/{procedure.id}")).text
    assert "đã bị thay thế do một lần nhập dữ liệu" in overview
    data = _form_of(client, url)
    assert data["name_vi"] == "Đăng ký khai sinh (mới)"  # the form starts from the import
    assert post(client, url, dict(data, result_vi="Giấy khai sinh bản chính")).status_code == 303
    history = parse_page(client.get(f"/vi/staff/procedures/{procedure.id}/history")).text
    assert "Thay đổi do nhập dữ liệu" in history


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"processing_days": "abc"}, "Hãy nhập một số nguyên."),
        ({"processing_days": "9" * 5000}, "Hãy nhập một số nguyên."),
        ({"processing_days": "99999"}, "Hãy nhập số ngày từ 0 đến 3650."),
        ({"processing_days": "-1"}, "Hãy nhập số ngày từ 0 đến 3650."),
        ({"processing_days": ""}, "Hãy nhập thời hạn giải quyết"),
        ({"level": "planet"}, "Hãy chọn một mục trong danh sách."),
        ({"online_level": "sometimes"}, "Hãy chọn một mục trong danh sách."),
        ({"agency_code": "NOPE"}, "Hãy chọn một mục trong danh sách."),
        ({"agency_code": ""}, "Hãy chọn cơ quan giải quyết thủ tục."),
        ({"code": "1 234"}, "không có khoảng trắng"),
        ({"code": "x" * 65}, "Chỉ nhập tối đa 64 ký tự."),
        ({"code": "1.001193"}, "Đã có thủ tục với mã này."),
        ({"name_vi": "   "}, "Hãy nhập tên bằng tiếng Việt."),
        ({"name_vi": "x" * 2001}, "Chỉ nhập tối đa 2000 ký tự."),
        ({"documents_vi": "x" * 100_001}, "Chỉ nhập tối đa 100000 ký tự."),
    ],
)
def test_the_editor_refuses_what_the_import_would_refuse(app, client, catalogue, changes, message):
    as_role(app, client, "editor")
    response = post(client, "/vi/staff/procedures/new", {**NEW, **changes})
    assert response.status_code == 422
    assert message in parse_page(response).text
    assert _procedure(app, "2.002000") is None


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"code": ["a", "b"]},
        {"name_vi": "\x00"},
        {"version": "x"},
        {**NEW, "code": "3.000001", "name_vi": "Tên\x00 có NUL"},
        {**NEW, "code": "3.000002", "postal": "maybe", "four_on_site": "\x00"},
        {"processing_days": "1e308", "level": ["province", "district"]},
    ],
)
def test_malformed_procedure_posts_never_cause_a_server_error(app, client, catalogue, data):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    for url in (
        "/vi/staff/procedures/new",
        f"/vi/staff/procedures/{procedure.id}/edit",
        f"/vi/staff/procedures/{procedure.id}/publish",
        f"/vi/staff/procedures/{procedure.id}/history/999999/restore",
        "/vi/staff/agencies/new",
        "/vi/staff/procedures/999999/edit",
    ):
        response = post(client, url, data)
        assert response.status_code < 500, (url, response.status_code)
    with app.app_context():
        names = db.session.scalars(select(Procedure.name_vi)).all()
        assert not any("\x00" in n for n in names)


def test_line_breaks_as_browsers_send_them_are_no_change(app, client, catalogue):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.009972")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    data = _form_of(client, url)
    assert "\n" in data["documents_vi"]
    crlf = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    assert post(client, url, dict(crlf, fee_vi="200.000 đồng/giấy phép")).status_code == 303
    overview = parse_page(client.get(f"/vi/staff/procedures/{procedure.id}")).text
    assert "Phí, lệ phí" in overview and "Thành phần hồ sơ" not in overview
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert entry.after == {"fee_vi": "200.000 đồng/giấy phép"}


def test_text_is_escaped_in_diffs_and_previews(app, client, catalogue):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    url = f"/vi/staff/procedures/{procedure.id}/edit"
    post(client, url, dict(_form_of(client, url), steps_vi="<script>alert(1)</script>"))
    for page in (
        f"/vi/staff/procedures/{procedure.id}",
        f"/vi/staff/procedures/{procedure.id}/preview",
    ):
        html = client.get(page).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_edit_form_is_in_english_on_english_pages(app, client, catalogue):
    as_role(app, client, "editor")
    procedure = _procedure(app, "1.001193")
    page = parse_page(client.get(f"/en/staff/procedures/{procedure.id}/edit"))
    assert page.h1 == ["Edit procedure 1.001193"]
    assert "Time limit (working days)" in page.text and "Save draft" in page.text
    response = post(
        client, f"/en/staff/procedures/{procedure.id}/edit", {"processing_days": "many"}
    )
    assert response.status_code == 422
    assert "Enter a whole number." in parse_page(response).text


# --- agencies ---------------------------------------------------------------------------------


def test_an_editor_adds_and_edits_an_agency(app, client, catalogue):
    as_role(app, client, "editor")
    response = post(
        client,
        "/vi/staff/agencies/new",
        {
            "code": "STNMT",
            "name_vi": "Sở Tài nguyên và Môi trường",
            "name_en": "",
            "level": "province",
            "parent_code": "T00",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == "STNMT"))
        assert (agency.name_en, agency.parent_code) == (None, "T00")
        agency_id = agency.id
    assert any(a["code"] == "STNMT" for a in client.get("/api/v1/agencies").get_json()["items"])
    url = f"/vi/staff/agencies/{agency_id}/edit"
    html = client.get(url).get_data(as_text=True)
    response = post(
        client,
        url,
        {
            "name_vi": "Sở Tài nguyên và Môi trường tỉnh",
            "name_en": "Department of Natural Resources",
            "level": "province",
            "parent_code": "T00",
            "fingerprint": hidden(html, "fingerprint"),
        },
    )
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "agency.update"))
        assert entry.before == {"name_vi": "Sở Tài nguyên và Môi trường", "name_en": None}
        assert entry.after["name_en"] == "Department of Natural Resources"


def test_an_agency_save_based_on_old_values_is_refused(app, client, catalogue):
    as_role(app, client, "editor")
    with app.app_context():
        agency_id = db.session.scalar(select(Agency.id).where(Agency.code == "SXD"))
    url = f"/vi/staff/agencies/{agency_id}/edit"
    old = hidden(client.get(url).get_data(as_text=True), "fingerprint")
    data = {"name_vi": "Sở Xây dựng tỉnh", "level": "province", "parent_code": "T00"}
    assert post(client, url, dict(data, fingerprint=old)).status_code == 303
    response = post(client, url, dict(data, name_vi="Sở XD", fingerprint=old))
    assert response.status_code == 409
    text = parse_page(response).text
    assert "Đã có người khác lưu cơ quan này" in text and "Sở Xây dựng tỉnh" in text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"parent_code": "STNMT"}, "Hãy chọn một mục trong danh sách."),
        ({"level": "country"}, "Hãy chọn một mục trong danh sách."),
        ({"code": "SXD"}, "Đã có cơ quan với mã này."),
        ({"code": ""}, "Hãy nhập mã cơ quan."),
        ({"name_vi": "x" * 301}, "Chỉ nhập tối đa 300 ký tự."),
    ],
)
def test_agency_forms_are_checked(app, client, catalogue, changes, message):
    as_role(app, client, "editor")
    data = {"code": "STNMT", "name_vi": "Sở Tài nguyên", "level": "province", "parent_code": ""}
    response = post(client, "/vi/staff/agencies/new", {**data, **changes})
    assert response.status_code == 422
    assert message in parse_page(response).text
