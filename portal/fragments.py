"""Parts of a personal page kept rendered, with each visitor's own values put in.

The look-up result is personal (its forms carry the visitor's CSRF token and signed proofs
of the look-up), so it cannot be kept whole; but its forms are the same for every visitor of
one language but for those values, and rendering them cost more than answering /healthz does
(issue 15). A part is rendered once per worker around marks, and each request replaces the
marks with its own values: the HTML is byte for byte what the template draws.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .i18n import page_lang

# A stand-in for the visitor's CSRF token: letters and digits only, so that no template
# escapes it, and nothing a page contains otherwise.
TOKEN_MARK = "0kept0csrf0token0mark0"
_KEPT = 256  # parts kept per worker: a few per language; never grows


def kept_html(store: str, key: Hashable, render: Callable[[], object], limit: int):
    """What ``render`` gave for ``key``, kept in this worker's ``store`` (a dict in the app's
    extensions) and rendered only the first time; a store that reaches ``limit`` entries is
    emptied, so it never grows past it."""
    kept = current_app.extensions.setdefault(store, {})
    value = kept.get(key)
    if value is None:
        if len(kept) >= limit:
            kept.clear()
        value = kept[key] = render()
    return value


def csrf_token() -> str | None:
    """This visitor's CSRF token (the one every form of the request carries), or None
    while CSRF protection is off."""
    return generate_csrf() if current_app.config.get("WTF_CSRF_ENABLED", True) else None


def kept_part(name: str, render: Callable[[], str], values: dict[str, str]) -> Markup:
    """The part ``name`` of this language, rendered by ``render`` once with each key of
    ``values`` (a mark) in place of the visitor's value, then with this visitor's values.

    ``render`` runs in the request: the CSRF token it draws is this visitor's, and is
    kept as TOKEN_MARK.
    """
    token = csrf_token()
    key = (name, str(get_locale()), page_lang(), request.script_root, token is not None)

    def render_marked() -> str:
        html = render()
        return html.replace(token, TOKEN_MARK) if token is not None else html

    html = kept_html("kept_parts", key, render_marked, _KEPT)
    if token is not None:
        html = html.replace(TOKEN_MARK, token)
    for mark, value in values.items():
        html = html.replace(mark, value)
    return Markup(html)
