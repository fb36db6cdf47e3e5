"""`make bench BENCH=demo`: how fast the demo generator writes and `seed-demo` loads."""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from portal.demo import seed_demo, write_demo_csvs

from .common import make_app, report


def main(results: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="portal-demo-bench-") as folder:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        files = write_demo_csvs(Path(folder), dossiers=600_000, events=False)
        seconds = time.perf_counter() - start
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        report(results, "demo: write 600,000 dossiers, no events (s)", round(seconds, 2), "s")
        report(
            results, "demo: peak memory growth while writing (MiB)", round(grown / 1024, 1), "MiB"
        )
        report(
            results,
            "demo: dossiers.csv size (MiB)",
            round(files["dossiers"].stat().st_size / 2**20, 1),
            "MiB",
        )

    app = make_app()
    with app.app_context():
        from portal.cli import init_db

        init_db()
        start = time.perf_counter()
        seed_demo(echo=lambda line: None)
        report(
            results,
            "demo: seed-demo at its default size (s)",
            round(time.perf_counter() - start, 2),
            "s",
        )
