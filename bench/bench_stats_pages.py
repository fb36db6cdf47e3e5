"""Statistics pages at a province's volume: the period page and the late list, as multiples
of /healthz, over 600,000 dossiers in nine months and three levels.

The data is the statistics benchmark's (``bench.bench_stats.load``: the demo province through
the real importers); ``BENCH_STATS_DOSSIERS`` changes the volume for both. Pages are kept
rendered until the next publication, so the repeated requests measure that; the ``first_view``
figures give each request a new address (an ignored query parameter), so every one renders
the page afresh from the published figures.
"""

from __future__ import annotations

import time

from .common import make_app, report, request_ratio, scratch


def fresh(urls: list[str], count: int) -> list[str]:
    """count addresses cycling through urls, each one never asked before."""
    return [f"{u}{'&' if '?' in u else '?'}v={i}" for i in range(count) for u in urls][:count]


def main(results: dict) -> None:
    from portal.stats.publish import publish_months

    from .bench_stats import MONTHS, load

    app = make_app()
    months = load(app, scratch("bench-stats-pages-"))[-MONTHS:]
    with app.app_context():
        start = time.perf_counter()
        publish_months(months, "bench")
        print(
            f"  (published {len(months)} months in {time.perf_counter() - start:.0f} s)", flush=True
        )
    period, last = f"{months[0]}..{months[-1]}", months[-1]
    client = app.test_client()

    pages = [
        f"/vi/stats/{period}",
        f"/en/stats/{period}?level=district",
        f"/vi/stats/{last}",
        f"/en/stats/{last}?level=commune&sort=late_pct&dir=desc",
    ]
    late = [
        "/vi/late-agencies",
        f"/en/late-agencies/{period}",
        f"/vi/late-agencies/{last}?level=commune",
    ]
    for url in pages + late + ["/vi/stats", "/en/stats/feed.atom"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    report(results, "stats_page_bytes", len(client.get(pages[0]).data), "bytes")

    for name, urls in (
        ("stats_page", pages),
        ("late_page", late),
        ("stats_index", ["/vi/stats", "/en/stats"]),
    ):
        median, ratio = request_ratio(client, urls, repeat=60)
        report(results, f"{name}_median_ms", median, "ms")
        report(results, f"{name}_x_healthz", ratio, "× /healthz")
        median, ratio = request_ratio(client, fresh(urls, 40), repeat=30)
        report(results, f"{name}_first_view_median_ms", median, "ms")
        report(results, f"{name}_first_view_x_healthz", ratio, "× /healthz")
