"""The staff area reads in one language: import reports, the audit log and the revision diff
are in the page's language (the command line keeps its English)."""

from __future__ import annotations

import ast
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from flask_babel import gettext

from portal.extensions import db
from portal.imports import N_, RowError
from portal.models import AuditLog

from .conftest import parse_page
from .staff_helpers import as_role, form_values, post, token

PORTAL = Path(__file__).resolve().parent.parent / "portal"
BAD_DOSSIERS = (
    "code,procedure_code,agency_code,channel,received_at,due_at,resolved_at,returned_at,"
    "return_channel,status,four_on_site,verifier\n"
    "A 1,1.001193,X0101,direct,2025-03-03T08:00,2025-03-04T17:00,,,,processing,0,1234\n"
    "A2,9.999,X0101,direct,2025-03-03T08:00,2025-03-04T17:00,,,,processing,0,1234\n"
    "A3,1.001193,NOPE,direct,2025-03-03T08:00,2025-03-04T17:00,,,,processing,0,1234\n"
    "A4,1.001193,X0101,fax,2025-03-03T08:00,2025-03-04T17:00,,,,processing,0,1234\n"
    "A5,1.001193,X0101,direct,yesterday,2025-03-04T17:00,,,,processing,0,1234\n"
    "A6,1.001193,X0101,direct,2025-03-05T08:00,2025-03-04T17:00,,,,processing,0,1234\n"
    "A7,1.001193,X0101,direct,2025-03-03T08:00,2025-03-04T17:00,,,,resolved,0,1234\n"
    "A8,1.001193,X0101,direct,2025-03-03T08:00,2025-03-04T17:00,2025-03-04T08:00,,,"
    "processing,0,1234\n"
    "A9,1.001193,X0101,direct,2025-03-03T08:00,2025-03-04T17:00,,,,processing,2,1234\n"
    "A10,1.001193,X0101,direct,2025-03-03T08:00,2025-03-04T17:00,,,,processing,0,12\n"
)
BAD_AGENCIES = (
    "code,name_vi,name_en,level,parent_code,active_from,active_to,successor_code\n"
    "Z1,Một,One,planet,,,,\n"
    "Z2,Hai,Two,commune,NOPE,,,\n"
    "Z3,Ba,Three,commune,,2025-07-01,2025-06-30,\n"
    "Z4,Bốn,Four,commune,,not-a-date,,\n"
    "Z5,,Five,commune,,,,\n"
)


def upload(client, kind, text, lang):
    data = {
        "csrf_token": token(client, lang),
        "kind": kind,
        "file": (io.BytesIO(text.encode()), f"{kind}.csv"),
    }
    return client.post(f"/{lang}/staff/imports", data=data, content_type="multipart/form-data")


def rejected_rows(response) -> list[tuple[str, str | None]]:
    html = response.get_data(as_text=True)
    listed = html[
        html.index('<ul class="import-rows">') : html.index("</ul>", html.index("import-rows"))
    ]
    return [
        (lang or None, text)
        for lang, text in re.findall(r'<li(?: lang="(\w+)")?>([^<]*)</li>', listed)
    ]


@pytest.mark.parametrize("kind, text", [("dossiers", BAD_DOSSIERS), ("agencies", BAD_AGENCIES)])
def test_every_rejected_row_reads_in_vietnamese_on_a_vietnamese_page(
    app, client, catalogue, kind, text
):
    as_role(app, client, "publisher")
    rows = rejected_rows(upload(client, kind, text, "vi"))
    assert len(rows) == text.count("\n") - 1
    assert all(lang is None and line.startswith("Dòng ") for lang, line in rows), rows
    english = rejected_rows(upload(client, kind, text, "en"))
    assert all(line.startswith("Row ") for _, line in english)


