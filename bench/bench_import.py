"""Dossier import: rows/s, the ratio to a raw standard-library bulk insert, peak memory.

The raw insert is what SQLite itself needs for the same CSV rows: ``sqlite3`` + ``csv``,
``executemany`` into one table with the file's columns and a unique index on ``code``, one
transaction. Every import runs as its own process (``flask --app wsgi import dossiers FILE``,
exactly what staff run), so its CPU time and peak RSS are its own. Measured:

- the first import of the file (inserts; with the statistics rollup the import refreshes),
- the same without the rollup (the importer alone),
- a re-import of the same file (every row unchanged),
- and, to show where the time goes, SQLite alone copying the imported rows, as stored, into
  the portal's empty dossier table (its columns and indexes, the app's settings) with one
  ``INSERT ... SELECT``: no Python at all, the floor of any importer into that table.

``BENCH_IMPORT_ROWS`` changes the size (default 600,000). Aims (issue 15): the first import
at most 3× the raw insert (wall and CPU time), peak RSS under 500 MB.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .common import aim, make_app, report, scratch

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "600000"))
RATIO_AIM = 3.0  # the import against a raw bulk insert of the same rows (issue 15; 2× hoped)
PEAK_AIM_MB = 500  # and flat: not growing with the file

RAW_INSERT = """
import csv, sqlite3, sys
source, target = sys.argv[1], sys.argv[2]
connection = sqlite3.connect(target)
with open(source, newline="", encoding="utf-8-sig") as stream:
    reader = csv.reader(stream)
    header = next(reader)
    connection.execute(f"CREATE TABLE dossier ({', '.join(c + ' TEXT' for c in header)})")
    connection.execute("CREATE UNIQUE INDEX ix_dossier_code ON dossier (code)")
    marks = ", ".join("?" * len(header))
    connection.executemany(f"INSERT INTO dossier VALUES ({marks})", reader)
connection.commit()
print(connection.execute("SELECT count(*) FROM dossier").fetchone()[0])
"""

# The importer alone: the real command with the statistics rollup left out.
WITHOUT_ROLLUP = """
import sys
from portal.stats import rollup
rollup.refresh = lambda session, kind: None
from flask.cli import main
sys.argv = ["flask", "--app", "wsgi", "import", "dossiers", sys.argv[1]]
main()
"""

# SQLite alone: the rows the import stored, copied by SQLite itself (INSERT ... SELECT, no
# Python per row) into an empty portal database with the app's settings: the floor any
# importer of these rows into the portal's table (its indexes, its foreign keys) stands on.
TABLE_ALONE = """
import sqlite3, sys, time
from portal.dossiers.imports import DossierKind, SQLITE_IMPORT_CACHE_KIB
columns = ", ".join(DossierKind.columns)
connection = sqlite3.connect(sys.argv[2], isolation_level=None)
for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
               f"cache_size=-{SQLITE_IMPORT_CACHE_KIB}"):
    connection.execute(f"PRAGMA {pragma}")
connection.execute("ATTACH DATABASE ? AS imported", (sys.argv[1],))
start = time.perf_counter()
connection.execute("BEGIN")
connection.execute(f"INSERT INTO main.dossier ({columns}) "
                   f"SELECT {columns} FROM imported.dossier ORDER BY id")
connection.execute("COMMIT")
print(time.perf_counter() - start)
"""

# Runs a command and writes its wall time, CPU time and peak RSS as JSON. Measuring through
# this small process matters: a child started straight from the bench would report the
# bench's own (large) memory as its peak, since the high-water mark survives fork and exec.
MEASURE = """
import json, os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
               "peak_kib": usage.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}, out)
