"""Every public page in both languages passes axe-core at WCAG 2.2 AA; keyboard-only use works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .support import axe_violations, describe
from .test_staff_pages import _log_in as log_in


def _submit_lookup(page, lang: str, code: str, verifier: str) -> None:
    page.goto(f"/{lang}/lookup")
    page.locator("#code").fill(code)
    page.locator("#verifier").fill(verifier)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def open_home(page, site, lang):
    page.goto(f"/{lang}/")


def open_catalogue(page, site, lang):
    page.goto(f"/{lang}/procedures")


def open_catalogue_search(page, site, lang):
    page.goto(f"/{lang}/procedures?q=giay+phep&level=province&online=any&page=2")


def open_catalogue_no_results(page, site, lang):
    page.goto(f"/{lang}/procedures?q=zzzzqqqq")


def open_procedure(page, site, lang):
    page.goto(f"/{lang}/procedures/{site.procedures[0]['code']}")


def open_lookup_form(page, site, lang):
    page.goto(f"/{lang}/lookup")


def open_lookup_invalid(page, site, lang):
    _submit_lookup(page, lang, "<b>", "12")
    page.problems.ignore("status of 400")


def open_lookup_result(page, site, lang):
    dossier = site.sample("resolved", "returned")
    _submit_lookup(page, lang, dossier["code"], dossier["verifier"])
    expect(page.locator("h1")).to_contain_text(dossier["code"])


def open_lookup_overdue(page, site, lang):
    dossier = next((s for s in site.samples if s.get("overdue")), site.sample("processing"))
    _submit_lookup(page, lang, dossier["code"], dossier["verifier"])
    expect(page.locator("h1")).to_contain_text(dossier["code"])


def open_lookup_not_found(page, site, lang):
    _submit_lookup(page, lang, "NO-SUCH-DOSSIER", "1234")
    expect(page.get_by_role("alert")).to_be_visible()
    page.problems.ignore("status of 404")


def open_stats_index(page, site, lang):
    page.goto(f"/{lang}/stats")


def open_stats_month(page, site, lang):
    page.goto(f"/{lang}/stats/{site.months[-1]}")


def open_stats_quarter_filtered(page, site, lang):
    year = site.months[-1][:4]
    quarters = [f"{year}-Q{q}" for q in range(1, 5) if f"{year}-{3 * q:02d}" in site.months]
    period = quarters[-1] if quarters else site.months[-1]
    page.goto(f"/{lang}/stats/{period}?level=district")


def open_stats_bad_period(page, site, lang):
    page.goto(f"/{lang}/stats/2022-13")
    page.problems.ignore("status of 400")


def open_late_agencies(page, site, lang):
    page.goto(f"/{lang}/late-agencies")


def open_late_agencies_period(page, site, lang):
    page.goto(f"/{lang}/late-agencies/{site.months[-2]}")


def open_catalogue_all_units(page, site, lang):
    page.goto(f"/{lang}/procedures?active=all")


def open_agency_merged(page, site, lang):
    page.goto(f"/{lang}/agencies/QT.X07")  # phường Đồng Hới: four units merged into it


def open_agency_ended(page, site, lang):
    page.goto(f"/{lang}/agencies/QTC.SKHDT")  # merged in March 2025, then into the new province


def open_procedure_of_an_ended_unit(page, site, lang):
    page.goto(f"/{lang}/procedures?active=all&level=district")
    page.locator("ol.results h3 a").first.click()
    page.wait_for_load_state()


def open_error_404(page, site, lang):
    page.goto(f"/{lang}/no-such-page")
    page.problems.ignore("status of 404")


def open_staff_login(page, site, lang):
    page.goto(f"/{lang}/staff/login")


def open_staff_login_failed(page, site, lang):
    page.goto(f"/{lang}/staff/login")
    page.locator("#email").fill("nobody@example.vn")
    page.locator("#password").fill("wrong password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.problems.ignore("status of 422")


PAGES = [
    open_home,
    open_catalogue,
    open_catalogue_search,
    open_catalogue_no_results,
    open_procedure,
    open_lookup_form,
    open_lookup_invalid,
    open_lookup_result,
    open_lookup_overdue,
    open_lookup_not_found,
    open_stats_index,
    open_stats_month,
    open_stats_quarter_filtered,
    open_stats_bad_period,
    open_late_agencies,
    open_late_agencies_period,
    open_catalogue_all_units,
    open_agency_merged,
    open_agency_ended,
    open_procedure_of_an_ended_unit,
    open_error_404,
    open_staff_login,
    open_staff_login_failed,
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("open_page", PAGES, ids=[f.__name__[5:] for f in PAGES])
def test_the_page_has_no_accessibility_violations(page, site, lang, open_page):
    open_page(page, site, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


@pytest.mark.parametrize(
    "open_page",
    [
        open_home,
        open_catalogue_search,
        open_lookup_result,
        open_stats_month,
        open_late_agencies,
        open_agency_merged,
        open_agency_ended,
    ],
    ids=[
        "home",
        "catalogue_search",
        "lookup_result",
        "stats_month",
        "late_agencies",
        "agency_merged",
        "agency_ended",
    ],
)
def test_the_page_has_no_accessibility_violations_on_a_phone(phone, site, open_page):
    open_page(phone, site, "vi")
    violations = axe_violations(phone)
    assert not violations, f"{phone.url}\n{describe(violations)}"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"


def focused(page) -> dict:
    """What has the keyboard focus, and whether a focus indicator is drawn around it."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== 'none';
        return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
                text: (el.innerText || el.value || '').trim().slice(0, 80),
                href: el.getAttribute('href'), visible: outline || shadow};
    }""")


def tab_to(page, matches, limit: int = 40) -> dict:
    """Press Tab until the focused element matches; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["visible"], f"no visible focus on {now}"
        if matches(now):
            return now
    raise AssertionError("never reached the element by Tab")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/vi/procedures")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#main" and first["visible"], first
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside, "after the skip link, Tab goes on inside the main content"


