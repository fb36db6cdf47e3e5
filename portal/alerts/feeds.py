"""Private Atom feeds of one dossier's changes: created and revoked from the result page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select

from ..dossiers import queries
from ..extensions import db
from ..models import AlertFeed, Dossier
from . import tokens

MAX_FEEDS = 5  # per dossier: enough for a phone and a computer, too few to be a nuisance


def create(dossier_id: int, now: datetime) -> str | None:
    """Make a new feed for the dossier; return its token (shown once), or None when the
    dossier has as many feeds as it may."""
    if len(feeds_of(dossier_id)) >= MAX_FEEDS:
        return None
    token = tokens.new_token()
    db.session.add(
        AlertFeed(dossier_id=dossier_id, token_hash=tokens.digest(token), created_at=now)
    )
    db.session.commit()
    return token


# Built once: every look-up result lists the dossier's feeds.
_FEEDS_OF = select(AlertFeed).where(AlertFeed.dossier_id == bindparam("id")).order_by(AlertFeed.id)


def feeds_of(dossier_id: int) -> list[AlertFeed]:
    return list(db.session.scalars(_FEEDS_OF, {"id": dossier_id}))


def revoke(feed_id: int, dossier_id: int) -> bool:
    """Stop a feed of this dossier; False when it has no such feed."""
    done = db.session.execute(
        delete(AlertFeed).where(AlertFeed.id == feed_id, AlertFeed.dossier_id == dossier_id)
    )
    db.session.commit()
    return done.rowcount > 0


def dossier_of(token: str) -> Dossier | None:
    """The dossier a feed token opens, or None (unknown or revoked)."""
    dossier_id = db.session.scalar(
        select(AlertFeed.dossier_id).where(AlertFeed.token_hash == tokens.digest(token))
    )
    return queries.dossier_by_id(dossier_id) if dossier_id is not None else None


@dataclass(frozen=True)
class Entry:
    """One change in the feed: a step of the timeline, or the status reached at a moment."""

    key: str
    at: datetime
    step: object  # an event (step_vi/step_en), or None for a status entry
    status: str | None


def entries(dossier: Dossier) -> list[Entry]:
    """The dossier's changes, newest first: its steps, and the moments its status changed."""
    found = [
        Entry(f"step-{event.id}", event.at, event, None)
        for event, _ in queries.timeline(dossier.id)
    ]
    found.append(Entry("received", dossier.received_at, None, "received"))
    if dossier.resolved_at:
        status = "resolved" if dossier.status in ("resolved", "returned") else dossier.status
        found.append(Entry(f"status-{status}", dossier.resolved_at, None, status))
    if dossier.returned_at and dossier.status == "returned":
        found.append(Entry("status-returned", dossier.returned_at, None, "returned"))
    if not dossier.resolved_at and dossier.status != "received":
        latest = max(entry.at for entry in found)  # when it changed is not recorded: the last news
        found.append(Entry(f"status-{dossier.status}", latest, None, dossier.status))
    # Newest first; a status reached "at the last news" comes before that news.
    return sorted(found, key=lambda entry: (entry.at, entry.step is None), reverse=True)
