"""The audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

from datetime import date, datetime

from flask import g, has_request_context, request

from .. import clock
from ..extensions import db
from ..models import AuditLog


def _plain(value):
    """A value JSON can hold: dates as ISO text, anything else unknown as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def changed_only(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys whose values differ, so the log shows what actually changed."""
    if not before or not after:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    keys += [k for k in before if k not in after]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _origin() -> dict:
    """The requesting client's address (as the proxy fix resolved it) and user agent."""
    if not has_request_context():
        return {}
    agent = request.headers.get("User-Agent") or None
    return {
        "address": (request.remote_addr or "")[:64] or None,
        "user_agent": agent[:256] if agent else None,
    }


def record(
    action: str,
    object_type: str,
    object_key: str | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
) -> AuditLog:
    """Add an audit entry to the current transaction; the caller commits it with the change."""
    user = actor if actor is not None else (g.get("staff") if has_request_context() else None)
    if isinstance(user, str):
        staff_id, actor_name = None, user
    elif user is not None:
        staff_id, actor_name = user.id, user.email
    else:
        staff_id, actor_name = None, "cli"
    entry = AuditLog(
        at=clock.now(),
        staff_id=staff_id,
        actor=actor_name[:254],
        action=action,
        object_type=object_type,
        object_key=None if object_key is None else str(object_key)[:128],
        before=_plain(before),
        after=_plain(after),
        **_origin(),
    )
    db.session.add(entry)
    return entry