def test_a_keyboard_user_searches_and_opens_a_procedure(page):
    page.goto("/vi/")
    tab_to(page, lambda el: el["id"] == "q")
    page.keyboard.type("khai sinh")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=khai\+sinh"))
    link = tab_to(
        page,
        lambda el: el["tag"] == "a" and (el["href"] or "").startswith("/vi/procedures/"),
        limit=80,
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(link["href"]) + "$"))
    expect(page.locator("h1")).to_have_text(link["text"])


def test_a_keyboard_user_looks_up_a_dossier(page, site):
    dossier = site.sample("processing", "received")
    page.goto("/en/")
    tab_to(page, lambda el: el["href"] == "/en/lookup")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/lookup$"))
    tab_to(page, lambda el: el["id"] == "code")
    page.keyboard.type(dossier["code"])
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "verifier"
    page.keyboard.type("99")
    page.keyboard.press("Enter")  # too short: the form says so and keeps the code
    expect(page.locator(".error-summary")).to_be_visible()
    page.problems.ignore("status of 400")
    tab_to(page, lambda el: el["id"] == "verifier")
    page.keyboard.type(dossier["verifier"])
    tab_to(page, lambda el: el["tag"] == "button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(dossier["code"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_staff_pages_have_no_accessibility_violations(page, site, lang):
    log_in(page, site, lang)  # password, then the admin's two-step code
    found = []
    for path in (
        "",
        "procedures",
        "procedures/1",
        "procedures/1/edit",
        "procedures/1/history",
        "agencies",
        "imports",
        "publishing",
        "searches",
        "accounts",
        "audit",
        "my-account",
        "explanations",
        "alerts",
        "dictionary",
    ):
        page.goto(f"/{lang}/staff/{path}")
        violations = axe_violations(page)
        if violations:
            found.append(f"{page.url}\n{describe(violations)}")
    assert not found, "\n".join(found)
