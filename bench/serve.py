"""Serve the portal for real: a demo database and gunicorn on a free port of 127.0.0.1.

Used by the load benchmark (``bench/bench_load.py``) and the browser tests (``tests/e2e``):
the data goes in through the real importers, the pages come out of a real server.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAFF_EMAIL = "admin@example.vn"
STAFF_PASSWORD = "a long test passphrase 2024"
# The demo admin's authenticator-app key: admins must use two-step verification.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# The loader and the server must share the key: it keys the dossier verifiers' hashes.
SECRET_KEY = "served-secret"


@dataclass
class Demo:
    """What was loaded: the published months, sample dossiers (with verifiers), procedures."""

    database_url: str
    months: list[str]
    samples: list[dict] = field(default_factory=list)
    procedures: list[dict] = field(default_factory=list)
    staff: tuple[str, str] | None = None

    def sample(self, *statuses: str) -> dict:
        """A demo dossier {code, verifier, status, ...} with one of the statuses."""
        for row in self.samples:
            if not statuses or row["status"] in statuses:
                return row
        raise LookupError(f"no demo dossier with status {statuses}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_demo(
    database_url: str, folder: Path, dossiers: int = 3000, months: int = 13, staff: bool = True
) -> Demo:
    """Create the schema, import a demo province, publish its months, add an admin account."""
    from portal import create_app
    from portal.cli import init_db
    from portal.demo import write_demo_csvs
    from portal.extensions import db
    from portal.imports import import_kinds, run_import
    from portal.stats.publish import publish_months

    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": SECRET_KEY,
        }
    )
    files = write_demo_csvs(folder / "csv", dossiers=dossiers, months=months, seed=2024)
    with app.app_context():
        init_db()
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers", "events", "ratings"):
            with files[kind].open("rb") as stream:
                run_import(kinds[kind](db.session), stream)
        publish_months(files.summary.months, note="demo")
        db.session.remove()
        db.engine.dispose()
    demo = Demo(database_url, files.summary.months, files.summary.samples)
    with files["procedures"].open(encoding="utf-8-sig") as stream:
        demo.procedures = list(csv.DictReader(stream))
    if staff:
        result = app.test_cli_runner().invoke(
            args=["create-staff", STAFF_EMAIL, "--role", "admin"], input=STAFF_PASSWORD + "\n"
        )
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        demo.staff = (STAFF_EMAIL, STAFF_PASSWORD)
        _enrol_second_factor(app, STAFF_EMAIL)
    return demo


def _enrol_second_factor(app, email: str) -> None:
    """Turn two-step verification on for the account, with the known key, as enrolling does."""
    from portal import clock
    from portal.extensions import db
    from portal.models import StaffUser

    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).where(StaffUser.email == email))
        user.totp_secret, user.totp_enabled_at = STAFF_TOTP_SECRET, clock.now()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def staff_code(database_url: str, email: str = STAFF_EMAIL) -> str:
    """The demo admin's current app code; the record of the last code used is cleared first,
    as browser tests sign in many times a minute (the replay guard has its own tests)."""
    import pyotp
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE staff_user SET totp_last_step = NULL WHERE email = :email"),
            {"email": email},
        )
    engine.dispose()
    return pyotp.TOTP(STAFF_TOTP_SECRET).now()


def start_server(
    database_url: str,
    folder: Path,
    port: int,
    *,
    env: dict | None = None,
    workers: int = 2,
    threads: int = 2,
    app: str = "wsgi:app",
    cwd: Path = ROOT,
    extra: list[str] | None = None,
) -> subprocess.Popen:
    """gunicorn serving ``app`` on 127.0.0.1:port; its log goes to folder/server.log.

    ``extra`` adds gunicorn options (the load benchmark passes the deployed worker class and
    keep-alive)."""
    settings = {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": SECRET_KEY,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",  # its links lead back to this server
        "LOOKUP_RATE_LIMIT": "1000 per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "PYTHONUNBUFFERED": "1",
    }
    settings.update(env or {})
    log = (folder / "server.log").open("ab")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            *(extra or []),
            app,
        ],
        cwd=cwd,
        env=settings,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_up(
    url: str, process: subprocess.Popen, path: str = "/healthz", seconds: float = 60
) -> None:
    """Wait until url+path answers 200; raise if the server dies or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with status {process.returncode}")
        try:
            with urllib.request.urlopen(url + path, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop_server(process: subprocess.Popen) -> None:
    """Stop gunicorn gracefully (SIGTERM), killing it after 15 s; its workers with it (the
    server runs in a process group of its own, so none is left behind)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # a worker that outlived its master
    except ProcessLookupError:
        pass
