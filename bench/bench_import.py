"""Dossier import: rows/s, the ratio to a raw standard-library bulk insert, peak memory.

The raw insert is what SQLite itself needs for the same CSV rows: ``sqlite3`` + ``csv``,
``executemany`` into one table with the file's columns and a unique index on ``code``, one
transaction. Every import runs as its own process (``flask --app wsgi import dossiers FILE``,
exactly what staff run), so its CPU time and peak RSS are its own. Measured:

- the first import of the file (inserts; with the statistics rollup the import refreshes),
- the same without the rollup (the importer alone),
- a re-import of the same file (every row unchanged).

``BENCH_IMPORT_ROWS`` changes the size (default 600,000).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import make_app, report

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "600000"))

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


class Run:
    """One child process: wall time, CPU time, peak RSS and its last line of output."""

    def __init__(self, args: list[str], env: dict, log: Path):
        with log.open("w") as out:
            start = time.perf_counter()
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out,
                                       stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)
            self.wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
        lines = log.read_text().strip().splitlines()
        self.last_line = lines[-1] if lines else ""
        if process.returncode not in (0,):
            raise RuntimeError(f"{args[1:]} failed ({process.returncode}): {lines[-5:]}")


def demo_files(directory: Path) -> dict:
    from portal.demo import write_demo_csvs

    return write_demo_csvs(directory, dossiers=ROWS, events=False, ratings=False)


def main(results: dict) -> None:
    from portal.cli import import_kinds, init_db
    from portal.extensions import db
    from portal.imports import run_import

    work = Path(tempfile.mkdtemp(prefix="portal-bench-import-"))
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

        def env(path: Path) -> dict:
            return {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench",
                    "INSTANCE_PATH": str(work)}

        flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import", "dossiers",
                 str(dossiers)]
        raw = Run([sys.executable, "-c", RAW_INSERT, str(dossiers), str(work / "raw.sqlite3")],
                  os.environ.copy(), work / "raw.log")
        lean = Run([sys.executable, "-c", WITHOUT_ROLLUP, str(dossiers)],
                   env(work / "lean.sqlite3"), work / "lean.log")
        first = Run(flask, env(database), work / "first.log")
        again = Run(flask, env(database), work / "again.log")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    assert first.last_line == f"inserted {rows}, updated 0, unchanged 0, rejected 0", (
        first.last_line)
    assert again.last_line == f"inserted 0, updated 0, unchanged {rows}, rejected 0", (
        again.last_line)
    report(results, "import_rows", rows)
    report(results, "import_raw_sqlite_s", raw.wall, "s")
    report(results, "import_raw_sqlite_rows_per_s", round(rows / raw.wall))
    report(results, "import_dossiers_s", first.wall, "s")
    report(results, "import_dossiers_rows_per_s", round(rows / first.wall))
    report(results, "import_dossiers_x_raw", first.wall / raw.wall, "× raw insert")
    report(results, "import_dossiers_cpu_x_raw", first.cpu / raw.cpu, "× raw insert (CPU time)")
    report(results, "import_dossiers_peak_rss_mb", first.peak_mb, "MB")
    report(results, "import_without_rollup_s", lean.wall, "s")
    report(results, "import_without_rollup_x_raw", lean.wall / raw.wall, "× raw insert")
    report(results, "import_without_rollup_cpu_x_raw", lean.cpu / raw.cpu,
           "× raw insert (CPU time)")
    report(results, "reimport_unchanged_s", again.wall, "s")
    report(results, "reimport_unchanged_rows_per_s", round(rows / again.wall))
    report(results, "reimport_unchanged_x_raw", again.wall / raw.wall, "× raw insert")
    report(results, "reimport_unchanged_peak_rss_mb", again.peak_mb, "MB")
