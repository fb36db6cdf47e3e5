"""End-to-end fixtures: the portal under gunicorn on a free local port, and Debian's Chromium.

The site runs on its own SQLite database in a temporary folder, loaded with a small demo
province through the real importers (its past months published) and one admin account.
Every test in this folder is marked ``browser``. Without ``/usr/bin/chromium`` they are
skipped, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.serve import free_port, load_demo, start_server, stop_server, wait_until_up

from .support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, new_page

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    skip = not Path(CHROMIUM).exists() and not os.environ.get("CI")
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(pytest.mark.skip(reason=f"no browser at {CHROMIUM}"))


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The portal served by gunicorn on a demo database, for the whole browser run."""
    folder = tmp_path_factory.mktemp("e2e-site")
    demo = load_demo(f"sqlite:///{folder / 'portal.sqlite3'}", folder)
    port = free_port()
    process = start_server(demo.database_url, folder, port)
    demo.url = f"http://127.0.0.1:{port}"
    demo.folder = folder
    try:
        wait_until_up(demo.url, process)
    except RuntimeError:
        stop_server(process)
        print((folder / "server.log").read_text(errors="replace")[-4000:], file=sys.stderr)
        raise
    yield demo
    stop_server(process)
    log = (folder / "server.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"the browser tests need Chromium: {CHROMIUM} is missing (apt-get install -y chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _page(browser, site, viewport):
    context, page = new_page(browser, site.url, viewport)
    yield page
    problems = page.problems.errors
    context.close()
    assert not problems, f"the browser reported: {problems}"


@pytest.fixture
def page(browser, site):
    """A fresh desktop-sized tab with its own cookies; the test fails on console errors."""
    yield from _page(browser, site, DESKTOP)


@pytest.fixture
def phone(browser, site):
    """A fresh 360 px wide tab, like a small phone."""
    yield from _page(browser, site, PHONE)
