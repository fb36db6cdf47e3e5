"""Status alerts: send-alerts throughput against a local SMTP server (aiosmtpd), and what the
outbox adds to an import of 100,000 dossier changes (aim: under 10 %)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import statistics
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import insert, select

from portal import clock
from portal.alerts.sender import mailer_from_config, send_due
from portal.cli import init_db
from portal.extensions import db
from portal.imports import import_kinds, run_import
from portal.models import AlertOutbox, AlertSubscription, Dossier

from .common import aim, make_app, report

ALERTS = 10_000
CHANGES = 100_000
SUBSCRIBED_SHARE = 10  # one dossier in ten has a subscriber
THROUGHPUT_AIM = 100  # messages a second
COST_AIM = 10.0  # per cent
TURNS = 5  # imports timed with and without subscribers; the medians are compared
AGENCIES = "code,name_vi,level\nSXD,Sở Xây dựng,province\n"
PROCEDURES = "code,name_vi,agency_code,level,processing_days\n1.009972,Cấp phép,SXD,province,20\n"


class Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(kind: str, text: str) -> None:
    run_import(import_kinds()[kind](db.session), io.BytesIO(text.encode()))


def dossiers_csv(status: str) -> str:
    lines = ["code,procedure_code,agency_code,channel,received_at,due_at,status\n"]
    lines += [
        f"B{n:06d},1.009972,SXD,online,2026-11-02T08:00:00,2026-11-30T17:00:00,{status}\n"
        for n in range(CHANGES)
    ]
    return "".join(lines)


def subscribe_every(share: int, limit: int | None = None) -> int:
    """Active subscriptions on one dossier in ``share``; return how many."""
    ids = db.session.scalars(select(Dossier.id).order_by(Dossier.id)).all()[::share][:limit]
    now = clock.now()
    db.session.execute(
        insert(AlertSubscription),
        [
            {
                "dossier_id": i,
                "email": f"citizen{i}@example.vn",
                "email_masked": "c***@e***.vn",
                "lang": "vi",
                "status": "active",
                "token_nonce": f"{i:032x}",
                "confirm_hash": f"c{i:063x}",
                "unsubscribe_hash": f"u{i:063x}",
                "created_at": now,
            }
            for i in ids
        ],
    )
    db.session.commit()
    return len(ids)


def queue_alerts(count: int) -> None:
    """``count`` dossiers, each with one subscriber and one alert queued: nothing a sender could
    reuse from one message to the next but the templates (its own dossier, link, change)."""
    load("agencies", AGENCIES)
    load("procedures", PROCEDURES)
    load("dossiers", "".join(dossiers_csv("received").splitlines(True)[: count + 1]))
    assert subscribe_every(1) == count
    now = clock.now()
    db.session.execute(
        insert(AlertOutbox),
        [
            {
                "subscription_id": subscription,
                "kind": "event",
                "change": {
                    "at": "2026-11-03 09:00:00",
                    "step_vi": f"Thẩm định lần {subscription}",
                    "step_en": f"Appraisal {subscription}",
                },
                "status": "queued",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for subscription in db.session.scalars(select(AlertSubscription.id))
        ],
    )
    db.session.commit()


def throughput(results: dict, work: Path) -> None:
    handler, port = Counter(), free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    app = make_app(f"sqlite:///{work / 'send.sqlite3'}", MAIL_URL=f"smtp://127.0.0.1:{port}")
    try:
        with app.app_context():
            init_db()
            queue_alerts(ALERTS)
            start, cpu = time.perf_counter(), time.process_time()
            outcome = send_due(mailer_from_config(), clock.now)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            db.engine.dispose()
    finally:
        server.stop()
    assert outcome.sent == ALERTS == handler.count, (outcome.summary, handler.count)
    rate = ALERTS / seconds
    report(results, "alerts.send_alerts_seconds_10000", round(seconds, 1), "s")
    report(results, "alerts.send_alerts_per_second", round(rate, 1), "messages/s")
    # This process's CPU time holds the sender and the SMTP server's thread; unlike the wall
    # time it hardly moves when other work shares the machine.
    report(results, "alerts.send_alerts_cpu_seconds_10000", round(cpu, 1), "s")
    report(results, "alerts.send_alerts_per_cpu_second", round(ALERTS / cpu, 1), "messages/s")
    aim(results, "send-alerts messages/s (10,000 queued)", rate, THROUGHPUT_AIM, at_most=False)


def timed_import(path: Path, changed: str) -> tuple[float, float, int]:
    """Wall and CPU seconds of one import (SQLite works in this process: its CPU time
    counts), and the alerts it queued."""
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        start, cpu = time.perf_counter(), time.process_time()
        load("dossiers", changed)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        queued = db.session.query(AlertOutbox).count()
        db.engine.dispose()
    return seconds, cpu, queued


def import_cost(results: dict, work: Path) -> None:
    base = work / "base.sqlite3"
    app = make_app(f"sqlite:///{base}")
    with app.app_context():
        init_db()
        load("agencies", AGENCIES)
        load("procedures", PROCEDURES)
        load("dossiers", dossiers_csv("received"))
        db.engine.dispose()
    watched = work / "watched.sqlite3"
    shutil.copy(base, watched)
    with make_app(f"sqlite:///{watched}").app_context():
        subscribers = subscribe_every(SUBSCRIBED_SHARE)
        db.engine.dispose()
    changed = dossiers_csv("processing")
    plain, alerted = [], []
    for turn in range(TURNS):  # in turns, so the shared machine's load falls on both sides alike
        for source, times in ((base, plain), (watched, alerted)):
            copy = work / f"run{turn}-{source.name}"
            shutil.copy(source, copy)
            *seconds, queued = timed_import(copy, changed)
            times.append(seconds)
            copy.unlink()
    assert queued == subscribers, (queued, subscribers)
    report(results, "alerts.outbox_rows_written", queued)
    # Wall time as a user waits; CPU time, which other processes on the machine do not inflate.
    for measure, at in (("wall", 0), ("cpu", 1)):
        without = statistics.median(t[at] for t in plain)
        with_outbox = statistics.median(t[at] for t in alerted)
        cost = 100 * (with_outbox - without) / without
        name = "" if measure == "wall" else "_cpu"
        report(results, f"alerts.import_100000_changes{name}_seconds", round(without, 2), "s")
        report(
            results,
            f"alerts.import_100000_changes_with_outbox{name}_seconds",
            round(with_outbox, 2),
            "s",
        )
        report(results, f"alerts.outbox_cost{name}_pct", round(cost, 1), "%")
        label = "wall time" if measure == "wall" else "CPU time"
        aim(results, f"outbox cost on an import of 100,000 changes ({label})", cost, COST_AIM, " %")


def main(results: dict) -> None:
    parts = {"throughput": throughput, "import_cost": import_cost}
    only = os.environ.get("BENCH_ALERTS_ONLY", "")
    if only and only not in parts:
        raise SystemExit(f"BENCH_ALERTS_ONLY must be one of: {', '.join(parts)}")
    work = Path(tempfile.mkdtemp(prefix="portal-bench-alerts-"))
    try:
        for name, part in parts.items():
            if not only or name == only:
                part(results, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
