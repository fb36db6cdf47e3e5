"""Answers no cache may keep: views marked no_store send Cache-Control: no-store, errors too."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, request


def no_store(view: Callable) -> Callable:
    """Mark a view whose every answer (its 404, 400 and 429 as well) is for its asker only."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    wrapper.no_store = True
    return wrapper


def init_app(app: Flask) -> None:
    @app.after_request
    def private_answers(response):
        # Checked by endpoint, not inside the view: a 429 raised before the view runs (the
        # rate limit) or an error page rendered for it is kept out of caches too.
        view = current_app.view_functions.get(request.endpoint or "")
        if getattr(view, "no_store", False):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
