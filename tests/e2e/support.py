"""What the browser tests share: the browser's settings, screenshots, axe-core, CSV downloads."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# Kept out of the tree's tracked files; `make screenshots` points it at docs/screenshots.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "tests" / "artifacts" / "screenshots")
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


class PageProblems:
    """Console errors (CSP violations among them), script errors and failed requests."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", self._request_failed)

    def _request_failed(self, request) -> None:
        # Chromium fetches the tab's icon late and cancels it (ERR_ABORTED) when the next
        # page replaces this one: the browser's doing, not the site's.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/favicon.svg"):
            return
        self.errors.append(f"request failed: {request.url} {request.failure}")

    def ignore(self, fragment: str) -> None:
        """Forget errors containing fragment (e.g. the expected 404 of an error-page test)."""
        self.errors = [e for e in self.errors if fragment not in e]


def new_page(browser, base_url: str, viewport: dict, **options):
    """A new browser context (own cookies) and a tab in it, watched for problems."""
    context = browser.new_context(
        viewport=viewport, base_url=base_url, locale="vi-VN", accept_downloads=True, **options
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = PageProblems(page)
    return context, page


def screenshot(page, name: str) -> Path:
    """Save what the visitor sees (the viewport only) as NAME.png in SCREENSHOTS."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False, animations="disabled", caret="hide")
    return path


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page (WCAG 2.0/2.1/2.2 A and AA) and return its violations.

    The source is evaluated through the DevTools protocol, which the page's Content Security
    Policy (script-src 'self') does not apply to, so the page is checked as served.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                      html: n.html.slice(0, 200),
                                                      summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {n['summary']}\n      {n['html']}" for n in v["nodes"]]
    return "\n".join(lines)


def read_csv_download(download) -> list[dict]:
    """The rows of a downloaded CSV file (UTF-8, BOM allowed)."""
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
