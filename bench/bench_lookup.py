"""Dossier look-up at 600,000 dossiers: median time of the page and the API as a multiple of
/healthz, and the cost of a procedure's real processing times (cold and cached).

The dossiers come from the demo generator through the real importers when both are installed
(BENCH_LOOKUP_SOURCE=core forces the fallback); otherwise from Core bulk inserts stored exactly
as the importer stores them (code_key, local naive times, *_day integers, HMAC verifier hash).
Each request is timed alternately with GET /healthz, so load from other processes hits both.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from portal import clock
from portal.dossiers import queries
from portal.dossiers.verifier import hash_verifier
from portal.dossiers.workdays import day_int
from portal.extensions import db
from portal.models import Agency, Dossier, DossierEvent, Procedure

from .common import make_app, median_ms, report, time_call

DOSSIERS = int(os.environ.get("BENCH_LOOKUP_DOSSIERS", 600_000))
PROCEDURES = 500
AGENCIES = 20
BATCH = 20_000
SECRET = "bench"
STATUSES = (
    ["returned"] * 60
    + ["resolved"] * 10
    + ["processing"] * 15
    + ["received"] * 5
    + ["supplement"] * 4
    + ["rejected"] * 3
    + ["withdrawn"] * 3
)


def verifier_of(i: int) -> str:
    return f"{(i * 7919) % 1_000_000:06d}"


def code_of(i: int) -> str:
    return f"H{i % AGENCIES:02d}.{i:08d}"


def populate(n: int, seed: int = 11) -> None:
    """Agencies, procedures (a few very busy), n dossiers over two years, two steps each."""
    rng = random.Random(seed)
    db.session.execute(
        insert(Agency),
        [
            {
                "code": f"S{a:02d}",
                "name_vi": f"Sở số {a}",
                "name_en": f"Department {a}",
                "level": "province",
            }
            for a in range(AGENCIES)
        ],
    )
    db.session.execute(
        insert(Procedure),
        [
            {
                "code": f"1.{p:06d}",
                "name_vi": f"Thủ tục số {p}",
                "agency_id": p % AGENCIES + 1,
                "level": "province",
                "processing_days": rng.choice((1, 3, 5, 7, 10, 15, 20)),
                "online_level": "partial",
                "postal": True,
                "four_on_site": False,
                "search_name": f"thu tuc so {p}",
                "search_body": "",
                "published": True,
                "version": 1,
            }
            for p in range(PROCEDURES)
        ],
    )
    db.session.commit()
    now = clock.now()
    start = now - timedelta(days=730)
    weights = [1 / (rank + 1) for rank in range(PROCEDURES)]  # a few procedures get most
    for first in range(0, n, BATCH):
        rows, events = [], []
        procedure_ids = rng.choices(range(1, PROCEDURES + 1), weights, k=min(BATCH, n - first))
        for offset, procedure_id in enumerate(procedure_ids):
            i = first + offset
            received = start + timedelta(minutes=rng.randrange(730 * 24 * 60))
            received = received.replace(second=0, microsecond=0)
            due = received + timedelta(days=rng.choice((1, 3, 5, 7, 14, 21, 28)))
            status = rng.choice(STATUSES)
            resolved = None
            if status in ("returned", "resolved", "rejected", "withdrawn"):
                resolved = received + timedelta(hours=rng.randrange(2, 24 * 35))
                if resolved > now:
                    status, resolved = "processing", None
            rows.append(
                {
                    "id": i + 1,
                    "code": code_of(i),
                    "code_key": code_of(i).upper(),
                    "procedure_id": procedure_id,
                    "agency_id": (procedure_id - 1) % AGENCIES + 1,
                    "channel": rng.choice(("direct", "online", "postal")),
                    "received_at": received,
                    "due_at": due,
                    "resolved_at": resolved,
                    "returned_at": resolved + timedelta(hours=4) if status == "returned" else None,
                    "return_channel": None,
                    "status": status,
                    "four_on_site": False,
                    "verifier_hash": hash_verifier(SECRET, verifier_of(i)),
                    "received_day": day_int(received.date()),
                    "due_day": day_int(due.date()),
                    "finished_day": day_int(resolved.date()) if resolved else None,
                    "saved_seconds": 0,
                    "apology": False,
                }
            )
            events.append(
                {
                    "dossier_id": i + 1,
                    "at": received,
                    "step_vi": "Tiếp nhận hồ sơ",
                    "step_en": "Received",
                    "agency_id": rows[-1]["agency_id"],
                }
            )
            events.append(
                {
                    "dossier_id": i + 1,
                    "at": received + timedelta(hours=1),
                    "step_vi": "Chuyển phòng chuyên môn",
                    "step_en": None,
                    "agency_id": rows[-1]["agency_id"],
                }
            )
        db.session.execute(insert(Dossier), rows)
        db.session.execute(insert(DossierEvent), events)
        db.session.commit()


def demo_data(n: int) -> list[tuple[str, str]] | None:
    """Load n demo dossiers through the real importers; returns (code, verifier) samples.

    None when BENCH_LOOKUP_SOURCE=core asks for dossiers written straight into the table.
    """
    from portal.demo.generate import write_demo_csvs
    from portal.imports import import_kinds, run_import

    if os.environ.get("BENCH_LOOKUP_SOURCE") == "core":
        return None
    kinds = import_kinds()
    with tempfile.TemporaryDirectory(prefix="bench-lookup-") as folder:
        files = write_demo_csvs(Path(folder), dossiers=n)
        for kind in ("agencies", "procedures", "dossiers", "events", "ratings"):
            with files[kind].open("rb") as stream:
                run_import(kinds[kind](db.session), stream)
        rng = random.Random(5)
        with files["dossiers"].open(encoding="utf-8") as stream:
            rows = [
                (row["code"], row["verifier"])
                for row in csv.DictReader(stream)
                if row["verifier"] and rng.random() < 400 / n
            ]
    return rows[:200]


def interleaved(client, func, repeat: int) -> tuple[float, float, float]:
    """Medians of func and of GET /healthz, timed alternately so that load drifts hit both.

    Returns (func ms, /healthz ms, CPU-time ratio): the machine may be shared, and the
    process's own CPU time is what other processes disturb least.
    """
    health, target, health_cpu, target_cpu = [], [], [], []
    for _ in range(5):
        client.get("/healthz"), func()
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get("/healthz")
        middle, middle_cpu = time.perf_counter(), time.process_time()
        func()
        health.append(middle - start)
        target.append(time.perf_counter() - middle)
        health_cpu.append(middle_cpu - start_cpu)
        target_cpu.append(time.process_time() - middle_cpu)
    return (
        statistics.median(target) * 1000,
        statistics.median(health) * 1000,
        statistics.median(target_cpu) / statistics.median(health_cpu),
    )


def main(results: dict) -> None:
    from portal.cli import init_db

    app = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY=SECRET)
    with app.app_context():
        init_db()
        started = time.perf_counter()
        sample = demo_data(DOSSIERS)
        source = "demo CSV through the importers"
        if sample is None:
            populate(DOSSIERS)
            rng = random.Random(5)
            sample = [
                (code_of(i), verifier_of(i)) for i in (rng.randrange(DOSSIERS) for _ in range(200))
            ]
            source = "Core bulk inserts"
        count = db.session.scalar(select(func.count()).select_from(Dossier))
        print(f"  ({count:,} dossiers from {source} in {time.perf_counter() - started:.0f} s)")
        busiest = db.session.execute(
            select(Dossier.procedure_id, func.count())
            .group_by(Dossier.procedure_id)
            .order_by(func.count().desc())
            .limit(1)
        ).first()[0]
        procedure_codes = db.session.scalars(select(Procedure.code)).all()
        today = clock.today()
        cold = median_ms(time_call(lambda: queries._compute_timing(busiest, today), 5))
        resolved = queries._compute_timing(busiest, today).resolved
    report(results, "lookup_dossiers", count)
    report(results, "lookup_timing_busiest_procedure_resolved", resolved, "dossiers in 12 months")
    report(results, "lookup_timing_cold_ms", cold, "ms (once a day per procedure)")

    client = app.test_client()
    state = {"i": 0}

    def pick() -> tuple[str, str]:
        state["i"] += 1
        return sample[state["i"] % len(sample)]

    def page():
        code, verifier = pick()
        response = client.post(
            "/vi/lookup", data={"code": f" {code.lower()} ", "verifier": verifier}
        )
        assert response.status_code == 200, response.status_code

    def api():
        code, verifier = pick()
        response = client.post("/api/v1/lookup", json={"code": code, "verifier": verifier})
        assert response.status_code == 200, response.status_code

    def api_wrong():
        code, verifier = pick()
        wrong = f"{(int(verifier) + 1) % 10 ** len(verifier):0{len(verifier)}d}"
        response = client.post("/api/v1/lookup", json={"code": code, "verifier": wrong})
        assert response.status_code == 404, response.status_code

    def api_unknown():
        code, verifier = pick()
        response = client.post("/api/v1/lookup", json={"code": code + "X", "verifier": verifier})
        assert response.status_code == 404, response.status_code

    def procedure_page():
        state["i"] += 1
        code = procedure_codes[state["i"] % len(procedure_codes)]
        response = client.get(f"/vi/procedures/{code}")
        assert response.status_code == 200, response.status_code

    for _ in sample:  # a day's traffic has already filled the per-procedure timing cache
        page()
    for code in procedure_codes:
        client.get(f"/vi/procedures/{code}")
    repeat = int(os.environ.get("BENCH_REPEAT", 400))
    for name, func_ in (
        ("lookup_page", page),
        ("lookup_api", api),
        ("lookup_api_wrong_verifier", api_wrong),
        ("lookup_api_unknown_code", api_unknown),
        ("procedure_page_with_timing", procedure_page),
    ):
        median, health, cpu_ratio = interleaved(client, func_, repeat)
        report(results, f"{name}_median_ms", median, f"ms (/healthz {health:.2f} ms)")
        report(results, f"{name}_x_healthz", median / health, "× /healthz")
        report(results, f"{name}_cpu_x_healthz", cpu_ratio, "× /healthz in CPU time")
    with app.app_context():
        db.engine.dispose()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///" + app.instance_path):
        shutil.rmtree(app.instance_path, ignore_errors=True)  # 600,000 dossiers: ~650 MB
