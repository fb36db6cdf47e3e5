"""Publishing: freeze a month's rollup as the figures the public sees, and record corrections.

``publish_months`` copies each month's ``monthly_figure`` rows into ``published_figure``,
together with a snapshot of each agency's code, names and level (so a later rename or move
of an agency does not silently change a published month either). A stored row is
``{"agency": {code, name_vi, name_en, level}, "figures": {dotted key: count, ...,
"time_saved_seconds": n}}``.

Re-publishing a month compares the frozen figures with the current ones:

* nothing differs → nothing is written but an audit entry (``publish_unchanged``); the month
  keeps its publication time and note, and no correction is listed;
* something differs → the month is replaced, its ``published_at`` and note updated, and a
  ``Correction`` recorded whose ``changed`` maps each changed field to ``[old, new]``:
  first the centre's totals (all levels) under the contract's field names, dotted for nested
  ones (``received_by_channel.online``, ``ratings.satisfied``, ``time_saved_hours`` in whole
  hours), then each changed agency figure as ``agencies.<CODE>.<field>`` (also ``level`` and
  ``name_vi`` when an agency was moved or renamed, and an agency that appears or disappears
  shows its figures against 0). Rates are not listed: they follow from the counts.

Every publication writes an ``AuditLog`` entry (actor, month, totals before and after).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime

import click
from flask.cli import with_appcontext
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from .. import clock
from ..extensions import db
from ..models import Agency, AuditLog, Correction, MonthlyFigure, PublishedFigure, PublishedMonth
from . import cache, reports, rollup
from .figures import FIELD_KEYS, STORED_KEYS, flatten, nest
from .periods import current_month, parse_period


@dataclass
class Published:
    """What publishing did to a month: ``published`` (first time), ``corrected``, ``unchanged``."""

    month: str
    action: str
    published_at: datetime
    changed: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)


def _totals(rows: dict[str, dict]) -> dict:
    """Flat contract totals ({dotted key: value}) of a month's rows keyed by agency code."""
    summed = {key: sum(r["figures"].get(key, 0) for r in rows.values()) for key in STORED_KEYS}
    return flatten(nest(summed))


def compare(old: dict[str, dict], new: dict[str, dict]) -> dict:
    """{field: [old, new]} for every field that differs between two versions of a month."""
    changed = {}
    old_totals, new_totals = _totals(old), _totals(new)
    for key in FIELD_KEYS:
        if old_totals[key] != new_totals[key]:
            changed[key] = [old_totals[key], new_totals[key]]
    zero = {"agency": {}, "figures": {}}
    for code in sorted(set(old) | set(new)):
        before, after = old.get(code, zero), new.get(code, zero)
        for attribute in reports.AGENCY_ATTRIBUTES:
            if (
                before["agency"]
                and after["agency"]
                and (before["agency"].get(attribute) != after["agency"].get(attribute))
            ):
                changed[f"agencies.{code}.{attribute}"] = [
                    before["agency"].get(attribute),
                    after["agency"].get(attribute),
                ]
        a, b = flatten(nest(before["figures"])), flatten(nest(after["figures"]))
        for key in FIELD_KEYS:
            if a[key] != b[key]:
                changed[f"agencies.{code}.{key}"] = [a[key], b[key]]
    return changed


def live_rows(session: Session, month: str) -> dict[str, dict]:
    """The month's current rollup, as it would be published: {agency code: stored row}."""
    rows = session.execute(
        select(MonthlyFigure.figures, Agency.code, Agency.name_vi, Agency.name_en, Agency.level)
        .join(Agency, Agency.id == MonthlyFigure.agency_id)
        .where(MonthlyFigure.month == month)
    )
    return {
        code: {
            "agency": {"code": code, "name_vi": name_vi, "name_en": name_en, "level": level},
            "figures": figures,
        }
        for figures, code, name_vi, name_en, level in rows
    }


def published_rows(session: Session, month: str) -> dict[str, dict]:
    """The month's frozen figures: {agency code: stored row}."""
    return {
        row["agency"]["code"]: row
        for row in session.scalars(
            select(PublishedFigure.figures).where(PublishedFigure.month == month)
        )
    }


