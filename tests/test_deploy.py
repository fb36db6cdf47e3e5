"""The sample production configuration in deploy/ works as DEPLOYMENT.md says."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def test_the_sample_environment_file_names_every_setting_the_portal_reads():
    read = set(re.findall(r'(?:env|_int)\(\s*"([A-Z_]+)"', (ROOT / "portal/config.py").read_text()))
    sample = (DEPLOY / "portal.env.example").read_text()
    named = set(re.findall(r"^#?([A-Z_]+)=", sample, flags=re.MULTILINE))
    assert read - named == set(), "settings missing from deploy/portal.env.example"
    assert named - read <= {"INSTANCE_PATH", "BACKUP_DIR", "BACKUP_KEEP_DAYS"}


def test_gunicorn_accepts_the_sample_settings():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            str(DEPLOY / "gunicorn.conf.py"),
            "wsgi:app",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": "sqlite://"},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_systemd_units_run_files_that_exist():
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for command in re.findall(r"^ExecStart=(\S+)", unit.read_text(), flags=re.MULTILINE):
            relative = command.removeprefix("/srv/portal/")
            if relative.startswith("deploy/"):
                assert (ROOT / relative).exists(), (unit.name, command)
    assert "gunicorn.conf.py" in (DEPLOY / "systemd/portal.service").read_text()
    assert "OnCalendar=" in (DEPLOY / "systemd/portal-backup.timer").read_text()


def test_the_backup_script_writes_a_consistent_copy_and_prunes_old_ones(tmp_path):
    database = tmp_path / "portal.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "INSTANCE_PATH": str(tmp_path),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "BACKUP_KEEP_DAYS": "7",
        "FLASK": str(Path(sys.executable).parent / "flask"),
    }
    subprocess.run(
        [env["FLASK"], "--app", "wsgi", "init-db"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    (tmp_path / "backups").mkdir()
    old = tmp_path / "backups" / "portal-20200101-020000.sqlite3"
    old.write_text("old")
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))
    done = subprocess.run(
        [str(DEPLOY / "backup.sh")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    copies = list((tmp_path / "backups").glob("portal-*.sqlite3"))
    assert len(copies) == 1 and not old.exists()
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM agency").fetchone()[0] == 0


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_sample_site(tmp_path):
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=portal",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip("no openssl to make a test certificate")
    site = (DEPLOY / "nginx/portal.conf").read_text()
    site = re.sub(r"/etc/letsencrypt/\S+/fullchain.pem", str(certificate), site)
    site = re.sub(r"/etc/letsencrypt/\S+/privkey.pem", str(key), site)
    site = site.replace("/var/cache/nginx/portal", str(tmp_path / "cache"))
    (tmp_path / "site.conf").write_text(site)
    temp = " ".join(
        f"{name}_temp_path {tmp_path / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};\n"
        f"events {{}}\nhttp {{ access_log off; {temp} include {tmp_path / 'site.conf'}; }}\n"
    )
    done = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_instance_folder_given_in_the_configuration_holds_the_default_database(tmp_path):
    from portal import create_app

    settings = {"INSTANCE_PATH": str(tmp_path / "instance"), "SQLALCHEMY_DATABASE_URI": None}
    app = create_app(settings)
    assert app.instance_path == str(tmp_path / "instance")
    expected = f"sqlite:///{tmp_path / 'instance' / 'portal.sqlite3'}"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected
