"""A citizen subscribes to alerts from the look-up result, then follows the confirmation link
read from a real SMTP server (aiosmtpd), as send-alerts delivers it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from bench.serve import SECRET_KEY

from ..alert_helpers import plain
from ..mail_server import MailServer

ROOT = Path(__file__).resolve().parents[2]


def send_alerts(site, server: MailServer) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": site.database_url,
        "SECRET_KEY": SECRET_KEY,
        "MAIL_URL": server.url,
        "MAIL_FROM": "thongbao@example.gov.vn",
        "PUBLIC_URL": site.url,
        "INSTANCE_PATH": str(site.folder),
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "send-alerts"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_citizen_subscribes_from_the_result_page_and_confirms_by_the_emailed_link(page, site):
    dossier = site.sample("processing", "received", "supplement")
    page.goto(f"/vi/lookup?code={dossier['code']}")
    page.get_by_label("Số xác minh").fill(dossier["verifier"])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("h1")).to_contain_text(dossier["code"])
    page.get_by_label("Địa chỉ thư điện tử của bạn").fill("citizen@example.vn")
    page.get_by_role("button", name="Gửi thông báo cho tôi qua thư điện tử").click()
    expect(page.locator("h1")).to_have_text("Hãy kiểm tra hộp thư của bạn")

    server = MailServer()
    server.start()
    try:
        done = send_alerts(site, server)
        assert done.returncode == 0, done.stdout + done.stderr
        [confirmation] = server.inbox.wait_for(1)
    finally:
        server.stop()
    link = re.search(rf"{re.escape(site.url)}/vi/alerts/confirm/\S+", plain(confirmation))
    assert link, plain(confirmation)
    page.goto(link.group(0))
    expect(page.locator("h1")).to_have_text("Đã bật thông báo")
