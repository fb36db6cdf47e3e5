"""Where to file: the one-stop desks of the communes with their addresses and hours, and the
blank forms attached to procedures, served as downloads."""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, request, send_file

from .. import clock
from ..i18n import LANG_RULE
from . import attachments, queries

bp = Blueprint("filing", __name__, url_prefix=f"/{LANG_RULE}")

DESK_LEVELS = ("commune", "district")


@bp.get("/offices")
def offices():
    """List the one-stop desks of today's communes, with their address and opening hours."""
    level = request.args.get("level", "commune")
    if level not in DESK_LEVELS:
        abort(404)
    q = (request.args.get("q") or "").strip()[:100]
    return render_template(
        "catalogue/offices.html",
        level=level,
        q=q,
        desks=queries.one_stop_desks(level, q, clock.today()),
    )


@bp.get("/forms/<int(max=2147483647):form_id>")
def form_file(form_id: int):
    """Send a procedure's blank form as a download, never shown inline."""
    form = attachments.published_form(form_id)
    if form is None:
        abort(404)
    response = send_file(
        io.BytesIO(form.data),
        mimetype=form.content_type,
        as_attachment=True,
        download_name=form.filename,
        max_age=3600,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
