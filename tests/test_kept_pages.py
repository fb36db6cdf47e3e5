"""Public pages each worker keeps rendered (issue 15) still show every change at once: a
catalogue import, a form staff attach, a publication and a republished month with new figures
appear on the next request, in both languages; lazily translated labels follow the locale."""

from __future__ import annotations

import re

from flask_babel import force_locale

from portal.catalogue.changes import FIELD_LABELS
from portal.stats.publish import publish_months

from . import figures_data as fd
from .conftest import parse_page
from .staff_helpers import as_role
from .test_catalogue_changes import CODE, changed_procedures_csv
from .test_stats_pages import AGENCIES, SPECS, resolved
from .test_where_to_file import PDF, attach, staff_procedure_url


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return parse_page(response).text


def procedure_count(home: str) -> int:
    return int(re.search(r"([\d,]+) procedures from", home).group(1).replace(",", ""))


def test_a_catalogue_import_shows_at_once_on_the_kept_pages(client, catalogue, import_csv):
    procedure, changes = f"/vi/procedures/{CODE}", "/en/procedures/changes"
    assert "150.000 đồng/giấy phép" in text(client, procedure)
    assert "Changed:" not in text(client, changes)
    feed = client.get("/vi/procedures/changes.atom").get_data(as_text=True)
    count = procedure_count(text(client, "/en/"))

    changed = changed_procedures_csv(15, "200.000 đồng/giấy phép")
    extra = "9.999999,Thủ tục mới,A new procedure,SXD,province,5,,none,0,0,,,,,\n"
    import_csv("procedures", changed + ("" if changed.endswith("\n") else "\n") + extra)

    page = text(client, procedure)
    assert "200.000 đồng/giấy phép" in page and "150.000 đồng/giấy phép" not in page
    assert "Changed: Time limit (working days), Fee." in text(client, changes)
    assert client.get("/vi/procedures/changes.atom").get_data(as_text=True) != feed
    assert procedure_count(text(client, "/en/")) == count + 1
    assert "A new procedure" in text(client, "/en/procedures/9.999999")


def test_a_form_attached_by_staff_shows_at_once_on_the_kept_procedure_page(app, client, catalogue):
    public = "/vi/procedures/1.001193"
    assert "Mẫu tờ khai bản in năm 2026" not in text(client, public)
    as_role(app, client, "editor")
    url = staff_procedure_url(client, "1.001193")
    response = attach(client, url, "Mẫu tờ khai bản in năm 2026", "to-khai.pdf", PDF)
    assert response.status_code == 303
    assert "Mẫu tờ khai bản in năm 2026" in text(client, public)


def publish_june(app) -> None:
    with app.app_context():
        fd.add_agencies(AGENCIES)
        fd.add_dossiers(SPECS)
        fd.refresh_and_commit()
        publish_months(["2021-07", "2022-06"], note="Tháng Sáu")


def test_a_publication_shows_at_once_on_the_kept_home_and_agency_pages(app, client):
    publish_june(app)
    assert "Latest published month: June 2022." in text(client, "/en/")
    vietnamese = text(client, "/vi/")
    agency = text(client, "/en/agencies/P2")
    assert "07/2022" not in agency
    with app.app_context():
        publish_months(["2022-07"], note="Tháng Bảy")
    assert "Latest published month: July 2022." in text(client, "/en/")
    assert "Tháng công bố gần nhất" in text(client, "/vi/") != vietnamese
    assert "07/2022" in text(client, "/en/agencies/P2")


def unit_month_row(page: str, month: str) -> str:
    """The agency page's row of a month: its label and the figures after it."""
    start = page.index(month)
    return page[start : start + 60]


def test_a_republished_month_shows_its_new_figures_on_the_kept_agency_page(app, client):
    publish_june(app)
    with app.app_context():
        publish_months(["2022-07"])
    before = unit_month_row(text(client, "/en/agencies/P2"), "07/2022")
    assert before.split()[1:3] == ["1", "1"]  # received, resolved
    with app.app_context():
        fd.add_dossiers(
            [resolved("L9", "P2", "2022-07-10 08:00", "2022-07-12 17:00", "2022-07-15 10:00")]
        )
        fd.refresh_and_commit()
        publish_months(["2022-07"], note="Bổ sung")
    after = unit_month_row(text(client, "/en/agencies/P2"), "07/2022")
    assert after.split()[1:3] == ["2", "2"]
    # Within one request, the stamp is read once but a publication in it is still seen.
    with app.test_request_context("/en/stats"):
        from portal.stats import cache

        first = cache.stamp()
        assert cache.stamp() == first
        publish_months(["2022-07"], note="Lần nữa")
        assert cache.stamp() != first


def test_lazy_labels_follow_the_page_language_and_a_forced_locale(app):
    label = FIELD_LABELS["fee_vi"]
    with app.test_request_context("/vi/procedures"):
        assert str(label) == "Phí, lệ phí"
        with force_locale("en"):
            assert str(label) == "Fee"
        assert str(label) == "Phí, lệ phí"
    with app.test_request_context("/en/procedures"):
        assert str(label) == "Fee"


def language_links(client, url: str) -> dict[str, str]:
    html = client.get(url).get_data(as_text=True)
    return dict(
        (lang, href.replace("&amp;", "&"))
        for href, lang in re.findall(r'<a href="([^"]*)" hreflang="(vi|en)"', html)
    )


def test_the_kept_page_frame_links_each_page_to_its_own_address_in_the_other_language(
    client, catalogue
):
    # The header is rendered once per language and section; its links are each page's own.
    first = language_links(client, "/vi/procedures?q=khai+sinh&level=commune")
    assert first == {
        "vi": "/vi/procedures?q=khai+sinh&level=commune",
        "en": "/en/procedures?q=khai+sinh&level=commune",
    }
    second = language_links(client, "/vi/procedures?q=<b>&page=2")
    assert second["en"] == "/en/procedures?q=%3Cb%3E&page=2"
    assert language_links(client, "/en/procedures/1.009972")["vi"] == "/vi/procedures/1.009972"
    lookup = client.get("/en/lookup").get_data(as_text=True)
    assert re.search(r'href="/en/lookup" aria-current="page"', lookup)
    assert not re.search(r'href="/en/procedures" aria-current="page"', lookup)


def test_remembered_dates_read_as_flask_babel_writes_them(app):
    from datetime import date, datetime

    from flask_babel import format_date

    from portal.i18n import DATE_PATTERNS, LONG_DATE_PATTERNS, day, long_day

    days = [date(2026, 1, 1), date(2024, 2, 29), datetime(2025, 12, 31, 23, 59)]
    for lang in ("vi", "en"):
        with app.test_request_context(f"/{lang}/stats"):
            for value in days:
                plain = value.date() if isinstance(value, datetime) else value
                assert day(value) == format_date(plain, format=DATE_PATTERNS[lang])
                assert long_day(value) == format_date(plain, format=LONG_DATE_PATTERNS[lang])
            with force_locale("en" if lang == "vi" else "vi"):
                # The locale is Babel's (a forced one too), the pattern the page's.
                for value in days:
                    plain = value.date() if isinstance(value, datetime) else value
                    assert long_day(value) == format_date(plain, format=LONG_DATE_PATTERNS[lang])
