"""Helpers for the alert tests: dossier files, an app wired to the test SMTP server."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

CODE = "H01.251201-0001"
VERIFIER = "807162"
EMAIL = "nguyen.van.an@gmail.com"
PUBLIC_URL = "https://dichvucong.example.gov.vn"
HEADER = (
    "code,procedure_code,agency_code,channel,received_at,due_at,resolved_at,returned_at,"
    "status,verifier\n"
)


def dossier_csv(*rows: dict) -> str:
    """dossiers.csv text; each row: code, status, and optionally resolved/returned times."""
    lines = [HEADER]
    for row in rows:
        lines.append(
            f"{row.get('code', CODE)},1.009972,SXD,online,2025-12-01T08:30:00,"
            f"{row.get('due', '2025-12-29T17:00:00')},{row.get('resolved', '')},"
            f"{row.get('returned', '')},{row.get('status', 'received')},"
            f"{row.get('verifier', VERIFIER)}\n"
        )
    return "".join(lines)


def events_csv(*steps: tuple[str, str, str], code: str = CODE) -> str:
    lines = ["dossier_code,at,step_vi,step_en,agency_code\n"]
    lines += [f"{code},{at},{vi},{en},SXD\n" for at, vi, en in steps]
    return "".join(lines)


def wire_mail(app, server) -> None:
    app.config.update(
        MAIL_URL=server.url,
        MAIL_FROM="thongbao@dichvucong.example.gov.vn",
        PUBLIC_URL=PUBLIC_URL,
        MAIL_RETRY_SECONDS=0.01,
        LOOKUP_RATE_LIMIT="100 per minute",
    )


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def html(message) -> str:
    return message.get_body(("html",)).get_content()


def link(message, kind: str) -> str:
    """The path of the first PUBLIC_URL link of a kind (confirm, unsubscribe, lookup) in a mail."""
    found = re.search(
        rf"{re.escape(PUBLIC_URL)}/(vi|en)/[^\s<>\"]*{kind}[^\s<>\"]*", plain(message)
    )
    assert found, f"no {kind} link in {plain(message)!r}"
    parts = urlsplit(found.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def subscribe(client, email: str = EMAIL, lang: str = "en", verifier: str = VERIFIER, code=CODE):
    return client.post(
        "/api/v1/subscriptions",
        json={"code": code, "verifier": verifier, "email": email, "lang": lang},
    )
