"""What every request passes through, kept lean (issue 15): the security headers, the
session cookie's signer and the rate limiter's hook.

A public page answered from memory costs little more than this machinery, so each part
here does per request only what the request needs: the headers are added to the answer's
list at the WSGI level, the session cookie's signer is made once per key, and the rate
limiter looks at a request only when some limit could apply to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from .extensions import limiter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
# Set on every answer, replacing whatever a view set.
FIXED_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
_REPLACED = frozenset(name.lower() for name, _ in [*FIXED_HEADERS, HSTS])


class SecurityHeaders:
    """WSGI middleware: the security headers on every answer, pages, API, errors and static
    files alike. A view's own Content-Security-Policy (a stricter one for downloads) stays;
    HSTS only over HTTPS, as the proxy fix has told the request (it runs outside this)."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            names = {name.lower() for name, _value in headers}
            if names & _REPLACED:
                headers = [h for h in headers if h[0].lower() not in _REPLACED]
            if "content-security-policy" not in names:
                headers.append(("Content-Security-Policy", CSP))
            headers.extend(FIXED_HEADERS)
            if environ.get("wsgi.url_scheme") == "https":
                headers.append(HSTS)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signer made once per secret key instead of on
    every request (a tenth of a plain page's cost, though most requests carry no cookie)."""

    def __init__(self) -> None:
        self._kept: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept_keys, serializer = self._kept
        if kept_keys != keys:
            serializer = super().get_signing_serializer(app)
            self._kept = (keys, serializer)
        return serializer


def init_limiter(app: Flask) -> None:
    """Set up the rate limiter. Every limit of the portal is a decorator on its view (the
    look-ups, the sign-in), checked by the decorator when the view runs: the limiter's own
    check before every request looks for app-wide or default limits, and while there are
    none it is left out. Configure any (RATELIMIT_DEFAULT, RATELIMIT_APPLICATION,
    RATELIMIT_META) and it runs again."""
    limiter.init_app(app)
    if app_wide_limits(app):
        return
    checks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in checks:
        checks.remove(limiter._check_request_limit)


def app_wide_limits(app: Flask) -> bool:
    """Whether rate limits are set that apply to every request (RATELIMIT_DEFAULT,
    RATELIMIT_APPLICATION, RATELIMIT_META)."""
    with app.app_context():
        manager = limiter.limit_manager
        return bool(
            manager.application_limits or manager.default_limits or app.config.get("RATELIMIT_META")
        )


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()
    init_limiter(app)
