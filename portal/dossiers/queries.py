"""Dossier queries: the look-up by code and verifier, its timeline, ratings, and how long a
procedure really takes here."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from flask import current_app
from sqlalchemy import bindparam, case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, lazyload, load_only

from .. import clock
from ..extensions import core_read, db
from ..models import (
    FINISHED_STATUSES,
    RESOLVED_STATUSES,
    Agency,
    AlertFeed,
    Dossier,
    DossierEvent,
    Procedure,
    Rating,
)
from ..text import fold
from .verifier import check_verifier
from .workdays import day_int, from_day_int, working_days_between

CODE_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Below this many resolved dossiers a median says more about chance than about the agency.
MIN_SAMPLE = 5


def code_key(code: str) -> str:
    """The form codes are matched in: surrounding spaces dropped, upper case."""
    return code.strip().upper()


# Built once: a look-up runs these three statements and nothing else. The small ones read
# the tables' columns, not the mapped classes: no ORM bookkeeping for a row or two (issue 15).
_dossier, _event, _agency = Dossier.__table__, DossierEvent.__table__, Agency.__table__
_FIND = select(_dossier.c.id, _dossier.c.verifier_hash).where(
    _dossier.c.code_key == bindparam("key")
)
_LOAD = (
    select(Dossier)
    .where(Dossier.id == bindparam("id"))
    .options(
        # The result names the procedure and its time limit: its full texts (documents,
        # steps, legal basis) and its agency are not read (issue 15).
        joinedload(Dossier.procedure).options(
            load_only(
                Procedure.code,
                Procedure.name_vi,
                Procedure.name_en,
                Procedure.published,
                Procedure.processing_days,
            ),
            lazyload(Procedure.agency),
        ),
        joinedload(Dossier.agency),
    )
)
_TIMELINE = (
    select(
        _event.c.id,
        _event.c.at,
        _event.c.step_vi,
        _event.c.step_en,
        _agency.c.id.label("agency_id"),
        _agency.c.code,
        _agency.c.name_vi,
        _agency.c.name_en,
    )
    .select_from(_event.outerjoin(_agency, _event.c.agency_id == _agency.c.id))
    .where(_event.c.dossier_id == bindparam("id"))
    .order_by(_event.c.at, _event.c.id)
)


@dataclass(frozen=True, slots=True)
class Step:
    """A step of a dossier's timeline, as its pages and feeds show it."""

    id: int
    at: datetime
    step_vi: str
    step_en: str | None


@dataclass(frozen=True, slots=True)
class StepAgency:
    """The agency that took a step."""

    code: str
    name_vi: str
    name_en: str | None


def find_dossier(code: str, verifier: str) -> Dossier | None:
    """Return the dossier when the code and verifier match, else None.

    An unknown code and a wrong verifier take the same path: one indexed read of a small
    row and one HMAC comparison (against a dummy hash when there is no row).
    """
    row = core_read(_FIND, {"key": code_key(code)}).first()
    stored = row.verifier_hash if row else None
    if not check_verifier(current_app.config["VERIFIER_KEY"], verifier, stored) or row is None:
        return None
    return db.session.scalar(_LOAD, {"id": row.id})


def timeline(dossier_id: int) -> list[tuple[Step, StepAgency | None]]:
    """The dossier's steps, oldest first, each with the agency that took it (the rows read
    in _TIMELINE's order: by name, a row's values cost ~0.9 us each)."""
    rows = core_read(_TIMELINE, {"id": dossier_id})
    return [
        (
            Step(step_id, at, step_vi, step_en),
            StepAgency(code, name_vi, name_en) if agency_id is not None else None,
        )
        for step_id, at, step_vi, step_en, agency_id, code, name_vi, name_en in rows
    ]


# How the one-stop software names the step of the letter of apology (thư xin lỗi và hẹn lại
# ngày trả kết quả, Decree 61/2018 form 05), folded: the letter is dated by that step.
APOLOGY_STEP = "xin loi"


def apology_letter(steps: list[tuple[Step, StepAgency | None]]) -> Step | None:
    """The timeline's latest letter of apology, if the agency recorded one."""
    letters = [event for event, _ in steps if APOLOGY_STEP in fold(event.step_vi)]
    return letters[-1] if letters else None


@dataclass(frozen=True)
class Progress:
    """Where a dossier stands against its due date, in working days."""

    finished: bool
    overdue: bool  # finished after the due date, or still open past it
    due_date: date
    days_left: int | None  # working days until the due date, while open and not overdue
    days_late: int | None  # working days past the due date, when overdue
    elapsed: int  # working days from receipt to the finish, or to today while open
    new_due_date: date | None  # the date promised in the agency's letter of apology
    new_days_left: int | None


def progress(dossier: Dossier, today: date | None = None) -> Progress:
    """Count a dossier's working days against its due date (and any new date promised)."""
    today = today or clock.today()
    received = dossier.received_at.date()
    due = dossier.due_at.date()
    finished = dossier.status in FINISHED_STATUSES and dossier.resolved_at is not None
    end = dossier.resolved_at.date() if finished else today
    overdue = end > due
    new_due = dossier.extended_due_at.date() if dossier.extended_due_at else None
    return Progress(
        finished=finished,
        overdue=overdue,
        due_date=due,
        days_left=None if finished or overdue else working_days_between(today, due),
        days_late=working_days_between(due, end) if overdue else None,
        elapsed=max(0, working_days_between(received, end)),
        new_due_date=new_due,
        new_days_left=(
            working_days_between(today, new_due)
            if new_due and not finished and new_due >= today
            else None
        ),
    )