def check_months(months: list[str]) -> None:
    """Refuse a month that has not begun yet (ValueError)."""
    now = current_month()
    future = [m for m in months if m > now]
    if future:
        raise ValueError("cannot publish a month that has not begun: " + ", ".join(future))


def publish_months(
    months: list[str],
    note: str | None = None,
    actor: str = "cli",
    staff_id: int | None = None,
    refresh: bool = True,
) -> list[Published]:
    """Publish (or re-publish) each month and commit; returns what happened to each.

    ``refresh`` recounts the rollup first, in the same transaction, so what is frozen is
    exactly the dossiers in the database at this moment.
    """
    check_months(months)
    session = db.session
    note = (note or "").strip() or None
    try:
        rollup.lock(session)
        if refresh:
            rollup.refresh(session, "all")
        now = clock.now()
        ids = dict(session.execute(select(Agency.code, Agency.id)).all())
        results = []
        for month in months:
            results.append(_publish_one(session, month, note, now, ids, actor, staff_id))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    cache.forget()
    return results


def _publish_one(
    session: Session,
    month: str,
    note: str | None,
    now: datetime,
    ids: dict[str, int],
    actor: str,
    staff_id: int | None,
) -> Published:
    new = live_rows(session, month)
    existing = session.get(PublishedMonth, month)
    totals = _totals(new)
    if existing is None:
        action, changed = "published", {}
        session.add(PublishedMonth(month=month, published_at=now, note=note))
        session.flush()
        before = None
    else:
        old = published_rows(session, month)
        changed = compare(old, new)
        before = _totals(old)
        if not changed:
            session.add(
                AuditLog(
                    at=now,
                    staff_id=staff_id,
                    actor=actor,
                    action="publish_unchanged",
                    object_type="published_month",
                    object_key=month,
                    before=None,
                    after={"note": note},
                )
            )
            return Published(month, "unchanged", existing.published_at, {}, totals)
        action = "corrected"
        existing.published_at, existing.note = now, note
        session.execute(delete(PublishedFigure).where(PublishedFigure.month == month))
        session.add(Correction(month=month, published_at=now, note=note, changed=changed))
    if new:
        session.execute(
            insert(PublishedFigure),
            [{"month": month, "agency_id": ids[code], "figures": row} for code, row in new.items()],
        )
    session.add(
        AuditLog(
            at=now,
            staff_id=staff_id,
            actor=actor,
            action="publish" if action == "published" else "republish",
            object_type="published_month",
            object_key=month,
            before=before,
            after=dict(totals, note=note),
        )
    )
    return Published(month, action, now, changed, totals)


def _describe(result: Published) -> str:
    if result.action == "published":
        t = result.totals
        return (
            f"{result.month}: published — received {t['received_new']:,}, resolved "
            f"{t['resolved']:,} ({t['resolved_late']:,} late), pending {t['pending']:,}"
        )
    if result.action == "unchanged":
        return (
            f"{result.month}: unchanged since {result.published_at:%Y-%m-%d %H:%M}, "
            "nothing recorded"
        )
    totals = [
        f"{k} {v[0]:,} → {v[1]:,}"
        for k, v in result.changed.items()
        if reports.changed_agency(k) is None
    ]
    agencies = {
        reports.changed_agency(k)[0]
        for k in result.changed
        if reports.changed_agency(k) is not None
    }
    return (
        f"{result.month}: corrected — "
        + ("; ".join(totals) or "totals unchanged")
        + f" ({len(agencies)} agenc{'y' if len(agencies) == 1 else 'ies'} changed)"
    )


@click.command("publish")
@click.argument("period")
@click.option("--note", default=None, help="Why (re)publishing: shown with any correction.")
@with_appcontext
def publish_command(period, note):
    """Publish every month of PERIOD (YYYY-MM, YYYY-Qn, YYYY, YYYY-MM..YYYY-MM)."""
    try:
        months = list(parse_period(period).months)
        results = publish_months(months, note)
    except ValueError as error:
        click.echo(f"error: cannot publish {period!r}: {error}", err=True)
        sys.exit(1)
    for result in results:
        click.echo(_describe(result))
    counts = {
        a: sum(r.action == a for r in results) for a in ("published", "corrected", "unchanged")
    }
    click.echo(", ".join(f"{a} {n}" for a, n in counts.items()))
