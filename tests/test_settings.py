"""A real deployment states its centre's details or refuses to start; development uses the
demo province's; init-db says what it did; make run takes a port."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from portal import create_app
from portal.config import SettingsError
from portal.demo.province import PROVINCE_VI

ROOT = Path(__file__).resolve().parent.parent
REAL = {
    "PORTAL_ENV": "production",
    "PROVINCE_VI": "Hà Tĩnh",
    "PROVINCE_EN": "Ha Tinh",
    "CENTRE_ADDRESS": "Số 2 đường Nguyễn Tất Thành, phường Thành Sen, tỉnh Hà Tĩnh",
    "PUBLIC_URL": "https://dichvucong.example.vn",
}


def real_app(database_url, tmp_path, **settings):
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(tmp_path), **settings}
    )


@pytest.mark.parametrize("missing", ["PROVINCE_VI", "PROVINCE_EN", "CENTRE_ADDRESS"])
def test_a_real_deployment_missing_a_centre_setting_refuses_to_start(
    database_url, tmp_path, missing
):
    settings = {**REAL, missing: None}
    with pytest.raises(SettingsError) as refused:
        real_app(database_url, tmp_path, **settings)
    message = str(refused.value)
    assert "the portal cannot start" in message and "is not set" in message
    assert "deploy/portal.env.example" in message


def test_a_real_deployment_with_its_settings_names_its_own_province(database_url, tmp_path):
    client = real_app(database_url, tmp_path, **REAL).test_client()
    site = REAL["PUBLIC_URL"]  # a real site answers to its own host only
    vi = client.get("/vi/", base_url=site).get_data(as_text=True)
    en = client.get("/en/", base_url=site).get_data(as_text=True)
    assert "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh" in vi
    assert "Ha Tinh Provincial Public Administrative Service Centre" in en
    assert "phường Thành Sen, tỉnh Hà Tĩnh" in vi
    assert PROVINCE_VI not in vi  # nothing of the demo province leaks into a real site


def test_a_public_url_that_is_not_an_address_is_refused_at_start(database_url, tmp_path):
    with pytest.raises(SettingsError, match="PUBLIC_URL is not an absolute http"):
        real_app(database_url, tmp_path, **{**REAL, "PUBLIC_URL": "portal.example.vn"})
    app = real_app(database_url, tmp_path, **REAL)
    assert app.config["PUBLIC_URL"] == "https://dichvucong.example.vn"


def test_the_command_line_refuses_to_start_without_the_settings(tmp_path):
    done = subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "routes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "PORTAL_ENV": "production",
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        },
    )
    assert done.returncode != 0
    assert "the portal cannot start: PROVINCE_VI is not set" in done.stderr


def test_init_db_says_it_created_a_new_database_then_that_it_is_up_to_date(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'new.sqlite3'}",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0
    said = first.output.splitlines()[-1]  # after alembic's own log lines
    assert said.startswith("created the database schema (revision ")
    assert "up to date" not in first.output
    again = runner.invoke(args=["init-db"])
    assert again.output.splitlines()[-1].startswith("the database schema is up to date (revision")


def test_make_run_takes_the_port_it_is_given():
    done = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "run --host 127.0.0.1 --port 8123" in done.stdout
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "--port 5000" in default.stdout
