"""Request bodies: small for everyone (MAX_CONTENT_LENGTH), larger (MAX_UPLOAD_BYTES) only on
the staff routes that need it, once signed in (a publisher's CSV upload, an editor's procedure
texts); JSON nested too deeply is refused as bad input."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider


def large_body(role: str) -> Callable[[Callable], Callable]:
    """Mark a view that may receive MAX_UPLOAD_BYTES from signed-in staff with `role`."""

    def mark(view: Callable) -> Callable:
        view.large_body_role = role
        return view

    return mark


def _larger_body_for_signed_in_staff() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    role = getattr(view, "large_body_role", None)
    if request.method != "POST" or role is None:
        return
    from .staff import auth  # here: the staff views import this module's decorator

    user, _expired = auth.load_user()
    if user is not None and auth.can(role, user):
        request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"]


class BoundedJSONProvider(DefaultJSONProvider):
    """JSON as Flask reads it, but nesting deeper than Python can follow is a ValueError,
    which request.get_json treats as any malformed body (a 400), not a RecursionError (500)."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def init_app(app: Flask) -> None:
    """Call before the CSRF extension is set up: its check reads the body, so the limit must
    be raised before it runs."""
    app.json = BoundedJSONProvider(app)
    app.before_request(_larger_body_for_signed_in_staff)