# --- how long a procedure really takes -----------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Working days taken by the dossiers of one procedure resolved in the last 12 months."""

    resolved: int
    on_time: int  # resolved on or before the due date
    days: tuple[int, ...]  # distinct durations, ascending
    cumulative: tuple[int, ...]  # dossiers that took at most days[i]

    @property
    def enough(self) -> bool:
        return self.resolved >= MIN_SAMPLE

    def quantile(self, percent: int) -> int | None:
        """The fewest working days within which at least percent % of them were resolved."""
        if not self.resolved:
            return None
        needed = max(1, -(-percent * self.resolved // 100))  # integer ceiling: no float error
        for days, count in zip(self.days, self.cumulative, strict=True):
            if count >= needed:
                return days
        return self.days[-1]

    @property
    def median(self) -> int | None:
        return self.quantile(50)

    @property
    def p90(self) -> int | None:
        return self.quantile(90)

    @property
    def on_time_pct(self) -> float | None:
        return 100 * self.on_time / self.resolved if self.resolved else None

    def share_within(self, days: int) -> float | None:
        """Per cent of the dossiers resolved within that many working days."""
        if not self.resolved:
            return None
        index = bisect_right(self.days, days)
        return 100 * (self.cumulative[index - 1] if index else 0) / self.resolved


def year_before(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


# Grouped by the pair of dates, the rows to read stay few even for a busy procedure; the
# range on finished_day walks ix_dossier_procedure_finished, which holds every column read
# (a covering index, migration 0023). Built once (bound parameters).
_TIMING = (
    select(
        Dossier.received_day,
        Dossier.finished_day,
        func.count(),
        func.sum(case((Dossier.finished_day <= Dossier.due_day, 1), else_=0)),
    )
    .where(
        Dossier.procedure_id == bindparam("procedure_id"),
        Dossier.finished_day > bindparam("after"),
        Dossier.finished_day <= bindparam("until"),
        Dossier.status.in_(RESOLVED_STATUSES),
    )
    .group_by(Dossier.received_day, Dossier.finished_day)
)


@lru_cache(maxsize=1 << 16)
def _took(received_day: int, finished_day: int) -> int:
    """Working days from receipt to finish, remembered: the same pairs of days come back for
    every procedure (a year holds some 60,000 pairs of working days)."""
    return max(0, working_days_between(from_day_int(received_day), from_day_int(finished_day)))


def _compute_timing(procedure_id: int, today: date) -> Timing:
    parameters = {
        "procedure_id": procedure_id,
        "after": day_int(year_before(today)),
        "until": day_int(today),
    }
    histogram: dict[int, int] = {}
    resolved = on_time = 0
    for received_day, finished_day, count, timely in core_read(_TIMING, parameters):
        took = _took(received_day, finished_day)
        histogram[took] = histogram.get(took, 0) + count
        resolved += count
        on_time += timely or 0
    days = tuple(sorted(histogram))
    cumulative, running = [], 0
    for value in days:
        running += histogram[value]
        cumulative.append(running)
    return Timing(resolved=resolved, on_time=on_time, days=days, cumulative=tuple(cumulative))


def procedure_timing(procedure_id: int, today: date | None = None) -> Timing:
    """Return the procedure's real processing times, computed at most once a day per procedure."""
    today = today or clock.today()
    cache = current_app.extensions.setdefault("procedure_timing", {"day": None, "items": {}})
    if cache["day"] != day_int(today) or len(cache["items"]) > 50_000:
        cache["day"], cache["items"] = day_int(today), {}  # a new day: yesterday's are stale
    timing = cache["items"].get(procedure_id)
    if timing is None:
        timing = cache["items"][procedure_id] = _compute_timing(procedure_id, today)
    return timing


# --- ratings -------------------------------------------------------------------------------


_RATED = select(Rating.id).where(Rating.dossier_id == bindparam("id")).limit(1)


def has_rating(dossier_id: int) -> bool:
    return db.session.scalar(_RATED, {"id": dossier_id}) is not None


# What the result page asks of a dossier besides its timeline, in one statement.
_RATED_OR_FOLLOWED = select(
    exists().where(Rating.__table__.c.dossier_id == bindparam("id")),
    exists().where(AlertFeed.__table__.c.dossier_id == bindparam("id")),
)


def rated_or_followed(dossier_id: int) -> tuple[bool, bool]:
    """Whether the dossier has been rated, and whether it has private feeds."""
    rated, followed = core_read(_RATED_OR_FOLLOWED, {"id": dossier_id}).one()
    return bool(rated), bool(followed)


def add_rating(dossier_id: int, score: str, criteria: list[str], now: datetime) -> bool:
    """Record the citizen's rating; False when the dossier was already rated."""
    if has_rating(dossier_id):
        return False
    db.session.add(
        Rating(
            dossier_id=dossier_id,
            rated_at=now,
            rated_day=day_int(now.date()),
            score=score,
            criteria=criteria or None,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:  # rated twice at the same moment: the first one counts
        db.session.rollback()
        return False
    return True


def dossier_by_id(dossier_id: int) -> Dossier | None:
    return db.session.get(Dossier, dossier_id)
