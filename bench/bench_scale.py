"""Scale: the portal at 5,000,000 dossiers (issue 15), in one command.

``make bench BENCH=scale`` writes the demo province (``portal.demo.write_demo_csvs``, 24
months) as CSV files, then:

- imports the dossiers with ``flask import dossiers FILE`` in its own process, as staff do
  (wall time and peak RSS), beside a raw ``sqlite3`` + ``csv`` bulk insert of the same file
  run just before and just after (the ratio is to their mean); then the ratings, the same way;
  and, as the floor of any importer, SQLite alone copying the imported rows into the
  portal's empty dossier table (``INSERT ... SELECT``, no Python), as a multiple of the same;
- publishes the last 12 complete months (one ``publish_months`` call, as staff do);
- times the look-up (page and API), the statistics (page and API) and the late list (page
  and API) against ``GET /healthz``, alternately, in the same process (the look-up page's
  first request for each procedure of the day, which works out its processing times, is
  timed apart);
- imports a file of 1,000 changed dossiers (some resolved, some moved to another agency,
  some received a month earlier) and times the rollup refresh that import runs — counting
  the changed dossiers alone — beside a full recount of the rollup.

Every aim is printed with MET / NOT MET. ``BENCH_SCALE_DOSSIERS`` sets the size (default
5,000,000: about an hour on two cores and ~6 GB of temporary disk; 200,000 takes minutes).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from .bench_import import RAW_INSERT, ROOT, TABLE_ALONE, Run
from .bench_lookup import interleaved
from .common import aim, make_app, median_ms, report, scratch

DOSSIERS = int(os.environ.get("BENCH_SCALE_DOSSIERS", 5_000_000))
MONTHS = 24
CHANGED = 1_000
SECRET = "bench"
AIM_X_HEALTHZ = 5
AIM_IMPORT_X_RAW, AIM_IMPORT_X_RAW_HOPED = 3, 2
AIM_PEAK_MB = 500
AIM_PUBLISH_S = 30
AIM_REFRESH_S = 2


def _elapsed(start: float) -> str:
    return f"{time.perf_counter() - start:.0f} s"


def write_files(work: Path):
    from portal.demo import write_demo_csvs

    start = time.perf_counter()
    files = write_demo_csvs(work, dossiers=DOSSIERS, months=MONTHS, events=False)
    print(f"  (wrote {files.summary.dossiers:,} dossiers in {_elapsed(start)})", flush=True)
    return files


def catalogue_database(files, database: Path) -> None:
    """The portal's schema and the demo catalogue (agencies, procedures)."""
    from portal.cli import init_db
    from portal.extensions import db
    from portal.imports import import_kinds, run_import

    app = make_app(f"sqlite:///{database}", SECRET_KEY=SECRET)
    with app.app_context():
        init_db()
        for kind in ("agencies", "procedures"):
            with files[kind].open("rb") as stream:
                run_import(import_kinds()[kind](db.session), stream)
        db.engine.dispose()


