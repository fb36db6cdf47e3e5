"""The search log: what citizens searched for, per day, with no personal data.

The one place that writes it. A query is kept folded and without personal numbers
(portal.text.loggable_words), counted per day: how often it was searched, how often it found
nothing, how often one of its results was opened from the results page.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db
from ..models import SearchLog
from ..text import loggable_words


def record_search(query: str, found: int, today: date) -> None:
    """Count one search of the catalogue, and whether it found nothing."""
    _count(loggable_words(query), today, searches=1, unanswered=int(found == 0))


def record_opened(query: str, today: date) -> None:
    """Count one result opened from the results page of this query."""
    _count(loggable_words(query), today, opened=1)


def _count(words: str, today: date, searches: int = 0, unanswered: int = 0, opened: int = 0):
    if not words:
        return
    day = today.year * 10000 + today.month * 100 + today.day
    try:
        updated = db.session.execute(
            update(SearchLog)
            .where(SearchLog.day == day, SearchLog.query == words)
            .values(
                searches=SearchLog.searches + searches,
                count=SearchLog.count + unanswered,
                opened=SearchLog.opened + opened,
            )
        ).rowcount
        if not updated:
            db.session.add(
                SearchLog(day=day, query=words, searches=searches, count=unanswered, opened=opened)
            )
        db.session.commit()
    except IntegrityError:  # the same query counted at once by another worker: a lost unit
        db.session.rollback()
    except SQLAlchemyError:  # a locked, full or read-only (replica) database: the page matters
        db.session.rollback()
