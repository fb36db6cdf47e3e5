"""Every staff page in a real browser: axe-core at WCAG 2.2 AA, no sideways scrolling at
360 px, nothing blocked by the Content Security Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bench.serve import staff_code

from .support import axe_violations, describe

PAGES = [
    "/{lang}/staff/",
    "/{lang}/staff/procedures",
    "/{lang}/staff/procedures/new",
    "/{lang}/staff/procedures/{id}",
    "/{lang}/staff/procedures/{id}/edit",
    "/{lang}/staff/procedures/{id}/history",
    "/{lang}/staff/procedures/{id}/preview",
    "/{lang}/staff/agencies",
    "/{lang}/staff/agencies/new",
    "/{lang}/staff/imports",
    "/{lang}/staff/publishing",
    "/{lang}/staff/publishing?period={month}",
    "/{lang}/staff/searches",
    "/{lang}/staff/audit",
    "/{lang}/staff/accounts",
    "/{lang}/staff/my-account",
    "/{lang}/staff/confirm-identity",
]


def _log_in(page, site, lang: str) -> None:
    email, password = site.staff
    page.goto(f"/{lang}/staff/login")
    page.wait_for_load_state("networkidle")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/staff/login/code$"))
    page.locator("#code").fill(staff_code(site.database_url))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/staff/$"))
    page.wait_for_load_state("networkidle")  # the icon too, before moving on


def _procedure_id(page, site, lang: str) -> str:
    code = site.procedures[2]["code"]
    page.goto(f"/{lang}/staff/procedures?q={code}")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=code, exact=True).click()
    page.wait_for_load_state("networkidle")
    return re.search(r"/procedures/(\d+)", page.url).group(1)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_staff_page_passes_axe_and_fits_a_phone(phone, site, lang):
    _log_in(phone, site, lang)
    procedure_id = _procedure_id(phone, site, lang)
    problems = []
    for pattern in PAGES:
        url = pattern.format(lang=lang, id=procedure_id, month=site.months[-1])
        phone.goto(url)
        phone.wait_for_load_state("networkidle")  # the icon too, before moving on
        violations = axe_violations(phone)
        if violations:
            problems.append(f"{url}: {describe(violations)}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            problems.append(f"{url}: {width} px wide")
    assert not problems, "\n".join(problems)


def test_a_draft_its_diff_history_and_a_refused_stale_save_pass_axe(page, site):
    _log_in(page, site, "vi")
    procedure_id = _procedure_id(page, site, "vi")
    edit = f"/vi/staff/procedures/{procedure_id}/edit"
    page.goto(edit)
    other = page.context.browser.new_context(base_url=site.url).new_page()
    _log_in(other, site, "vi")
    other.goto(edit)
    page.locator("#fee_vi").fill("Lệ phí mới: 30.000 đồng")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("main")).to_contain_text("Thay đổi chờ công bố")
    assert not axe_violations(page), describe(axe_violations(page))

    # The second person's form is now stale: saving it is refused, with both changes shown.
    other.locator("#steps_vi").fill("Nộp hồ sơ trực tuyến")
    other.get_by_role("button", name="Lưu bản nháp").click()
    expect(other.locator(".conflict")).to_contain_text("Thay đổi của bạn chưa được lưu")
    expect(other.locator(".conflict")).to_contain_text("Lệ phí mới: 30.000 đồng")
    assert not axe_violations(other), describe(axe_violations(other))
    other.context.close()

    page.goto(f"/vi/staff/procedures/{procedure_id}/history")
    page.get_by_role("link", name=re.compile("Xem thay đổi")).first.click()
    expect(page.locator("table.diff")).to_contain_text("30.000 đồng")
    assert not axe_violations(page), describe(axe_violations(page))
