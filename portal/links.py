"""Absolute addresses (canonical links, the feed, QR codes, e-mails) built from PUBLIC_URL.

Never from the request's Host header: a page kept in a cache would otherwise carry whatever
host the first visitor sent to everyone after them.
"""

from flask import Flask, current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    """The page's full address on the public site, in a request or in a command alike."""
    base = current_app.config["PUBLIC_URL"]
    if not has_request_context():
        # A command (e-mails) has no request: build the path as if one came to PUBLIC_URL.
        with current_app.test_request_context(base_url=base):
            return base + url_for(endpoint, **values)
    return base + url_for(endpoint, **values)


def public_origin() -> str:
    """The site's scheme and host, e.g. https://dichvucong.example.gov.vn."""
    return current_app.config["PUBLIC_URL"]


def init_app(app: Flask) -> None:
    app.add_template_global(absolute_url)
