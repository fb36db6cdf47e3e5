"""Faults as they happen in production: an import killed part-way, a full disk, a database
locked by a long writer. The site keeps answering, nothing is half-written, and whoever ran
the import is told plainly what went wrong."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bench.serve import ROOT, free_port, load_demo, start_server, stop_server, wait_until_up
from portal.demo import write_demo_csvs

DOSSIER_HEADER = (
    "code,procedure_code,agency_code,channel,received_at,due_at,resolved_at,"
    "returned_at,return_channel,status,four_on_site,verifier\n"
)


def on_sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def fingerprint(database: Path) -> tuple[int, str]:
    """How many dossiers, and a digest of what they say: equal means nothing changed."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT code, status, resolved_at, due_at FROM dossier ORDER BY code"
        ).fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def writing(database: Path) -> bool:
    """Whether some connection holds the database's write lock right now."""
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def get(url: str, data: bytes | None = None, timeout: float = 10) -> tuple[int, str, float]:
    """(status, body, seconds) of one request; HTTP errors are answers too."""
    started = time.monotonic()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"} if data else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


def flask_command(database_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def command_env(database_url: str, folder: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": "served-secret",
    }


# --- an import killed part-way, while the site serves -------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The portal under gunicorn on a small demo database, and a large dossier file to import."""
    folder = tmp_path_factory.mktemp("faults-site")
    demo = load_demo(
        f"sqlite:///{folder / 'portal.sqlite3'}", folder, dossiers=1500, months=4, staff=False
    )
    big = write_demo_csvs(
        folder / "big", dossiers=60_000, months=24, seed=99, events=False, ratings=False
    )
    port = free_port()
    process = start_server(demo.database_url, folder, port)
    demo.url, demo.folder, demo.big = f"http://127.0.0.1:{port}", folder, big["dossiers"]
    demo.big_samples = big.summary.samples
    wait_until_up(demo.url, process)
    yield demo
    stop_server(process)
    log = (folder / "server.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


def site_answers(site, samples=None) -> list[float]:
    """Ask for the pages people use; each must answer, and soon. Returns the times taken."""
    dossier = next(
        s for s in samples or site.samples if s["status"] in ("processing", "resolved", "returned")
    )
    body = json.dumps({"code": dossier["code"], "verifier": dossier["verifier"]}).encode()
    times = []
    for url, data, expected in (
        ("/healthz", None, 200),
        ("/vi/procedures?q=khai+sinh", None, 200),
        (f"/vi/procedures/{site.procedures[0]['code']}", None, 200),
        (f"/vi/stats/{site.months[-1]}", None, 200),
        ("/api/v1/lookup", body, 200),
    ):
        status, text, seconds = get(site.url + url, data)
        assert status == expected, (url, status, text[:500])
        times.append(seconds)
    return times


def test_the_site_keeps_answering_while_an_import_is_killed_part_way(served):
    database = served.folder / "portal.sqlite3"
    before = fingerprint(database)
    importer = subprocess.Popen(
        flask_command(served.database_url, "import", "dossiers", str(served.big)),
        cwd=ROOT,
        env=command_env(served.database_url, served.folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not writing(database):  # the import holds the write lock: it is writing
            assert importer.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        times = site_answers(served)  # while the import writes
        assert fingerprint(database) == before, "readers see an import's rows before its end"
        assert importer.poll() is None and writing(database), "the import ended too soon"
        importer.send_signal(signal.SIGKILL)
    finally:
        importer.kill()
        importer.wait()
    assert max(times) < 8, f"pages slowed to {max(times):.1f} s during the import"
    site_answers(served)  # and after
    assert fingerprint(database) == before, "a killed import left part of its rows behind"
    assert integrity(database) == "ok"

    done = subprocess.run(
        flask_command(served.database_url, "import", "dossiers", str(served.big)),
        cwd=ROOT,
        env=command_env(served.database_url, served.folder),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1].startswith("inserted ")
    assert fingerprint(database)[0] > before[0]
    site_answers(served, served.big_samples)  # the file's dossiers replaced the demo's


# --- a full disk ----------------------------------------------------------------------------


@contextmanager
def tiny_disk(path: Path, size: str = "3m"):
    """A tmpfs of `size` mounted at path (root only); skips the test where mounting is refused."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_an_import_onto_a_full_disk_says_so_and_changes_nothing(tmp_path):
    files = write_demo_csvs(
        tmp_path / "csv", dossiers=20_000, months=6, seed=5, events=False, ratings=False
    )
    with tiny_disk(tmp_path / "disk") as disk:
        url = f"sqlite:///{disk / 'portal.sqlite3'}"
        env = command_env(url, tmp_path)
        for args in (
            ("init-db",),
            ("import", "agencies", str(files["agencies"])),
            ("import", "procedures", str(files["procedures"])),
        ):
            subprocess.run(
                flask_command(url, *args), cwd=ROOT, env=env, check=True, capture_output=True
            )
        before = fingerprint(disk / "portal.sqlite3")
        full = subprocess.run(
            flask_command(url, "import", "dossiers", str(files["dossiers"])),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        said = full.stdout + full.stderr
        assert full.returncode == 1, said[-2000:]
        assert "Traceback" not in said, said[-3000:]
        assert "full" in said.lower(), said[-2000:]
        assert "inserted 0, updated 0, unchanged 0, rejected 0" in full.stdout
        assert fingerprint(disk / "portal.sqlite3") == before
        assert integrity(disk / "portal.sqlite3") == "ok"
        # The site still reads what it had.
        from portal import create_app

        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path)})
        client = app.test_client()
        assert client.get("/vi/procedures?q=khai+sinh").status_code == 200
        assert client.get("/healthz").status_code == 200
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()


def disk_full(*args, **kwargs):
    raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))


def test_the_import_page_says_the_disk_is_full_and_keeps_nothing(
    app, client, catalogue, monkeypatch
):
    from portal.dossiers import imports as dossier_imports

    from .staff_helpers import as_role, post

    as_role(app, client, "publisher")
    csv_text = DOSSIER_HEADER + "".join(
        f"HS-{i:04d},1.009972,SXD,direct,2024-03-0{1 + i % 5}T08:00:00,"
        f"2024-03-20T17:00:00,,,,received,0,1234\n"
        for i in range(50)
    )
    kind = dossier_imports.DOSSIER_KINDS["dossiers"]
    monkeypatch.setattr(kind, "apply", disk_full)
    response = post(
        client,
        "/en/staff/imports",
        data={"kind": "dossiers", "file": (io.BytesIO(csv_text.encode()), "dossiers.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (422, 503), page[:3000]
    assert "full" in page.lower()
    assert client.get("/en/procedures").status_code == 200
    with app.app_context():
        from sqlalchemy import func, select

        from portal.extensions import db
        from portal.models import Dossier

        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_the_import_command_says_the_disk_is_full(app, runner, catalogue, monkeypatch, tmp_path):
    from portal.dossiers import imports as dossier_imports

    path = tmp_path / "dossiers.csv"
    path.write_text(
        DOSSIER_HEADER + "HS-1,1.009972,SXD,direct,2024-03-01T08:00:00,"
        "2024-03-20T17:00:00,,,,received,0,1234\n"
    )
    monkeypatch.setattr(dossier_imports.DOSSIER_KINDS["dossiers"], "apply", disk_full)
    result = runner.invoke(args=["import", "dossiers", str(path)])
    assert result.exit_code == 1
    assert "disk is full" in result.output
    assert "inserted 0, updated 0, unchanged 0, rejected 0" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- a database locked by a long writer -------------------------------------------------------


@contextmanager
def long_writer(database: Path):
    """Another connection holding the write lock, as a long import or a stuck script does."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=1)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE agency SET name_en = name_en")
    try:
        yield connection
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def test_pages_keep_answering_while_a_long_writer_holds_the_database(app, client, catalogue):
    if not on_sqlite(app):
        pytest.skip("the write lock is SQLite's; PostgreSQL locks rows, not the database")
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    with long_writer(database):
        started = time.monotonic()
        for url in (
            "/healthz",
            "/vi/procedures",
            "/vi/procedures?q=khai+sinh",
            "/en/procedures/1.009972",
            "/api/v1/procedures?q=xay+dung",
            "/api/v1/agencies",
            "/vi/lookup",
            "/vi/stats",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
        assert time.monotonic() - started < 5, "readers waited for the writer"


def test_a_search_that_finds_nothing_still_answers_while_the_database_is_locked(
    app, client, catalogue
):
    if not on_sqlite(app):
        pytest.skip("the write lock is SQLite's")
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    with long_writer(database):
        response = client.get("/vi/procedures?q=zzqqxx+khong+co")
    assert response.status_code == 200


def test_an_import_waiting_on_a_long_writer_gives_up_with_a_clear_message(
    app, runner, catalogue, tmp_path
):
    if not on_sqlite(app):
        pytest.skip("the write lock is SQLite's")
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    path = tmp_path / "agencies.csv"
    path.write_text("code,name_vi,level\nNEW1,Cơ quan mới,province\n", encoding="utf-8")
    with long_writer(database):
        started = time.monotonic()
        result = runner.invoke(args=["import", "agencies", str(path)])
        waited = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert "busy" in result.output or "locked" in result.output, result.output
    assert "inserted 0, updated 0, unchanged 0, rejected 0" in result.output
    assert waited < 30
    again = runner.invoke(args=["import", "agencies", str(path)])
    assert again.exit_code == 0, again.output
    assert "inserted 1" in again.output


# --- a read-only replica ----------------------------------------------------------------------


def test_the_public_pages_can_be_served_from_a_read_only_replica(app, client):
    """What DEPLOYMENT.md promises: public GET pages need no write, so app servers reading a
    PostgreSQL replica can serve them (here every connection is made read-only)."""
    from sqlalchemy import event, text

    from portal.extensions import db

    from .test_hostile import load_small_demo

    summary = load_small_demo(app, dossiers=300, months=3)
    with app.app_context():
        engine = db.engine
        engine.dispose()

        @event.listens_for(engine, "connect")
        def read_only(dbapi_connection, record):
            cursor = dbapi_connection.cursor()
            if engine.dialect.name == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi_connection.commit()  # a SET inside a rolled-back transaction is undone
            cursor.close()

        with engine.connect() as connection:  # the replica refuses writes indeed
            with pytest.raises(Exception, match="(?i)read.?only"):
                connection.execute(text("DELETE FROM agency"))
    month = summary.months[-1]
    dossier = next(s for s in summary.samples if s["status"] in ("processing", "returned"))
    for url in (
        "/vi/",
        "/en/procedures",
        "/vi/procedures?q=khai+sinh",
        "/vi/procedures?q=zzqqxxyy",
        "/api/v1/procedures?q=zzqq",
        "/vi/lookup",
        f"/vi/stats/{month}",
        "/vi/stats",
        "/en/late-agencies",
        f"/api/v1/stats/{month}",
        f"/api/v1/stats/{month}.csv",
        "/api/v1/agencies",
        "/vi/staff/login",
        "/healthz",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
    response = client.post(
        "/api/v1/lookup", json={"code": dossier["code"], "verifier": dossier["verifier"]}
    )
    assert response.status_code == 200
    with app.app_context():
        event.remove(db.engine, "connect", read_only)
        db.engine.dispose()


# --- Redis away -------------------------------------------------------------------------------


def test_the_look_up_keeps_answering_and_limiting_when_redis_is_away(database_url, tmp_path):
    from portal import create_app

    port = free_port()  # nothing listens there
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "test",
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}/0",
            "LOOKUP_RATE_LIMIT": "3 per minute",
        }
    )
    client = app.test_client()
    answers = [
        client.post("/api/v1/lookup", json={"code": "HS-1", "verifier": "1234"}) for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 429, 429]
    with app.app_context():
        from portal.extensions import db

        db.engine.dispose()
