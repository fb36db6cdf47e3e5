"""The staff's view of the status alerts' outbox: queued, sent, failed, with the reasons."""

from __future__ import annotations

from flask import render_template, request

from ..alerts import queries
from .blueprint import bp


@bp.get("/alerts")
def alerts():
    """Show the outbox: counts by state and the latest messages, addresses masked."""
    state = request.args.get("state")
    state = state if state in queries.STATES else None
    return render_template(
        "staff/alerts.html",
        counts=queries.outbox_counts(),
        rows=queries.latest_messages(state),
        state=state,
    )
