"""The page frame's header and footer, rendered once per language, section and settings.

Every HTML page draws the same header (brand, language switch, main menu) and footer (the
centre's address and hours); rendering them anew cost each page more than answering
/healthz does (issue 15). Only the two language links differ from one address to the next:
the header is kept with stand-ins for them, and each page puts in its own links, escaped
as the template would have escaped them. The HTML is byte for byte what base.html drew.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from .fragments import kept_html
from .i18n import page_lang, switch_language_url

# Stand-ins for the language links: nothing a template escapes, nothing a page contains.
_LINKS = {lang: f"@@portal-language-link-{lang}@@" for lang in ("vi", "en")}
_FOOTER_SETTINGS = (
    "CENTRE_NAME_VI",
    "CENTRE_NAME_EN",
    "CENTRE_ADDRESS",
    "CENTRE_PHONE",
    "CENTRE_HOURS_VI",
    "CENTRE_HOURS_EN",
)
_KEPT = 512  # frames kept per worker: a few per language and section


def _kept(key: tuple, render) -> str:
    return kept_html("page_frames", key, render, _KEPT)


def _settings() -> tuple:
    config = current_app.config
    return tuple(config.get(name) for name in _FOOTER_SETTINGS)


def frame_header() -> Markup:
    """The page's header: the kept one for its language and section, with its own links."""
    key = ("header", str(get_locale()), page_lang(), request.endpoint, request.script_root)
    html = _kept(
        (*key, _settings()),
        lambda: render_template(
            "partials/frame_header.html", switch_language_url=_LINKS.__getitem__
        ),
    )
    for lang, stand_in in _LINKS.items():
        html = html.replace(stand_in, str(escape(switch_language_url(lang))))
    return Markup(html)


def frame_footer() -> Markup:
    """The page's footer, kept per language and settings."""
    key = ("footer", str(get_locale()), page_lang(), _settings())
    return Markup(_kept(key, lambda: render_template("partials/frame_footer.html")))


def init_app(app: Flask) -> None:
    app.add_template_global(frame_header)
    app.add_template_global(frame_footer)
