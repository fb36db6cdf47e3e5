"""The staff area: login cost, staff pages, a browser upload against the CLI import, backup.

A demo province with 100,000 dossiers; 20,000 audit entries and 3,000 unanswered searches
so the audit log and the search list page over real volumes.
"""

from __future__ import annotations

import io
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
from sqlalchemy import insert, update

from portal.extensions import db
from portal.imports import run_import
from portal.models import AuditLog, SearchLog, StaffUser

from .common import make_app, median_ms, report, request_ratio, scratch, time_call

DOSSIERS = 100_000
PASSWORD = "bench password long enough"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _token(client) -> str:
    html = client.get("/vi/staff/login", follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _load(app, folder: Path) -> dict:
    from portal import clock
    from portal.cli import init_db
    from portal.demo import write_demo_csvs
    from portal.imports import import_kinds
    from portal.staff.auth import hash_password

    files = write_demo_csvs(folder, dossiers=DOSSIERS, months=12, seed=7)
    with app.app_context():
        init_db()
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers"):
            with open(files[kind], "rb") as stream:
                run_import(kinds[kind](db.session), stream)
        db.session.add(
            StaffUser(
                email="admin@bench.vn",
                role="admin",
                active=True,
                created_at=clock.now(),
                password_hash=hash_password(PASSWORD),
                totp_secret=TOTP_SECRET,  # admins must use two-step sign-in
                totp_enabled_at=clock.now(),
            )
        )
        start = datetime(2024, 1, 1)
        db.session.execute(
            insert(AuditLog),
            [
                {
                    "at": start + timedelta(minutes=i),
                    "actor": "cli",
                    "action": "agency.update",
                    "object_type": "agency",
                    "object_key": f"A{i}",
                    "before": {"name_vi": "x"},
                    "after": {"name_vi": "y"},
                }
                for i in range(20_000)
            ],
        )
        today = int(clock.now().strftime("%Y%m%d"))
        db.session.execute(
            insert(SearchLog),
            [{"day": today, "query": f"tu khoa {i}", "count": i % 17 + 1} for i in range(3_000)],
        )
        db.session.commit()
    return files


def main(results: dict) -> None:
    folder = scratch("portal-bench-staff-")
    app = make_app()
    files = _load(app, folder)
    client = app.test_client()

    def log_in():
        """The password, then the app's code (the replay guard cleared: many sign-ins a minute)."""
        client.post(
            "/vi/staff/login",
            data={"csrf_token": _token(client), "email": "admin@bench.vn", "password": PASSWORD},
        )
        with app.app_context():
            db.session.execute(update(StaffUser).values(totp_last_step=None))
            db.session.commit()
        code = pyotp.TOTP(TOTP_SECRET).now()
        response = client.post(
            "/vi/staff/login/code", data={"csrf_token": _token(client), "code": code}
        )
        assert response.status_code == 303, "the bench admin signs in"

    report(results, "staff_login_median_ms", median_ms(time_call(log_in, 10)), "ms")
    log_in()
    for name, urls in {
        "staff_procedure_list": [
            "/vi/staff/procedures",
            "/vi/staff/procedures?page=5",
            "/vi/staff/procedures?q=giay+phep",
        ],
        "staff_audit_page": ["/vi/staff/audit", "/vi/staff/audit?page=200"],
        "staff_unanswered_searches": ["/vi/staff/searches"],
        "staff_procedure_edit_form": ["/vi/staff/procedures/1/edit"],
    }.items():
        median, ratio = request_ratio(client, urls, repeat=40)
        report(results, f"{name}_median_ms", median, "ms")
        report(results, f"{name}_x_healthz", ratio, "× /healthz")

    # The same dossiers file, re-imported through the upload page and by the engine directly
    # (every row unchanged: the check-and-compare path both take).
    content = Path(files["dossiers"]).read_bytes()
    start = time.perf_counter()
    response = client.post(
        "/vi/staff/imports",
        content_type="multipart/form-data",
        data={
            "csrf_token": _token(client),
            "kind": "dossiers",
            "file": (io.BytesIO(content), "dossiers.csv"),
        },
    )
    upload_s = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    with app.app_context():
        from portal.imports import import_kinds

        start = time.perf_counter()
        run_import(import_kinds()["dossiers"](db.session), io.BytesIO(content))
        engine_s = time.perf_counter() - start
    report(results, "staff_upload_dossiers_rows", DOSSIERS)
    report(results, "staff_upload_seconds", upload_s, "s")
    report(results, "staff_upload_x_engine", upload_s / engine_s, "× the import engine alone")

    runner = app.test_cli_runner()
    target = folder / "backup.db"
    start = time.perf_counter()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    report(results, "staff_backup_seconds", time.perf_counter() - start, "s")
    report(results, "staff_backup_mb", target.stat().st_size / 1e6, "MB")
