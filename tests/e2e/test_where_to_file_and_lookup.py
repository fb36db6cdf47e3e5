"""The pages issue 13 changed — a commune procedure (where to file), the one-stop desks, and a
look-up result with an apology and its QR code — at 390 and 1280 px, in both languages: no
axe violations, no sideways scrolling, and a screenshot of each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import axe_violations, describe, new_page, screenshot

VIEWPORTS = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 800}}


def open_commune_procedure(page, site, lang):
    code = next(p["code"] for p in site.procedures if p["level"] == "commune")
    page.goto(f"/{lang}/procedures/{code}")
    expect(page.locator("#how-to-file")).to_be_visible()
    expect(page.locator(f"a[href='/{lang}/offices?level=commune']")).to_be_visible()


def open_offices(page, site, lang):
    page.goto(f"/{lang}/offices")
    expect(page.locator(".desks li").first).to_be_visible()


def open_lookup_apology(page, site, lang):
    dossier = next(
        (s for s in site.samples if s.get("apology")),
        next((s for s in site.samples if s.get("overdue")), site.sample("processing")),
    )
    page.goto(f"/{lang}/lookup?code={dossier['code']}")
    page.locator("#verifier").fill(dossier["verifier"])
    page.locator("main form.lookup-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(dossier["code"])
    qr = page.locator(".qr-phone img.qr")
    expect(qr).to_be_visible()
    page.wait_for_load_state("load")  # images included: a busy machine may still be drawing it
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code is drawn"
    if dossier.get("apology"):
        expect(page.locator(".apology")).to_be_visible()
        expect(page.locator(".timeline .step-apology")).to_be_visible()


PAGES = {
    "procedure-commune": open_commune_procedure,
    "offices": open_offices,
    "lookup-apology": open_lookup_apology,
}


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_changed_page_is_accessible_and_fits_the_screen(browser, site, name, lang, width):
    context, page = new_page(browser, site.url, VIEWPORTS[width])
    try:
        PAGES[name](page, site, lang)
        violations = axe_violations(page)
        assert not violations, f"{page.url}\n{describe(violations)}"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways ({scroll_width} px)"
        screenshot(page, f"{name}-{lang}-{width}")
        assert not page.problems.errors, page.problems.errors
    finally:
        context.close()
