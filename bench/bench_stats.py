"""Statistics at a province's volume: 600,000 dossiers over nine months and three levels.

Loads the demo province (``portal.demo.write_demo_csvs``) through the real importers, then
measures the rollup refresh, publishing nine months, and the statistics API (JSON, CSV, late
list) as multiples of /healthz. ``BENCH_STATS_DOSSIERS`` changes the volume.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.imports import run_import
from portal.models import Dossier, MonthlyFigure

from .common import make_app, report, request_ratio, scratch

DOSSIERS = int(os.environ.get("BENCH_STATS_DOSSIERS", 600_000))
MONTHS = 9


def load(app, directory: Path) -> list[str]:
    """Write and import the demo CSV files; returns the complete months generated."""
    from portal.cli import init_db
    from portal.demo import write_demo_csvs
    from portal.imports import import_kinds

    start = time.perf_counter()
    files = write_demo_csvs(directory, dossiers=DOSSIERS, months=MONTHS, events=False)
    print(
        f"  (wrote {files.summary.dossiers:,} dossiers in {time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    with app.app_context():
        init_db()
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers", "ratings"):
            if kind not in files or kind not in kinds:
                raise SystemExit(f"bench_stats: cannot import {kind} (importer missing)")
            start = time.perf_counter()
            with open(files[kind], "rb") as stream:
                result = run_import(kinds[kind](db.session), stream)
            print(
                f"  (imported {kind}: {result.summary} in {time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    return files.summary.months


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main(results: dict) -> None:
    from portal.stats import rollup
    from portal.stats.publish import publish_months

    app = make_app()
    months = load(app, scratch("bench-stats-"))[-MONTHS:]
    period = f"{months[0]}..{months[-1]}"
    with app.app_context():
        report(
            results, "stats_dossiers", db.session.scalar(select(func.count()).select_from(Dossier))
        )

        def refresh_nothing_changed():
            rollup.refresh(db.session, "all")
            db.session.commit()

        def refresh_from_empty():
            db.session.execute(delete(MonthlyFigure))
            rollup.refresh(db.session, "all")
            db.session.commit()

        report(results, "stats_rollup_refresh_s", timed(refresh_nothing_changed), "s")
        report(results, "stats_rollup_rebuild_s", timed(refresh_from_empty), "s")
        report(
            results,
            "stats_rollup_rows",
            db.session.scalar(select(func.count()).select_from(MonthlyFigure)),
        )
        report(
            results, "stats_publish_9_months_s", timed(lambda: publish_months(months, "bench")), "s"
        )
        report(
            results,
            "stats_republish_9_months_unchanged_s",
            timed(lambda: publish_months(months, "bench again")),
            "s",
        )

    client = app.test_client()
    json_urls = [
        f"/api/v1/stats/{period}",
        f"/api/v1/stats/{period}?level=province",
        f"/api/v1/stats/{period}?level=district",
        f"/api/v1/stats/{period}?level=commune",
        f"/api/v1/stats/{months[-1]}",
    ]
    start = time.perf_counter()  # the first request after publishing builds the report
    first = client.get(json_urls[0])
    report(results, "stats_api_first_after_publish_ms", (time.perf_counter() - start) * 1000, "ms")
    for response in [first, *map(client.get, json_urls)]:
        assert response.status_code == 200, response.get_data(as_text=True)[:200]
    median, ratio = request_ratio(client, json_urls, repeat=100)
    report(results, "stats_api_median_ms", median, "ms")
    report(results, "stats_api_x_healthz", ratio, "× /healthz")
    median, ratio = request_ratio(client, [f"/api/v1/stats/{period}.csv"], repeat=50)
    report(results, "stats_api_csv_median_ms", median, "ms")
    report(results, "stats_api_csv_x_healthz", ratio, "× /healthz")
    late_urls = [
        f"/api/v1/late-agencies/{period}",
        f"/api/v1/late-agencies/{months[-1]}",
        f"/api/v1/late-agencies/{period}?level=commune",
    ]
    median, ratio = request_ratio(client, late_urls, repeat=100)
    report(results, "stats_late_api_median_ms", median, "ms")
    report(results, "stats_late_api_x_healthz", ratio, "× /healthz")