def import_dossiers(results: dict, files, work: Path, database: Path) -> None:
    """The real import command against raw bulk inserts of the same file, before and after."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": SECRET,
        "INSTANCE_PATH": str(work),
    }

    def raw(n: int) -> Run:
        target = work / f"raw{n}.sqlite3"
        args = [sys.executable, "-c", RAW_INSERT, str(files["dossiers"]), str(target)]
        run = Run(args, dict(os.environ), work / f"raw{n}.log")
        target.unlink()
        return run

    def flask(kind: str) -> Run:
        args = [sys.executable, "-m", "flask", "--app", "wsgi", "import", kind, str(files[kind])]
        return Run(args, env, work / f"{kind}.log")

    empty = work / "table.sqlite3"
    shutil.copy(database, empty)  # the catalogue alone, for SQLite's own copy below
    raws = [raw(0)]
    first = flask("dossiers")
    raws.append(raw(1))
    assert first.last_line.startswith(f"inserted {DOSSIERS}, "), first.last_line
    ratings = flask("ratings")
    alone = Run([sys.executable, "-c", TABLE_ALONE, str(database), str(empty)], env, work / "t.log")
    for path in work.glob("table.sqlite3*"):
        path.unlink()
    raw_s = sum(r.wall for r in raws) / len(raws)
    report(results, "scale_raw_insert_s", raw_s, "s (" + ", ".join(f"{r.wall:.0f}" for r in raws))
    raw_cpu = sum(r.cpu for r in raws) / len(raws)
    report(results, "scale_import_s", first.wall, f"s (CPU {first.cpu:.0f} s; {first.last_line})")
    report(results, "scale_import_cpu_x_raw", first.cpu / raw_cpu, "× raw insert (CPU time)")
    report(results, "scale_import_ratings_s", ratings.wall, f"s ({ratings.last_line})")
    table_s = float(alone.last_line)
    report(
        results,
        "scale_sqlite_table_alone_x_raw",
        table_s / raw_s,
        f"× raw insert ({table_s:.0f} s: SQLite alone copying the imported rows into the "
        "portal's empty table, INSERT ... SELECT, no Python; the floor of any importer)",
    )
    ratio = first.wall / raw_s
    aim(results, "scale import × raw bulk insert", ratio, AIM_IMPORT_X_RAW, "×")
    aim(results, "scale import × raw (hoped for)", ratio, AIM_IMPORT_X_RAW_HOPED, "×")
    aim(results, "scale import peak RSS", first.peak_mb, AIM_PEAK_MB, " MB")


def samples(files, rng: random.Random) -> tuple[list[tuple[str, str]], list[dict], list[str]]:
    """(code, verifier) pairs to look up, rows to change, and the agency codes: one pass."""
    with files["agencies"].open(encoding="utf-8") as stream:
        agencies = [row["code"] for row in csv.DictReader(stream)]
    lookups, rows = [], []
    share = 3 * CHANGED / DOSSIERS
    with files["dossiers"].open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if rng.random() < share:
                (lookups if row["verifier"] and len(lookups) < 200 else rows).append(row)
    return [(r["code"], r["verifier"]) for r in lookups], rows[:CHANGED], agencies


def changed(rows: list[dict], agencies: list[str], rng: random.Random) -> list[dict]:
    """Each row changed as a later export would have it: pending ones resolved, finished ones
    moved to another agency, and one in four received 40 days earlier (another month)."""
    out = []
    for i, row in enumerate(rows):
        row = dict(row)
        received = datetime.fromisoformat(row["received_at"])
        if row["status"] in ("received", "processing", "supplement"):
            row["status"] = "resolved"
            row["resolved_at"] = (received + timedelta(hours=2)).isoformat()
        else:
            row["agency_code"] = rng.choice([a for a in agencies if a != row["agency_code"]])
        if i % 4 == 0:
            row["received_at"] = (received - timedelta(days=40)).isoformat()
        out.append(row)
    return out


def publish(results: dict, app, months: list[str]) -> None:
    from portal.stats.publish import publish_months

    with app.app_context():
        start, cpu = time.perf_counter(), time.process_time()
        publish_months(months, "bench")
        seconds = time.perf_counter() - start
    report(results, "scale_publish_cpu_s", time.process_time() - cpu, "s")
    aim(results, f"scale publish a year ({months[0]}..{months[-1]})", seconds, AIM_PUBLISH_S, " s")


def requests(results: dict, app, lookups: list[tuple[str, str]], months: list[str]) -> None:
    """Look-up, statistics and late list against /healthz (wall and CPU time)."""
    client = app.test_client()
    period, state = f"{months[0]}..{months[-1]}", {"i": 0}

    def pick() -> tuple[str, str]:
        state["i"] += 1
        return lookups[state["i"] % len(lookups)]

    def get(url: str):
        return lambda: _ok(client.get(url), url)

    def lookup_page():
        code, verifier = pick()
        _ok(client.post("/vi/lookup", data={"code": code, "verifier": verifier}), code)

    def lookup_api():
        code, verifier = pick()
        _ok(client.post("/api/v1/lookup", json={"code": code, "verifier": verifier}), code)

    # A procedure's processing times, shown on the page, are worked out on its first look-up
    # of the day: timed apart, once round the 200 dossiers, before the day's usual look-ups.
    first = []
    for _ in lookups:
        start = time.perf_counter()
        lookup_page()
        first.append(time.perf_counter() - start)
    report(results, "scale look-up page, first of its procedure today, ms", median_ms(first))
    for name, func, repeat in (
        ("look-up page", lookup_page, 400),
        ("look-up API", lookup_api, 400),
        ("statistics page", get(f"/vi/stats/{period}"), 60),
        ("statistics API", get(f"/api/v1/stats/{period}"), 60),
        ("late list page", get(f"/vi/late-agencies/{period}"), 60),
        ("late list API", get(f"/api/v1/late-agencies/{period}"), 60),
    ):
        median, health, cpu_x = interleaved(client, func, repeat)
        report(results, f"scale {name} ms", median, f"ms (/healthz {health:.2f} ms)")
        aim(results, f"scale {name} × /healthz", median / health, AIM_X_HEALTHZ, "×")
        aim(results, f"scale {name} CPU × /healthz", cpu_x, AIM_X_HEALTHZ, "×")


def _ok(response, what: str) -> None:
    assert response.status_code == 200, (what, response.status_code)


def refresh_after_changes(results: dict, app, work: Path, rows: list[dict]) -> None:
    """Import the changed dossiers in this process and time the rollup refresh it runs."""
    from portal.extensions import db
    from portal.imports import import_kinds, run_import
    from portal.stats import rollup

    path = work / "changed.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    timings, refresh = [], rollup.refresh

    def timed_refresh(session, kind="all"):
        start, cpu = time.perf_counter(), time.process_time()
        written = refresh(session, kind)
        timings.append((time.perf_counter() - start, time.process_time() - cpu, written))
        return written

    rollup.refresh = timed_refresh  # the import's own call, timed (nothing else changes)
    try:
        with app.app_context(), path.open("rb") as stream:
            start = time.perf_counter()
            result = run_import(import_kinds()["dossiers"](db.session), stream)
            total = time.perf_counter() - start
    finally:
        rollup.refresh = refresh
    assert result.updated == len(rows), result.summary
    seconds, cpu, written = timings[0]
    report(results, "scale_changed_import_s", total, f"s ({result.summary})")
    report(results, "scale_refresh_rows_written", written, f"month × agency rows (CPU {cpu:.2f} s)")
    aim(results, f"scale rollup refresh after {len(rows):,} changes", seconds, AIM_REFRESH_S, " s")
    with app.app_context():
        start, cpu = time.perf_counter(), time.process_time()
        rows_now = rollup.compute(db.session)
        cpu = time.process_time() - cpu
        recount = time.perf_counter() - start
        report(results, "scale_full_recount_s", recount, f"s (CPU {cpu:.1f} s; for comparison)")
        stored = rollup.stored(db.session)
    assert stored == rows_now, "the refreshed rollup differs from a full recount"


def main(results: dict) -> None:
    from portal.extensions import db

    work = scratch("portal-bench-scale-")
    database = work / "portal.sqlite3"
    started = time.perf_counter()
    files = write_files(work)
    months = files.summary.months[-12:]
    catalogue_database(files, database)
    import_dossiers(results, files, work, database)
    lookups, rows, agencies = samples(files, random.Random(15))
    rows = changed(rows, agencies, random.Random(16))
    files["dossiers"].unlink()  # the disk it took is better left to SQLite
    app = make_app(
        f"sqlite:///{database}",
        SECRET_KEY=SECRET,
        WTF_CSRF_ENABLED=False,
        INSTANCE_PATH=str(work),
    )
    publish(results, app, months)
    requests(results, app, lookups, months)
    refresh_after_changes(results, app, work, rows)
    with app.app_context():
        db.engine.dispose()
    size = database.stat().st_size / 2**30
    report(results, "scale_database_gib", size, f"GiB (whole run {_elapsed(started)})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main({})
