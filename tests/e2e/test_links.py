"""No dead ends: every link, form target, stylesheet and image the public pages point to
answers, in both languages (the served site, fetched as a crawler would)."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class Links(HTMLParser):
    """Every address a page refers to: links, GET form targets, stylesheets, images."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag in ("img", "script") and attrs.get("src"):
            self.found.append(attrs["src"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.found.append(attrs.get("action") or "")


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            kind = response.headers.get_content_type()
            body = response.read().decode("utf-8", "replace") if kind == "text/html" else ""
            return response.status, kind, body
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def test_every_address_the_public_pages_point_to_answers(site):
    month = site.months[-1]
    seeds = [
        "/vi/",
        "/en/",
        "/vi/procedures",
        "/en/procedures?q=khai+sinh",
        f"/vi/procedures/{site.procedures[0]['code']}",
        "/vi/lookup",
        "/en/lookup",
        "/vi/stats",
        "/en/stats",
        f"/vi/stats/{month}",
        f"/en/stats/{month}?level=commune",
        "/vi/late-agencies",
        f"/en/late-agencies/{month}",
        "/vi/staff/login",
    ]
    to_visit, seen, broken = list(seeds), set(seeds), []
    budget = 400  # two hops from the seeds, bounded
    while to_visit and budget:
        path = to_visit.pop(0)
        budget -= 1
        status, kind, body = fetch(site.url + path)
        if status >= 400:
            broken.append((path, status))
            continue
        if kind != "text/html" or "/staff/" in path and not path.endswith("/login"):
            continue
        parser = Links()
        parser.feed(body)
        for href in parser.found:
            address = urljoin(path, href)
            parts = urlsplit(address)
            if parts.scheme in ("mailto", "tel") or parts.netloc not in (
                "",
                urlsplit(site.url).netloc,
            ):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local and local not in seen:
                seen.add(local)
                to_visit.append(local)
    assert not broken, f"dead links: {broken}"
    assert len(seen) > 100
