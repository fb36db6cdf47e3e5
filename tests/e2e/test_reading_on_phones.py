"""The pages journalists and citizens read on a phone: key figures in view, nothing hidden."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import axe_violations, describe, new_page, screenshot

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}

PAGES = {
    "late-list": "/{lang}/late-agencies?min=1",
    "stats-month": "/{lang}/stats",
    "corrections": "/{lang}/stats/corrections",
    "catalogue-search": "/{lang}/procedures?q=khai+sinh",
}


@pytest.fixture(params=[NARROW, WIDE], ids=["390px", "1280px"])
def tab(request, browser, site):
    context, page = new_page(browser, site.url, request.param)
    page.viewport = request.param
    yield page
    problems = page.problems.errors
    context.close()
    assert not problems, f"the browser reported: {problems}"


def _open(tab, name: str, lang: str) -> None:
    tab.goto(PAGES[name].format(lang=lang))
    if name == "stats-month":  # the latest month's own page, through the period picker
        tab.locator("#period-picker").select_option(index=0)
        tab.get_by_role("button", name="Xem kỳ này" if lang == "vi" else "Show this period").click()
        tab.wait_for_load_state()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_passes_axe_and_never_scrolls_sideways(tab, site, name, lang):
    _open(tab, name, lang)
    violations = axe_violations(tab)
    assert not violations, f"{tab.url}\n{describe(violations)}"
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= tab.viewport["width"], f"{tab.url} is {width} px wide"
    screenshot(tab, f"{name}-{lang}-{tab.viewport['width']}")


def test_the_late_lists_key_figures_are_in_view_on_a_phone(browser, site):
    context, page = new_page(browser, site.url, NARROW)
    page.goto("/vi/late-agencies?min=1")
    first = page.locator("table.late-table tbody tr").first
    for label in ("Tỷ lệ trễ hạn", "Đã giải quyết", "Giải quyết quá hạn"):
        cell = first.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], label
    context.close()


def test_the_first_search_result_shows_on_a_phones_first_screen(browser, site):
    context, page = new_page(browser, site.url, NARROW)
    page.goto("/vi/procedures?q=khai+sinh")
    expect(page.locator("details.filter-panel")).not_to_have_attribute("open", "")
    first = page.locator("ol.results li").first
    assert first.bounding_box()["y"] < NARROW["height"]
    page.get_by_text("Lọc", exact=True).click()
    expect(page.locator("#level")).to_be_visible()
    context.close()
