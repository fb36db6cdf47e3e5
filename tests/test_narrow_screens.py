"""Pages that fit a phone: filters folded away, wide tables read as labelled rows."""

import re

import pytest

from .conftest import parse_page


def _filter_panel(html: str) -> str:
    found = re.search(r"<details class=\"filter-panel\"[^>]*>.*?</details>", html, re.S)
    assert found, "the catalogue's filters sit in a disclosure"
    return found.group(0)


@pytest.mark.parametrize("lang, summary", [("vi", "Lọc"), ("en", "Filter")])
def test_catalogue_filters_fold_behind_a_disclosure_closed_by_default(
    client, catalogue, lang, summary
):
    page = client.get(f"/{lang}/procedures", query_string={"q": "khai sinh"})
    parse_page(page)
    panel = _filter_panel(page.get_data(as_text=True))
    assert f"<summary>{summary}</summary>" in panel
    assert " open" not in panel.split(">")[0]
    assert 'name="agency"' in panel and 'name="level"' in panel and 'name="online"' in panel


def test_catalogue_filters_stay_open_and_say_how_many_are_in_use(client, catalogue):
    html = client.get("/vi/procedures?level=province&online=full").get_data(as_text=True)
    panel = _filter_panel(html)
    assert panel.startswith('<details class="filter-panel" open>')
    assert "Lọc (2 đang dùng)" in panel
    english = client.get("/en/procedures?level=province").get_data(as_text=True)
    assert "Filter (1 in use)" in _filter_panel(english)


def test_the_search_box_and_its_button_come_before_the_filters(client, catalogue):
    html = client.get("/vi/procedures").get_data(as_text=True)
    assert html.index('id="q"') < html.index('type="submit"') < html.index("filter-panel")
