"""What changed in the catalogue: every change to a procedure, by import or by staff, field by
field, on a page and in an Atom feed, newest first; each procedure links to its own."""

from __future__ import annotations

from xml.etree import ElementTree

from sqlalchemy import select

from portal.extensions import db
from portal.models import Procedure

from .conftest import DATA, parse_page
from .staff_helpers import as_role, form_values, hidden, post

ATOM = "{http://www.w3.org/2005/Atom}"
CODE = "1.009972"


def changed_procedures_csv(days: int, fee: str) -> str:
    lines = (DATA / "procedures.csv").read_text("utf-8")
    return lines.replace(",SXD,province,20,", f",SXD,province,{days},", 1).replace(
        '"150.000 đồng/giấy phép"', f'"{fee}"', 1
    )


def test_an_import_records_which_fields_changed_and_the_page_lists_them(
    client, catalogue, import_csv
):
    import_csv("procedures", changed_procedures_csv(15, "200.000 đồng/giấy phép"))
    page = client.get("/en/procedures/changes")
    assert page.status_code == 200
    text = parse_page(page).text
    assert "Changed: Time limit (working days), Fee." in text
    assert "Issuing new construction permits for grade III works" in text
    assert "Added to the catalogue." in text  # the first import added them
    assert text.index("Changed: Time limit") < text.index("Added to the catalogue.")
    # The same file again changes nothing and records nothing.
    import_csv("procedures", changed_procedures_csv(15, "200.000 đồng/giấy phép"))
    assert parse_page(client.get("/en/procedures/changes")).text.count("Changed:") == 1


def test_the_atom_feed_names_the_procedure_when_and_which_fields(client, catalogue, import_csv):
    import_csv("procedures", changed_procedures_csv(12, "150.000 đồng/giấy phép"))
    feed = client.get("/vi/procedures/changes.atom")
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(feed.get_data())
    first = next(root.iter(f"{ATOM}entry"))
    assert first.findtext(f"{ATOM}title").endswith(f"({CODE})")
    assert first.findtext(f"{ATOM}summary") == "Đã thay đổi: Thời hạn giải quyết (ngày làm việc)."
    assert first.findtext(f"{ATOM}updated").endswith("+07:00")


def test_a_procedure_page_shows_when_it_last_changed_and_links_to_its_changes(
    client, catalogue, import_csv
):
    import_csv("procedures", changed_procedures_csv(18, "150.000 đồng/giấy phép"))
    page = client.get(f"/en/procedures/{CODE}")
    html = page.get_data(as_text=True)
    assert "Last changed:" in parse_page(page).text
    assert f'href="/en/procedures/changes?procedure={CODE}"' in html
    own = client.get(f"/en/procedures/changes?procedure={CODE}")
    text = parse_page(own).text
    assert f"What changed in procedure {CODE}" in text
    assert text.count("Changed:") == 1 and text.count("Added to the catalogue.") == 1


def test_a_staff_publication_is_recorded_field_by_field(app, client, catalogue):
    as_role(app, client, "admin")
    with app.app_context():
        procedure_id = db.session.scalar(select(Procedure.id).where(Procedure.code == CODE))
    url = f"/en/staff/procedures/{procedure_id}/edit"
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_values(page.get_data(as_text=True))
    data["fee_vi"] = "Miễn phí"
    assert post(client, url, data).status_code == 303
    # A draft is not public: nothing is recorded until it is published.
    assert "Fee" not in parse_page(client.get("/en/procedures/changes")).text
    overview = client.get(f"/en/staff/procedures/{procedure_id}").get_data(as_text=True)
    published = post(
        client,
        f"/en/staff/procedures/{procedure_id}/publish",
        {"version": hidden(overview, "version")},
    )
    assert published.status_code == 303
    text = parse_page(client.get("/en/procedures/changes")).text
    assert "Changed: Fee. (by the centre’s staff)" in text
