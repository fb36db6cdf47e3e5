"""The import's side of the outbox: the alerts a dossier or events import causes, written in
the import's own transaction (so an import rolled back sends nothing, and one committed
loses nothing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ..models import AlertOutbox, AlertSubscription, Dossier

_ANY_ACTIVE = select(AlertSubscription.id).where(AlertSubscription.status == "active").limit(1)


class ImportAlerts:
    """Watches the subscribed dossiers of each batch of an import and queues one alert per
    subscription for every change: a new status, or a new step of the timeline.

    When nobody is subscribed at the start, it costs the import nothing more than one query.
    """

    def __init__(self, connection: Connection, now: datetime):
        self.connection = connection
        self.now = now
        self.active = connection.execute(_ANY_ACTIVE).first() is not None
        self._watched_keys: dict[str, list[int]] | None = None

    def _subscribed_keys(self) -> dict[str, list[int]]:
        """The code keys of subscribed dossiers with their subscriptions, read once per import:
        subscriptions are few beside dossiers, so a batch is then sorted in memory."""
        if self._watched_keys is None:
            self._watched_keys = {}
            for key, subscription_id in self.connection.execute(
                select(Dossier.code_key, AlertSubscription.id)
                .join(AlertSubscription, AlertSubscription.dossier_id == Dossier.id)
                .where(AlertSubscription.status == "active")
            ):
                self._watched_keys.setdefault(key, []).append(subscription_id)
        return self._watched_keys

    def statuses(self, code_keys: list[str]) -> dict[str, tuple[str, list[int]]]:
        """Before a batch of dossiers is written: the status of each subscribed one, with its
        subscriptions, by code key."""
        if not self.active or not code_keys:
            return {}
        subscribed = self._subscribed_keys()
        keys = [key for key in code_keys if key in subscribed]
        if not keys:
            return {}
        rows = self.connection.execute(
            select(Dossier.code_key, Dossier.status).where(Dossier.code_key.in_(keys))
        )
        return {key: (status, subscribed[key]) for key, status in rows}

    def status_changes(self, watched: dict, new_statuses: dict[str, str]) -> None:
        """After the batch is written: queue an alert for each subscribed dossier whose
        status changed."""
        rows = []
        for key, (old, subscriptions) in watched.items():
            new = new_statuses.get(key)
            if new is not None and new != old:
                change = {"status": new, "previous": old}
                rows += [self._row(s, "status", change) for s in subscriptions]
        self._queue(rows)

    def new_events(self, events: list[tuple[int, object, str, str | None]]) -> None:
        """After a batch of timeline steps (dossier id, at, step_vi, step_en) is inserted:
        queue an alert for each subscription of their dossiers."""
        if not self.active or not events:
            return
        subscribed: dict[int, list[int]] = {}
        for dossier_id, subscription_id in self.connection.execute(
            select(AlertSubscription.dossier_id, AlertSubscription.id).where(
                AlertSubscription.status == "active",
                AlertSubscription.dossier_id.in_({e[0] for e in events}),
            )
        ):
            subscribed.setdefault(dossier_id, []).append(subscription_id)
        rows = []
        for dossier_id, at, step_vi, step_en in events:
            change = {"at": str(at), "step_vi": step_vi, "step_en": step_en}
            rows += [self._row(s, "event", change) for s in subscribed.get(dossier_id, ())]
        self._queue(rows)

    def _row(self, subscription_id: int, kind: str, change: dict) -> dict:
        return {
            "subscription_id": subscription_id,
            "kind": kind,
            "change": change,
            "status": "queued",
            "attempts": 0,
            "next_attempt_at": self.now,
            "created_at": self.now,
        }

    def _queue(self, rows: list[dict]) -> None:
        if rows:
            self.connection.execute(insert(AlertOutbox), rows)
