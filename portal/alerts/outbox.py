"""The import's side of the outbox: the alerts a dossier or events import causes, written in
the import's own transaction (so an import rolled back sends nothing, and one committed
loses nothing).

Set-based: each batch's changes go to the database as one parameter (a JSON array on
SQLite, arrays on PostgreSQL) and one ``INSERT ... SELECT`` joins them with the active
subscriptions, so the import does no Python work per subscriber and reads nothing more.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..models import AlertSubscription

_ANY_ACTIVE = select(AlertSubscription.id).where(AlertSubscription.status == "active").limit(1)

_INTO = """INSERT INTO alert_outbox
    (subscription_id, kind, change, status, attempts, next_attempt_at, created_at) """
# The batch's rows, each joined with the active subscriptions of its dossier (its first
# value), in the batch's order.
_SQLITE = """'queued', 0, ?, ?
    FROM json_each(?) AS c
    JOIN alert_subscription AS s ON s.dossier_id = json_extract(c.value, '$[0]')
    WHERE s.status = 'active' ORDER BY c.key, s.id"""
_POSTGRESQL = """'queued', 0, %s, %s
    FROM unnest({arrays}) WITH ORDINALITY AS c({names}, n)
    JOIN alert_subscription AS s ON s.dossier_id = c.dossier_id
    WHERE s.status = 'active' ORDER BY c.n, s.id"""
# (dossier id, previous status, new status)
_STATUS = {
    "sqlite": _INTO
    + """SELECT s.id, 'status', json_object('status', json_extract(c.value, '$[2]'),
    'previous', json_extract(c.value, '$[1]')), """
    + _SQLITE,
    "postgresql": _INTO
    + "SELECT s.id, 'status', json_build_object('status', c.status, 'previous', c.previous), "
    + _POSTGRESQL.format(
        arrays="%s::integer[], %s::text[], %s::text[]", names="dossier_id, previous, status"
    ),
}
# (dossier id, at, step_vi, step_en)
_EVENT = {
    "sqlite": _INTO
    + """SELECT s.id, 'event', json_object('at', json_extract(c.value, '$[1]'),
    'step_vi', json_extract(c.value, '$[2]'), 'step_en', json_extract(c.value, '$[3]')), """
    + _SQLITE,
    "postgresql": _INTO
    + "SELECT s.id, 'event', json_build_object("
    + "'at', c.at, 'step_vi', c.step_vi, 'step_en', c.step_en), "
    + _POSTGRESQL.format(
        arrays="%s::integer[], %s::text[], %s::text[], %s::text[]",
        names="dossier_id, at, step_vi, step_en",
    ),
}


class ImportAlerts:
    """Queues one alert per active subscription for every change an import makes to a
    dossier: a new status, or a new step of the timeline.

    When nobody is subscribed at the start, it costs the import nothing more than one query.
    """

    def __init__(self, connection: Connection, now: datetime):
        self.connection = connection
        self.active = connection.execute(_ANY_ACTIVE).first() is not None
        self.dialect = connection.dialect.name
        self.sqlite = self.dialect == "sqlite"
        # Bound as the driver takes it; on SQLite, as SQLAlchemy's DateTime stores it.
        self.now = now.isoformat(" ", "microseconds") if self.sqlite else now

    def status_changes(self, changes: list[tuple[int, str, str]]) -> None:
        """After a batch of dossiers is written: queue an alert for each subscription of
        each dossier whose status changed, given as (dossier id, previous, new)."""
        if self.active and changes:
            self._queue(_STATUS, changes)

    def new_events(self, events: list[tuple[int, object, str, str | None]]) -> None:
        """After a batch of timeline steps (dossier id, at, step_vi, step_en) is inserted:
        queue an alert for each subscription of their dossiers."""
        if self.active and events:
            self._queue(_EVENT, [(d, str(at), vi, en) for d, at, vi, en in events])

    def _queue(self, statements: dict[str, str], rows: list[tuple]) -> None:
        if self.sqlite:
            params = (self.now, self.now, json.dumps(rows, ensure_ascii=False))
        else:
            params = (self.now, self.now, *(list(column) for column in zip(*rows, strict=True)))
        self.connection.exec_driver_sql(statements[self.dialect], params)