"""


class Run:
    """One command in its own process: wall time, CPU time, peak RSS, its last output line."""

    def __init__(self, args: list[str], env: dict, log: Path):
        figures = log.with_suffix(".json")
        with log.open("w") as out:
            subprocess.run(
                [sys.executable, "-c", MEASURE, str(figures), *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
            )
        measured = json.loads(figures.read_text())
        self.wall, self.cpu = measured["wall"], measured["cpu"]
        self.peak_mb = measured["peak_kib"] / 1024  # ru_maxrss is in KiB on Linux
        lines = log.read_text().strip().splitlines()
        self.last_line = lines[-1] if lines else ""
        if measured["status"] != 0:
            raise RuntimeError(f"{args[1:]} failed ({measured['status']}): {lines[-5:]}")


def demo_files(directory: Path) -> dict:
    from portal.demo import write_demo_csvs

    return write_demo_csvs(directory, dossiers=ROWS, events=False, ratings=False)


def main(results: dict) -> None:
    from portal.cli import init_db
    from portal.extensions import db
    from portal.imports import import_kinds, run_import

    work = scratch("portal-bench-import-")
    try:
        start = time.perf_counter()
        files = demo_files(work)
        dossiers = files["dossiers"]
        rows = sum(1 for _ in dossiers.open("rb")) - 1
        print(f"  ({rows:,} dossiers written in {time.perf_counter() - start:.0f} s)")

        # The portal's database with the demo catalogue, and a copy for the lean run.
        database = work / "portal.sqlite3"
        app = make_app(f"sqlite:///{database}")
        with app.app_context():
            init_db()
            for kind in ("agencies", "procedures"):
                with files[kind].open("rb") as stream:
                    run_import(import_kinds()[kind](db.session), stream)
            db.engine.dispose()
        shutil.copy(database, work / "lean.sqlite3")
        shutil.copy(database, work / "table.sqlite3")

        def env(path: Path) -> dict:
            return {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{path}",
                "SECRET_KEY": "bench",
                "INSTANCE_PATH": str(work),
            }

        flask = [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "import",
            "dossiers",
            str(dossiers),
        ]

        def raw_insert(n: int) -> Run:
            target = work / f"raw{n}.sqlite3"
            run = Run(
                [sys.executable, "-c", RAW_INSERT, str(dossiers), str(target)],
                os.environ.copy(),
                work / f"raw{n}.log",
            )
            target.unlink()
            return run

        # A raw insert between the runs; each run is compared with the raw inserts just
        # before and after it, as the machine's load drifts.
        raws = [raw_insert(0)]
        startup = Run([sys.executable, "-c", "import wsgi"], env(database), work / "up.log")
        lean = Run(
            [sys.executable, "-c", WITHOUT_ROLLUP, str(dossiers)],
            env(work / "lean.sqlite3"),
            work / "lean.log",
        )
        raws.append(raw_insert(1))
        first = Run(flask, env(database), work / "first.log")
        raws.append(raw_insert(2))
        again = Run(flask, env(database), work / "again.log")
        raws.append(raw_insert(3))
        table = Run(
            [sys.executable, "-c", TABLE_ALONE, str(database), str(work / "table.sqlite3")],
            env(database),
            work / "table.log",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    assert first.last_line == f"inserted {rows}, updated 0, unchanged 0, rejected 0", (
        first.last_line
    )
    assert again.last_line == f"inserted 0, updated 0, unchanged {rows}, rejected 0", (
        again.last_line
    )

    def ratios(run: Run, around: int) -> tuple[float, float]:
        near = raws[around : around + 2]
        return (
            run.wall / (sum(r.wall for r in near) / 2),
            run.cpu / (sum(r.cpu for r in near) / 2),
        )

    raw_wall = sum(r.wall for r in raws) / len(raws)
    report(results, "import_rows", rows)
    report(
        results,
        "import_raw_sqlite_s",
        raw_wall,
        "s (runs: "
        + ", ".join(f"{r.wall:.1f}" for r in raws)
        + f"; CPU {sum(r.cpu for r in raws) / len(raws):.1f} s)",
    )
    report(results, "import_raw_sqlite_rows_per_s", round(rows / raw_wall))
    report(results, "import_cli_startup_s", startup.wall, "s (loading the app, in every run)")
    table_s = float(table.last_line)
    report(
        results,
        "import_sqlite_table_alone_s",
        table_s,
        f"s = {table_s / raw_wall:.2f} × raw "
        "(SQLite writing the stored rows into the portal's table)",
    )
    for name, run, around in (
        ("import_dossiers", first, 1),
        ("import_without_rollup", lean, 0),
        ("reimport_unchanged", again, 2),
    ):
        wall_x, cpu_x = ratios(run, around)
        report(results, f"{name}_s", run.wall, f"s (CPU {run.cpu:.1f} s)")
        report(results, f"{name}_rows_per_s", round(rows / run.wall))
        report(results, f"{name}_x_raw", wall_x, "× raw insert")
        report(results, f"{name}_cpu_x_raw", cpu_x, "× raw insert (CPU time)")
        report(results, f"{name}_peak_rss_mb", run.peak_mb, "MB")
    wall_x, cpu_x = ratios(first, 1)
    aim(results, "import × raw bulk insert", wall_x, RATIO_AIM, "×")
    aim(results, "import × raw bulk insert (CPU time)", cpu_x, RATIO_AIM, "×")
    peak = max(run.peak_mb for run in (first, lean, again))
    aim(results, f"peak RSS of an import of {rows:,} dossiers", peak, PEAK_AIM_MB, " MB")
