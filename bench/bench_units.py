"""Figures counted as today's units cost what figures as recorded cost: 24 months of the demo.

Loads the demo province (its units through the 2025 reorganisation, when the demo has them)
through the real importers, publishes 24 months, then times the statistics page, the JSON
API and the late list with ``units=current`` against ``units=recorded``: answered from the
cache (as most requests are) and built afresh (every cache forgotten before each request, as
the first request after a publication). The aim: ``units=current`` within 1.5× of
``units=recorded``. ``BENCH_UNITS_DOSSIERS`` changes the volume (default 60,000).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .common import aim, make_app, median_ms, report, scratch

DOSSIERS = int(os.environ.get("BENCH_UNITS_DOSSIERS", 60_000))
MONTHS = 24
AIM = 1.5


def load(app, directory: Path) -> list[str]:
    """Write, import and publish the demo; returns the published months."""
    from portal.cli import init_db
    from portal.demo import write_demo_csvs
    from portal.extensions import db
    from portal.imports import import_kinds, run_import
    from portal.stats.publish import publish_months

    start = time.perf_counter()
    files = write_demo_csvs(directory, dossiers=DOSSIERS, months=MONTHS, events=False)
    with app.app_context():
        init_db()
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers", "ratings"):
            with open(files[kind], "rb") as stream:
                run_import(kinds[kind](db.session), stream)
        months = files.summary.months[-MONTHS:]
        publish_months(months, "bench")
    print(
        f"  (loaded and published {len(months)} months, {files.summary.dossiers:,} dossiers, "
        f"in {time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    return months


def timed_pair(client, urls: list[str], repeat: int, fresh: bool) -> tuple[float, float]:
    """Median ms of each address as recorded and as current units, the two taken in turns.

    Taking them in turns (after a warm-up of each) keeps a busy moment of the shared machine
    from landing on one side only. ``fresh``: every cache forgotten before each request.
    """
    from portal.stats import cache

    times: dict[str, list[float]] = {"recorded": [], "current": []}
    for i in range(repeat + 2):
        url = urls[i % len(urls)]
        for units in ("recorded", "current"):
            if fresh:
                cache.forget()
            start = time.perf_counter()
            response = client.get(with_units(url, units))
            if i >= 2:
                times[units].append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
    return median_ms(times["recorded"]), median_ms(times["current"])


def with_units(url: str, units: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}units={units}"


def compare(results: dict, client, name: str, urls: list[str], repeat: int, fresh: bool) -> None:
    """Time the addresses both ways and say whether units=current met the aim."""
    recorded, current = timed_pair(client, urls, repeat, fresh)
    ratio = current / recorded
    report(results, f"units_{name}_recorded_ms", recorded, "ms")
    report(results, f"units_{name}_current_ms", current, "ms")
    aim(results, f"units=current × recorded, {name}", ratio, AIM, "×")


def main(results: dict) -> None:
    app = make_app()
    months = load(app, scratch("bench-units-"))
    period, last = f"{months[0]}..{months[-1]}", months[-1]
    client = app.test_client()
    pages = [f"/vi/stats/{period}", f"/en/stats/{last}", f"/vi/stats/{last}?level=commune"]
    api = [f"/api/v1/stats/{period}", f"/api/v1/stats/{last}?level=province"]
    late = [f"/vi/late-agencies/{period}", f"/en/late-agencies/{last}"]
    for name, urls in (("stats_page", pages), ("stats_api", api), ("late_page", late)):
        compare(results, client, f"{name}_cached", urls, repeat=60, fresh=False)
        compare(results, client, f"{name}_built", urls, repeat=12, fresh=True)
