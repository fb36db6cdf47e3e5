"""Figures as today's units and an agency's page, in a real browser: axe-core finds nothing
to fix at WCAG 2.2 AA, on a desktop and at 360 px without sideways scrolling."""

from __future__ import annotations

import pytest

from .support import axe_violations, describe


def merged_unit(page) -> str:
    """A current unit that took over others' work, as the agencies API tells (else any)."""
    items = page.request.get("/api/v1/agencies").json()["items"]
    successors = {i["successor_code"] for i in items if i.get("successor_code")}
    current = [i["code"] for i in items if i["code"] in successors and not i["successor_code"]]
    return (current or [i["code"] for i in items])[0]


def open_agency(page, site, lang):
    page.goto(f"/{lang}/agencies/{merged_unit(page)}")


def open_stats_month_current(page, site, lang):
    page.goto(f"/{lang}/stats/{site.months[-1]}?units=current")


def open_stats_range_current_by_level(page, site, lang):
    period = f"{site.months[0]}..{site.months[-1]}"
    page.goto(f"/{lang}/stats/{period}?units=current&level=commune&sort=late_pct&dir=desc")


def open_late_current(page, site, lang):
    page.goto(f"/{lang}/late-agencies/{site.months[-1]}?units=current")


PAGES = [
    open_agency,
    open_stats_month_current,
    open_stats_range_current_by_level,
    open_late_current,
]


def check(page, width: int | None = None) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"
    if width:
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"{page.url} scrolls sideways at {width} px ({scrolled} px)"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("open_page", PAGES, ids=[f.__name__[5:] for f in PAGES])
def test_the_page_has_no_accessibility_violations(page, site, lang, open_page):
    open_page(page, site, lang)
    check(page)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("open_page", PAGES, ids=[f.__name__[5:] for f in PAGES])
def test_the_page_fits_a_phone(phone, site, lang, open_page):
    open_page(phone, site, lang)
    check(phone, 360)


def test_a_visitor_switches_to_todays_units_and_back_keeping_the_level(page, site):
    page.goto(f"/en/stats/{site.months[-1]}?level=commune")
    page.get_by_role("link", name="As today’s units").click()
    page.wait_for_load_state()
    assert "units=current" in page.url and "level=commune" in page.url
    assert page.locator('.units-choice a[aria-current="true"]').inner_text() == "As today’s units"
    page.locator("#filter-level").select_option("province")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state()
    assert "units=current" in page.url and "level=province" in page.url
    page.get_by_role("link", name="As the units were then").click()
    page.wait_for_load_state()
    assert "units=" not in page.url and "level=province" in page.url
