"""send-alerts as operators run it, in processes of its own: killed mid-run, and two at once.

Both engines: on PostgreSQL the senders pick rows with FOR UPDATE SKIP LOCKED, on SQLite
the claim is a conditional UPDATE only one writer wins.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AlertOutbox

from .alert_helpers import events_csv, wire_mail
from .test_alerts import confirmed_subscriber

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def queued(app, client, runner, mail_server, catalogue, import_csv):
    """A confirmed subscriber whose dossier just gained 30 steps: 30 alerts queued."""
    wire_mail(app, mail_server)
    confirmed_subscriber(app, client, runner, mail_server, import_csv)
    steps = [
        (f"2025-12-{day:02d}T09:{minute:02d}:00", f"Bước {day}.{minute}", f"Step {day}.{minute}")
        for day in range(2, 8)
        for minute in range(5)
    ]
    import_csv("events", events_csv(*steps))
    with app.app_context():
        ids = list(db.session.scalars(select(AlertOutbox.id).where(AlertOutbox.kind == "event")))
    assert len(ids) == 30
    return ids


def sender(app, mail_server, tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "MAIL_URL": mail_server.url,
        "MAIL_FROM": app.config["MAIL_FROM"],
        "PUBLIC_URL": app.config["PUBLIC_URL"],
        "INSTANCE_PATH": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "send-alerts"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def message_ids(mail_server) -> Counter:
    return Counter(m["Message-ID"] for m in mail_server.inbox.messages)


def states(app) -> Counter:
    with app.app_context():
        return Counter(db.session.scalars(select(AlertOutbox.status)))


def test_a_sender_killed_mid_run_loses_nothing_and_repeats_at_most_the_mail_in_flight(
    app, runner, mail_server, queued, tmp_path
):
    mail_server.inbox.delay = 0.1
    process = sender(app, mail_server, tmp_path)
    mail_server.inbox.wait_for(8, timeout=60)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(0.3)  # the server finishes the message it was receiving
    before = len(mail_server.inbox.messages)
    assert 8 <= before < 30
    # Each message is marked as soon as it is sent: all but (at most) the one in flight are
    # recorded as sent; the rest wait under the dead sender's lease.
    alerts_marked_sent = states(app)["sent"] - 1  # the confirmation went before
    assert alerts_marked_sent >= before - 1
    mail_server.inbox.delay = 0
    rerun = runner.invoke(args=["send-alerts"])
    assert rerun.exit_code == 0, rerun.output
    received = message_ids(mail_server)
    assert len(received) == 30  # nothing lost
    repeated = [mid for mid, count in received.items() if count > 1]
    # At most the one mail the kill caught between the server's "250" and the database's
    # commit goes twice, with the same Message-ID (mail clients show it once).
    assert len(repeated) <= 1 and all(received[mid] == 2 for mid in repeated)
    assert states(app) == {"sent": 31}


def test_two_senders_at_once_never_send_a_message_twice(app, mail_server, queued, tmp_path):
    mail_server.inbox.delay = 0.02
    first, second = sender(app, mail_server, tmp_path), sender(app, mail_server, tmp_path)
    outputs = [p.communicate(timeout=120)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    received = message_ids(mail_server)
    assert len(received) == 30
    assert set(received.values()) == {1}
    sent = sum(int(out.split("sent ")[1].split(",")[0]) for out in outputs)
    assert sent == 30
    assert states(app) == {"sent": 31}


def test_a_limited_run_sends_the_oldest_first_and_leaves_the_rest_for_the_next(
    app, runner, mail_server, queued
):
    first = runner.invoke(args=["send-alerts", "--limit", "20"])
    assert first.exit_code == 0, first.output
    assert "sent 20," in first.output
    sent = sorted(int(mid.split("-")[1].split(".")[0]) for mid in message_ids(mail_server))
    assert sent == sorted(queued)[:20]
    assert states(app) == {"sent": 21, "queued": 10}
    rest = runner.invoke(args=["send-alerts"])
    assert rest.exit_code == 0 and "sent 10," in rest.output
    received = message_ids(mail_server)
    assert len(received) == 30 and set(received.values()) == {1}
    assert states(app) == {"sent": 31}
