"""Shared measuring tools for `make bench`: timing in-process requests against /healthz."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from portal import create_app

OUT = Path(__file__).parent / "out"


def scratch(prefix: str) -> Path:
    """A new temporary folder, removed with everything in it when the benchmark ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def make_app(database_url: str | None = None, **config):
    """An app on a fresh database (SQLite in a temporary folder unless a URL is given)."""
    instance = scratch("portal-bench-")
    url = (
        database_url
        or os.environ.get("BENCH_DATABASE_URL")
        or (f"sqlite:///{instance}/bench.sqlite3")
    )
    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": instance,
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "bench",
    }
    settings.update(config)
    return create_app(settings)


def time_call(func: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of `repeat` calls, after two warm-up calls."""
    func(), func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def request_ratio(
    client, urls: list[str], repeat: int = 50, method: str = "get", **kwargs
) -> tuple[float, float]:
    """Median time of requests over urls, and its ratio to GET /healthz in the same process."""
    health = median_ms(time_call(lambda: client.get("/healthz"), repeat))
    index = {"i": 0}

    def one():
        url = urls[index["i"] % len(urls)]
        index["i"] += 1
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code < 500, (url, response.status_code)

    median = median_ms(time_call(one, repeat))
    return median, median / health


def cpu_ratio(client, urls: list[str], repeat: int = 50) -> tuple[float, float]:
    """Median process CPU time of requests over urls (ms), and its ratio to GET /healthz.

    CPU time, unlike wall-clock time, does not grow while other processes hold the cores.
    """

    def cpu_times(paths: list[str]) -> list[float]:
        for path in paths[:2]:
            client.get(path)
        times = []
        for i in range(repeat):
            start = time.process_time()
            client.get(paths[i % len(paths)])
            times.append(time.process_time() - start)
        return times

    health = median_ms(cpu_times(["/healthz"]))
    median = median_ms(cpu_times(urls))
    return median, median / health if health else float("nan")


def aim(
    results: dict, name: str, measure: float, target: float, unit: str = "", at_most: bool = True
) -> bool:
    """Print an aim beside its measure, say MET or NOT MET, and keep it for the summary table.

    `bench.run` prints every aim of the run at the end and saves them as a Markdown table
    (bench/out/aims.md) for the README's benchmark section.
    """
    met = measure <= target if at_most else measure >= target
    sign = "≤" if at_most else "≥"
    verdict = "MET" if met else "NOT MET"
    shown = f"{measure:,.2f}{unit}"
    print(f"  aim {name}: {shown} {sign} {target:g}{unit}: {verdict}", flush=True)
    results.setdefault("aims", []).append(
        {"aim": name, "measure": shown, "target": f"{sign} {target:g}{unit}", "verdict": verdict}
    )
    return met


def report(results: dict, name: str, value, unit: str = "") -> None:
    results[name] = value
    shown = (
        f"{value:,.2f}"
        if isinstance(value, float)
        else f"{value:,}"
        if isinstance(value, int)
        else str(value)
    )
    print(f"  {name:<55} {shown} {unit}".rstrip(), flush=True)
