"""Every public page and API address, in both languages, as a multiple of /healthz.

One realistic site is built once: the demo province (``portal.demo.write_demo_csvs``) with
2,000 procedures, its agencies, dossiers, timelines and ratings, all through the real
importers, and its complete months published. Each address is then timed in turns with
``GET /healthz`` in the same process (a busy moment of the shared machine lands on both).
The aims are checked on the CPU-time ratio: on a loaded two-core machine a long request is
interrupted far more often than /healthz is, which inflates the wall-clock ratio; both are
printed.

The aims (issue 15): every page and API answer at most 5 × /healthz, search included, and a
search nobody asked before too (it is a public page like any other); only what the first
visitor after a publication waits for, a statistics page (or the late list drawn from the
same figures) rendered afresh, at most 15 ×. ``BENCH_PAGES_DOSSIERS`` changes the volume
(default 20,000), ``BENCH_PAGES_REPEAT`` how many times each address is timed (default 40).
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from .common import aim, make_app, report, scratch

DOSSIERS = int(os.environ.get("BENCH_PAGES_DOSSIERS", 20_000))
REPEAT = int(os.environ.get("BENCH_PAGES_REPEAT", 40))
PROCEDURES = 2000
MONTHS = 6
AIM_X = 5.0
AIM_FIRST_VIEW_X = 15.0
SECRET = "bench-pages"

QUERIES = ["giay phep xay dung", "dang ky khai sinh", "ĐĂNG KÝ KẾT HÔN", "ho kinh doanh"]
# Words put together into queries nobody asked before (each timed request is a new one).
WORDS = "cap giay phep dang ky dat dai xay dung ho tich kinh doanh thue bao hiem".split()


def load(app, directory: Path) -> dict:
    """Import the demo site and publish its complete months; returns what the addresses need."""
    from sqlalchemy import func, select

    from portal.cli import init_db
    from portal.demo import write_demo_csvs
    from portal.extensions import db
    from portal.imports import import_kinds, run_import
    from portal.models import Agency, Dossier, Procedure
    from portal.stats.publish import publish_months

    start = time.perf_counter()
    files = write_demo_csvs(directory, dossiers=DOSSIERS, months=MONTHS, procedures=PROCEDURES)
    with app.app_context():
        init_db()
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers", "events", "ratings"):
            with open(files[kind], "rb") as stream:
                run_import(kinds[kind](db.session), stream)
        months = files.summary.months[-MONTHS:]
        publish_months(months, "bench")
        busiest = db.session.execute(
            select(Procedure.code, Agency.code)
            .join(Dossier, Dossier.procedure_id == Procedure.id)
            .join(Agency, Agency.id == Dossier.agency_id)
            .group_by(Procedure.code, Agency.code)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    with open(files["dossiers"], encoding="utf-8") as stream:
        samples = [(r["code"], r["verifier"]) for r in csv.DictReader(stream) if r["verifier"]]
    print(
        f"  (loaded {files.summary.dossiers:,} dossiers, {PROCEDURES:,} procedures and "
        f"published {len(months)} months in {time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    return {
        "months": months,
        "procedure": busiest[0],
        "agency": busiest[1],
        "samples": samples[:200],
    }


def interleaved(client, request: Callable[[int], object], repeat: int) -> tuple[float, ...]:
    """Median ms of request(i) and its ratios to GET /healthz, the two timed in turns.

    Returns (ms, wall-clock ratio, CPU-time ratio): the machine is shared, and the process's
    own CPU time is what other processes' load disturbs least.
    """
    health, target, health_cpu, target_cpu = [], [], [], []
    for i in range(2):
        client.get("/healthz"), request(-1 - i)
    for i in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get("/healthz")
        middle, middle_cpu = time.perf_counter(), time.process_time()
        request(i)
        health.append(middle - start)
        target.append(time.perf_counter() - middle)
        health_cpu.append(middle_cpu - start_cpu)
        target_cpu.append(time.process_time() - middle_cpu)
    median = statistics.median(target) * 1000
    return (
        median,
        median / (statistics.median(health) * 1000),
        statistics.median(target_cpu) / statistics.median(health_cpu),
    )


def getter(client, urls: list[str], fresh: bool = False) -> Callable[[int], object]:
    """A request cycling through urls; ``fresh`` makes each one an address never asked."""

    def one(i: int):
        url = urls[i % len(urls)]
        if fresh:
            url = f"{url}{'&' if '?' in url else '?'}v={i + 10}"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return one


def unseen_searches(client, lang: str, offset: int, api: bool = False) -> Callable:
    """A search nobody asked before on each call: two or three words of WORDS (each caller
    takes its own ``offset`` into the list, so that no query is asked twice)."""
    combos = [" ".join(c) for n in (2, 3) for c in itertools.combinations(WORDS, n)]
    random.Random(15).shuffle(combos)

    def one(i: int):
        q = combos[(offset + i) % len(combos)]
        url = f"/api/v1/procedures?q={q}" if api else f"/{lang}/procedures?q={q}"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return one


def poster(client, url: str, samples: list[tuple[str, str]], api: bool) -> Callable:
    def one(i: int):
        code, verifier = samples[i % len(samples)]
        if api:
            response = client.post(url, json={"code": code, "verifier": verifier})
        else:
            response = client.post(url, data={"code": code, "verifier": verifier})
        assert response.status_code == 200, (url, response.status_code)

    return one


def pages(site: dict, lang: str) -> dict[str, list[str]]:
    """The public HTML pages (and feeds) of one language, by name."""
    months = site["months"]
    period, last = f"{months[0]}..{months[-1]}", months[-1]
    procedure, agency = site["procedure"], site["agency"]
    return {
        "home": [f"/{lang}/"],
        "catalogue": [f"/{lang}/procedures", f"/{lang}/procedures?page=7"],
        "search": [f"/{lang}/procedures?q={q}" for q in QUERIES]
        + [f"/{lang}/procedures?q=giay phep&level=district&online=full"],
        "procedure": [f"/{lang}/procedures/{procedure}"],
        "changes": [f"/{lang}/procedures/changes"],
        "changes_feed": [f"/{lang}/procedures/changes.atom"],
        "agency": [f"/{lang}/agencies/{agency}"],
        "offices": [f"/{lang}/offices"],
        "stats_index": [f"/{lang}/stats"],
        "stats": [f"/{lang}/stats/{period}", f"/{lang}/stats/{last}?level=commune"],
        "stats_feed": [f"/{lang}/stats/feed.atom"],
        "late": [f"/{lang}/late-agencies", f"/{lang}/late-agencies/{period}"],
        "corrections": [f"/{lang}/stats/corrections"],
        "lookup_form": [f"/{lang}/lookup"],
    }


def api(site: dict) -> dict[str, list[str]]:
    months = site["months"]
    period = f"{months[0]}..{months[-1]}"
    return {
        "api_search": [f"/api/v1/procedures?q={q}" for q in QUERIES],
        "api_procedure": [f"/api/v1/procedures/{site['procedure']}"],
        "api_agencies": ["/api/v1/agencies", f"/api/v1/agencies/{site['agency']}"],
        "api_stats": [f"/api/v1/stats/{period}", f"/api/v1/stats/{months[-1]}?level=district"],
        "api_late": [f"/api/v1/late-agencies/{period}"],
        "api_periods": ["/api/v1/periods"],
        "openapi": ["/api/v1/openapi.json"],
    }


def measure(results: dict, name: str, request: Callable, target: float) -> None:
    median, ratio, cpu = interleaved(results["_client"], request, REPEAT)
    report(results, f"pages_{name}_median_ms", median, "ms")
    report(results, f"pages_{name}_x_healthz", ratio, "× /healthz")
    aim(results, f"pages {name} CPU × /healthz", cpu, target, "×")


def main(results: dict) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY=SECRET)
    site = load(app, scratch("bench-pages-"))
    client = results["_client"] = app.test_client()
    try:
        for lang in ("vi", "en"):
            for name, urls in pages(site, lang).items():
                measure(results, f"{name} ({lang})", getter(client, urls), AIM_X)
            for name in ("stats", "late"):
                urls = pages(site, lang)[name]
                measure(
                    results,
                    f"{name} first view ({lang})",
                    getter(client, urls, True),
                    AIM_FIRST_VIEW_X,
                )
            measure(
                results,
                f"search unseen ({lang})",
                unseen_searches(client, lang, 120 * (lang == "en")),
                AIM_X,
            )
            lookup = poster(client, f"/{lang}/lookup", site["samples"], api=False)
            measure(results, f"lookup POST ({lang})", lookup, AIM_X)
        for name, urls in api(site).items():
            measure(results, name, getter(client, urls), AIM_X)
        measure(results, "api_search unseen", unseen_searches(client, "", 240, api=True), AIM_X)
        lookup = poster(client, "/api/v1/lookup", site["samples"], api=True)
        measure(results, "api_lookup POST", lookup, AIM_X)
    finally:
        results.pop("_client", None)
