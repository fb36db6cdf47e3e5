"""The e-mails themselves: a confirmation or an alert, plain text and HTML, in the
subscriber's language, with RFC 8058 one-click unsubscribe on every alert."""

from __future__ import annotations

import base64
import binascii
import secrets
from contextlib import contextmanager
from datetime import datetime
from email import policy
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

from flask import current_app, g
from flask_babel import force_locale
from jinja2 import Template

from .. import clock
from ..dossiers import queries
from ..dossiers.words import STATUS_WORDS
from ..models import AlertOutbox, AlertSubscription, Dossier
from .subscriptions import token_for

# Bytes of text in one encoded word: 42 are 56 in base64, and "Subject: =?utf-8?b?...?=" 77.
ENCODED_WORD_BYTES = 42


def public_url(path: str) -> str:
    """An absolute address on the public site (PUBLIC_URL), as every e-mail link is."""
    return current_app.config["PUBLIC_URL"] + path


def lookup_url(lang: str, code: str) -> str:
    """The look-up with the code filled in; never the verifier."""
    return public_url(f"/{lang}/lookup?code={quote(code)}")


def confirm_url(subscription: AlertSubscription) -> str:
    return public_url(f"/{subscription.lang}/alerts/confirm/{token_for(subscription, 'confirm')}")


def unsubscribe_url(subscription: AlertSubscription) -> str:
    token = token_for(subscription, "unsubscribe")
    return public_url(f"/{subscription.lang}/alerts/unsubscribe/{token}")


@contextmanager
def language(lang: str):
    """Render in the subscriber's language, whatever the current request's is."""
    previous = g.get("lang")
    g.lang = lang
    try:
        with force_locale(lang):
            yield
    finally:
        g.lang = previous


def _event_time(change: dict) -> datetime | None:
    return datetime.fromisoformat(change["at"]) if change.get("at") else None


class Composer:
    """Writes the e-mails of one batch: what several of its messages share (a dossier's
    progress, a subscription's links, the sender's address) is worked out once."""

    def __init__(self, now: datetime):
        self.now = now
        self.sender = current_app.config["MAIL_FROM"]
        # The same id on a second try: a mail sent twice after a crash is one to mail clients.
        self.domain = self.sender.rpartition("@")[2] or "localhost"
        self.date = format_datetime(clock.with_zone(now))
        self.from_header = (
            policy.SMTP.header_factory("From", self.sender).fold(policy=policy.SMTP).rstrip("\r\n")
        )
        self.envelope_sender = parseaddr(self.sender)[1]
        self._timing: dict[tuple[int, str], tuple[queries.Progress, str]] = {}
        self._links: dict[tuple[int, str], str] = {}
        self._templates: dict[str, Template] = {}

    def timing(self, dossier: Dossier, lang: str) -> tuple[queries.Progress, str]:
        """A dossier's progress and the sentence on its time limit (in the current language)."""
        key = (dossier.id, lang)
        if key not in self._timing:
            progress = queries.progress(dossier, self.now.date())
            text = self.render_template(
                "alerts/mail/_timing.txt", dossier=dossier, progress=progress
            )
            self._timing[key] = progress, text
        return self._timing[key]

    def render_template(self, name: str, **context) -> str:
        """A template rendered straight by Jinja (no request, no signals), loaded once."""
        if name not in self._templates:
            self._templates[name] = current_app.jinja_env.get_template(name)
        return self._templates[name].render(context)

    def link(self, subscription: AlertSubscription, purpose: str) -> str:
        key = (subscription.id, purpose)
        if key not in self._links:
            make = confirm_url if purpose == "confirm" else unsubscribe_url
            self._links[key] = make(subscription)
        return self._links[key]

    def render(self, row: AlertOutbox, subscription: AlertSubscription, dossier: Dossier):
        """Subject, plain text and HTML of one outbox row, in the subscriber's language."""
        lang = subscription.lang
        context = {
            "dossier": dossier,
            "status_words": STATUS_WORDS,
            "lookup_url": lookup_url(lang, dossier.code),
        }
        with language(lang):
            if row.kind == "confirm":
                context["confirm_url"] = self.link(subscription, "confirm")
                name = "confirm"
            else:
                context["progress"], context["timing_text"] = self.timing(dossier, lang)
                context["change_text"] = self.render_template(
                    "alerts/mail/_change.txt",
                    kind=row.kind,
                    change=row.change,
                    event_at=_event_time(row.change),
                    status_words=STATUS_WORDS,
                )
                context["unsubscribe_url"] = self.link(subscription, "unsubscribe")
                name = "alert"
            subject = self.render_template(f"alerts/mail/{name}_subject.txt", **context).strip()
            plain = self.render_template(f"alerts/mail/{name}.txt", **context)
            html = self.render_template(f"alerts/mail/{name}.html", **context)
        return subject, plain, html, context.get("unsubscribe_url")

    def compose(self, row: AlertOutbox, subscription: AlertSubscription, dossier: Dossier) -> bytes:
        """The e-mail for one outbox row, as the bytes sent over SMTP (MIME, 7-bit)."""
        subject, plain, html, unsubscribe = self.render(row, subscription, dossier)
        boundary = f"=_alert_{secrets.token_hex(12)}"  # "=_" never occurs in QP or base64
        lines = [
            _header("Subject", subject),
            self.from_header,
            f"To: {subscription.email}",  # checked on subscribing: ASCII, no line breaks
            f"Date: {self.date}",
            f"Message-ID: <alert-{row.id}.{row.created_at:%Y%m%d%H%M%S}@{self.domain}>",
            "Auto-Submitted: auto-generated",
        ]
        if unsubscribe:
            lines += [
                f"List-Unsubscribe: <{unsubscribe}>",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            ]
        lines += [
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            _text_part("plain", plain),
            f"--{boundary}",
            _text_part("html", html),
            f"--{boundary}--",
            "",
        ]
        return "\r\n".join(lines).encode("ascii")


def _header(name: str, value: str) -> str:
    """A header line, folded; non-ASCII or long text as RFC 2047 encoded words."""
    value = " ".join(value.split())  # a line break in a step's name must not end the header
    if value.isascii() and len(name) + len(value) <= 76:
        return f"{name}: {value}"
    words, chunk, size = [], [], 0
    for char in value:
        width = len(char.encode())
        if size + width > ENCODED_WORD_BYTES:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += width
    words.append("".join(chunk))
    encoded = (base64.b64encode(word.encode()).decode("ascii") for word in words)
    return f"{name}: " + "\r\n ".join(f"=?utf-8?b?{word}?=" for word in encoded)


def _text_part(subtype: str, text: str) -> str:
    """One text part: quoted-printable or base64, whichever is shorter (as the email package
    chooses), in lines of at most 76 characters."""
    data = text.replace("\r\n", "\n").encode()
    quoted = binascii.b2a_qp(data, istext=True)
    encoded = base64.encodebytes(data.replace(b"\n", b"\r\n"))  # text/* is encoded with CRLF
    if len(quoted) <= len(encoded):
        encoding, body = "quoted-printable", quoted
    else:
        encoding, body = "base64", encoded
    body = body.decode("ascii").replace("\n", "\r\n")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n{body}"
    )
