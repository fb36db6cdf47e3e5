"""Helpers for the staff-area tests: accounts, the CSRF token, logging in (with the second
factor where the account has one), posting forms."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyotp
from sqlalchemy import update

from portal import clock
from portal.extensions import db
from portal.models import AuditLog, StaffUser
from portal.staff.auth import hash_password

PASSWORD = "correct horse battery"
# The authenticator-app key of accounts made here with two-step verification on.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_staff(
    app,
    email: str,
    role: str,
    password: str = PASSWORD,
    active: bool = True,
    two_factor: bool | None = None,
) -> int:
    """Create an account; publishers and admins (who must) get two-step verification on."""
    if two_factor is None:
        two_factor = role in ("publisher", "admin")
    with app.app_context():
        user = StaffUser(
            email=email,
            role=role,
            active=active,
            created_at=clock.now(),
            password_hash=hash_password(password),
            totp_secret=TOTP_SECRET if two_factor else None,
            totp_enabled_at=clock.now() if two_factor else None,
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def token(client, lang: str = "vi") -> str:
    """A valid CSRF token for this client's session, read from a staff page."""
    html = client.get(f"/{lang}/staff/login", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page carries a CSRF token"
    return match.group(1)


def current_code(app, email: str) -> str:
    """The code the account's authenticator app shows now.

    Tests sign the same account in many times a minute; the guard against using a code
    twice has tests of its own, so the record of the last code used is cleared first.
    """
    with app.app_context():
        db.session.execute(
            update(StaffUser).where(StaffUser.email == email).values(totp_last_step=None)
        )
        db.session.commit()
        secret = db.session.scalar(db.select(StaffUser.totp_secret).where(StaffUser.email == email))
    return pyotp.TOTP(secret).at(clock.utc_now())


def login(client, email: str, password: str = PASSWORD, lang: str = "vi"):
    """Log in as a person would: the password, then the app's code when the account has one."""
    response = client.post(
        f"/{lang}/staff/login",
        data={"csrf_token": token(client, lang), "email": email, "password": password},
    )
    if response.status_code == 303 and response.headers["Location"].endswith("/login/code"):
        code = current_code(client.application, email.strip().lower())
        response = client.post(
            f"/{lang}/staff/login/code", data={"csrf_token": token(client, lang), "code": code}
        )
    return response


def as_role(app, client, role: str, email: str | None = None) -> int:
    """Create an account with `role` and log the client in with it; returns its id."""
    email = email or f"{role}@example.gov.vn"
    user_id = make_staff(app, email, role)
    response = login(client, email)
    assert response.status_code == 303, response.get_data(as_text=True)
    return user_id


def post(client, url: str, data: dict | None = None, **kwargs):
    """Post a form the way a browser does, with the session's CSRF token."""
    lang = url.split("/")[1] if url.count("/") > 1 else "vi"
    return client.post(url, data={"csrf_token": token(client, lang), **(data or {})}, **kwargs)


def audit_actions(app) -> list[tuple[str, str, str | None]]:
    """(actor, action, object_key) of every audit entry, oldest first."""
    with app.app_context():
        return [
            (e.actor, e.action, e.object_key)
            for e in db.session.scalars(db.select(AuditLog).order_by(AuditLog.id))
        ]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


class _FormReader(HTMLParser):
    """Reads the successful controls of the forms on a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._field: tuple[str, str] | None = None  # (kind, name) inside textarea/select
        self._text: list[str] = []
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"_action": a.get("action", "")})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1][a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "file"):
                self.forms[-1][a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._field, self._text = ("textarea", a["name"]), []
        elif tag == "select":
            self._field, self._options = ("select", a["name"]), []
        elif tag == "option":
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._field and self._field[0] == "textarea":
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._field:
            text = "".join(self._text)
            self.forms[-1][self._field[1]] = text[2:] if text.startswith("\r\n") else text
            self._field = None
        elif tag == "select" and self._field:
            chosen = [v for v, s in self._options if s] or [v for v, _ in self._options[:1]]
            self.forms[-1][self._field[1]] = chosen[0] if chosen else ""
            self._field = None


def form_values(html: str, action_part: str = "") -> dict:
    """The values of the first form whose action contains `action_part` (csrf_token dropped)."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        if (
            action_part in form["_action"]
            and "csrf_token" in form
            and not form["_action"].endswith("/logout")
        ):
            values = {k: v for k, v in form.items() if k not in ("_action", "csrf_token")}
            return values
    raise AssertionError(f"no form with action containing {action_part!r}")
