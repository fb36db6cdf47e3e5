"""Agencies' own explanations of their late dossiers, per month: read for the late list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Agency, LateExplanation, PublishedMonth

MAX_LENGTH = 1000
# What the explanations are now, in the site's stamp (portal.kept_answers): one written,
# changed or removed moves it.
STAMP_PARTS = (
    f"(SELECT count(*) FROM {LateExplanation.__tablename__})",
    f"(SELECT max(updated_at) FROM {LateExplanation.__tablename__})",
)


@dataclass(frozen=True)
class Explanation:
    month: str
    text_vi: str
    text_en: str | None


def explanations_for(months: list[str] | tuple[str, ...]) -> dict[str, list[Explanation]]:
    """The explanations entered for these months, by agency code, oldest month first."""
    rows = db.session.execute(
        select(Agency.code, LateExplanation)
        .join(Agency, Agency.id == LateExplanation.agency_id)
        .where(LateExplanation.month.in_(list(months)))
        .order_by(LateExplanation.month)
    ).all()
    found: dict[str, list[Explanation]] = {}
    for code, row in rows:
        found.setdefault(code, []).append(Explanation(row.month, row.text_vi, row.text_en))
    return found


def explanation_of(agency: Agency, month: str) -> LateExplanation | None:
    return db.session.execute(
        select(LateExplanation).where(
            LateExplanation.agency_id == agency.id, LateExplanation.month == month
        )
    ).scalar_one_or_none()


def last_change() -> datetime | None:
    """When the figures the public sees last changed: a publication or an explanation."""
    published = db.session.scalar(select(func.max(PublishedMonth.published_at)))
    explained = db.session.scalar(select(func.max(LateExplanation.updated_at)))
    return max((t for t in (published, explained) if t is not None), default=None)
