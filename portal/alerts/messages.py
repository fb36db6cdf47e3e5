"""The e-mails themselves: a confirmation or an alert, plain text and HTML, in the
subscriber's language, with RFC 8058 one-click unsubscribe on every alert."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import quote

from flask import current_app, g, render_template
from flask_babel import force_locale

from .. import clock
from ..dossiers import queries
from ..dossiers.words import STATUS_WORDS
from ..models import AlertOutbox, AlertSubscription, Dossier
from .subscriptions import token_for


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


def compose(
    row: AlertOutbox, subscription: AlertSubscription, dossier: Dossier, now: datetime
) -> EmailMessage:
    """The e-mail for one outbox row."""
    lang = subscription.lang
    context = {
        "dossier": dossier,
        "change": row.change,
        "kind": row.kind,
        "event_at": _event_time(row.change),
        "status_words": STATUS_WORDS,
        "lookup_url": lookup_url(lang, dossier.code),
    }
    with language(lang):
        if row.kind == "confirm":
            context["confirm_url"] = confirm_url(subscription)
            name = "confirm"
        else:
            context["progress"] = queries.progress(dossier, now.date())
            context["unsubscribe_url"] = unsubscribe_url(subscription)
            name = "alert"
        subject = render_template(f"alerts/mail/{name}_subject.txt", **context).strip()
        plain = render_template(f"alerts/mail/{name}.txt", **context)
        html = render_template(f"alerts/mail/{name}.html", **context)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = subscription.email
    message["Date"] = format_datetime(clock.with_zone(now))
    # The same id on a second try: a mail sent twice after a crash is one to mail clients.
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<alert-{row.id}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    if row.kind != "confirm":
        message["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(plain)
    message.add_alternative(html, subtype="html")
    return message