def test_the_dossier_reasons_say_what_is_wrong_in_vietnamese(app, client, catalogue):
    as_role(app, client, "publisher")
    text = " | ".join(
        line for _, line in rejected_rows(upload(client, "dossiers", BAD_DOSSIERS, "vi"))
    )
    assert "Dòng 3: không có thủ tục mang mã này" in text
    assert "Dòng 4: không có cơ quan mang mã này" in text
    assert "Dòng 7: due_at trước received_at" in text
    assert "Dòng 11: verifier phải gồm 4 đến 6 chữ số" in text


def test_the_command_line_keeps_its_english(app, runner, catalogue, tmp_path):
    bad = tmp_path / "dossiers.csv"
    bad.write_text(BAD_DOSSIERS, encoding="utf-8")
    result = runner.invoke(args=["import", "dossiers", str(bad)])
    assert "row 3: unknown procedure code" in result.output
    assert "Dòng" not in result.output


def test_a_refused_file_says_why_in_the_pages_language(app, client):
    as_role(app, client, "publisher")
    vi = parse_page(upload(client, "agencies", "name_vi\nX\n", "vi")).text
    assert "thiếu cột: code, level" in vi
    en = parse_page(upload(client, "agencies", "name_vi\nX\n", "en")).text
    assert "missing column(s): code, level" in en


def import_reasons() -> set[str]:
    """Every reason the importers can give: the texts marked with N_() in portal/."""
    found = set()
    for path in PORTAL.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                found.add(node.args[0].value)
    return found


def test_every_reason_the_importers_give_has_its_vietnamese(app):
    reasons = import_reasons()
    assert "%(name)s is missing" in reasons and len(reasons) > 40
    with app.test_request_context("/vi/staff/imports"):
        from flask import g

        g.lang = "vi"
        for reason in reasons:
            assert gettext(reason) != reason, f"no Vietnamese for {reason!r}"


def test_a_reason_reads_in_english_on_the_command_line_and_in_the_pages_language(app):
    error = RowError(N_("%(name)s is not a whole number: %(value)s"), name="score", value="'x'")
    assert str(error) == "score is not a whole number: 'x'"
    with app.test_request_context("/vi/staff/imports"):
        from flask import g

        g.lang = "vi"
        assert error.translated() != str(error) and "score" in error.translated()
        assert str(error) == "score is not a whole number: 'x'"


def test_the_audit_log_names_actions_objects_and_fields_in_the_pages_language(app, client):
    as_role(app, client, "admin")
    with app.app_context():
        db.session.add(
            AuditLog(
                at=datetime(2026, 11, 5, 9, 0),
                actor="cli",
                action="publish",
                object_type="published_month",
                object_key="2026-10",
                before=None,
                after={"received_new": 120, "note": "x"},
            )
        )
        db.session.commit()
    vi = client.get("/vi/staff/audit").get_data(as_text=True)
    for raw in ("<dt>received_new</dt>", ">staff_user<", "published_month", "<dt>note</dt>"):
        assert raw not in vi
    assert "Tài khoản cán bộ" in vi and "Tháng đã công bố: 2026-10" in vi
    assert "<dt>Ghi chú</dt>" in vi or "<dt>Ghi chú" in vi
    en = client.get("/en/staff/audit").get_data(as_text=True)
    assert "Staff account" in en and "Published month: 2026-10" in en
    assert "<dt>received_new</dt>" not in en


def test_the_revision_diff_names_fields_in_the_pages_language(app, client, catalogue):
    as_role(app, client, "editor")
    html = client.get("/vi/staff/procedures?q=1.001193").get_data(as_text=True)
    url = re.search(r'href="(/vi/staff/procedures/\d+)"', html).group(1)
    fields = form_values(client.get(url + "/edit").get_data(as_text=True))
    fields["field_vi"] = "Hộ tịch – khai sinh"
    response = post(client, url + "/edit", fields)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    vi = parse_page(client.get(url)).text
    assert "Lĩnh vực (tiếng Việt)" in vi
    en = parse_page(client.get(url.replace("/vi/", "/en/"))).text
    assert "Field (Vietnamese)" in en and "Lĩnh vực" not in en.replace("Hộ tịch", "")
