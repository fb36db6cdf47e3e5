"""Publishing statistics from the browser (publishers): check a period, then publish it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import MonthlyFigure, PublishedMonth
from ..stats.figures import (
    FIELD_KEYS,
    RATE_KEYS,
    STORED_KEYS,
    combine,
    flatten,
    label,
    nest,
    rates,
)
from ..stats.periods import Period, current_month, parse_period
from ..stats.publish import compare, live_rows, publish_months, published_rows
from .auth import role_required
from .blueprint import bp
from .forms import PeriodForm, PublishForm


@dataclass
class MonthState:
    month: str
    live: dict
    published: dict | None = None  # stored sums of the frozen copy, None if never published
    published_at: object = None
    note: str | None = None
    changed: dict = field(default_factory=dict)  # compare(): {key: [old, new]}
    future: bool = False

    @property
    def total_changes(self) -> list[tuple[str, int, int]]:
        return [(k, v[0], v[1]) for k, v in self.changed.items() if not k.startswith("agencies.")]

    @property
    def agencies_changed(self) -> int:
        return len({k.split(".")[1] for k in self.changed if k.startswith("agencies.")})


def _sums(rows: dict[str, dict]) -> dict:
    return {key: sum(r["figures"].get(key, 0) for r in rows.values()) for key in STORED_KEYS}


def month_states(period: Period) -> list[MonthState]:
    """Each month's live rollup against its published copy, and what changed between them."""
    now = current_month()
    states = []
    for month in period.months:
        live = live_rows(db.session, month)
        state = MonthState(month=month, live=_sums(live), future=month > now)
        published = db.session.get(PublishedMonth, month)
        if published is not None:
            frozen = published_rows(db.session, month)
            state.published = _sums(frozen)
            state.published_at, state.note = published.published_at, published.note
            state.changed = compare(frozen, live)
        states.append(state)
    return states


def recent_months(limit: int = 24) -> list[tuple[str, object]]:
    """The newest months with figures in the rollup, each with when it was last published."""
    months = db.session.scalars(
        select(MonthlyFigure.month).distinct().order_by(MonthlyFigure.month.desc()).limit(limit)
    ).all()
    published = (
        dict(
            db.session.execute(
                select(PublishedMonth.month, PublishedMonth.published_at).where(
                    PublishedMonth.month.in_(months)
                )
            ).all()
        )
        if months
        else {}
    )
    return [(month, published.get(month)) for month in months]


def figure_rows(states: list[MonthState]) -> list[dict]:
    """The period's figures and rates, published copy beside the live rollup."""
    live = flatten(nest(combine([s.live for s in states])))
    all_published = all(s.published is not None for s in states)
    published = flatten(nest(combine([s.published for s in states]))) if all_published else None
    rows = [
        {
            "key": k,
            "label": label(k),
            "live": live[k],
            "rate": False,
            "published": published[k] if published else None,
        }
        for k in FIELD_KEYS
    ]
    live_rates = rates(live)
    published_rates = rates(published) if published else None
    rows += [
        {
            "key": k,
            "label": label(k),
            "live": live_rates[k],
            "rate": True,
            "published": published_rates[k] if published_rates else None,
        }
        for k in RATE_KEYS
    ]
    for row in rows:
        row["differs"] = published is not None and row["live"] != row["published"]
    return rows


def _read_period(text: str | None) -> tuple[Period | None, str | None]:
    try:
        return parse_period(text or ""), None
    except ValueError:
        return None, _(
            "“%(period)s” is not a period. Write a month (2024-07), a quarter "
            "(2024-Q3), a year (2024) or a range of months (2024-01..2024-06).",
            period=(text or "")[:32],
        )


@bp.get("/publishing")
@role_required("publisher")
def publishing():
    """Choose a period and see its figures, live and as published, and what changed."""
    form = PeriodForm(request.args, meta={"csrf": False})
    period = states = rows = error = None
    status = 200
    if request.args.get("period"):
        if form.validate():
            period, error = _read_period(form.period.data)
            if period is None:
                form.period.errors.append(error)
        if period is not None:
            states = month_states(period)
            rows = figure_rows(states)
        else:
            status = 422
    publish_form = PublishForm(formdata=None, period=period.label if period else "")
    return render_template(
        "staff/publishing.html",
        form=form,
        publish_form=publish_form,
        period=period,
        states=states,
        rows=rows,
        label_of=label,
        recent=recent_months() if period is None else None,
    ), status


@bp.post("/publishing")
@role_required("publisher")
def publishing_publish():
    """Publish every month of the period with the note."""
    form = PublishForm()
    period = None
    if form.validate_on_submit():
        period, error = _read_period(form.period.data)
        if period is None:
            form.period.errors.append(error)
        elif any(m > current_month() for m in period.months):
            form.period.errors.append(_("A month that has not begun cannot be published."))
        else:
            results = publish_months(
                list(period.months),
                form.note.data or None,
                actor=g.staff.email,
                staff_id=g.staff.id,
            )
            flash(describe(results), "success")
            return redirect(url_for("staff.publishing", period=period.label), code=303)
    # Show the period's errors by the period field, the note's with the publish form.
    period_form = PeriodForm(formdata=None, period=(form.period.data or "")[:32])
    period_form.period.errors = list(form.period.errors)
    form.period.errors = []
    states = month_states(period) if period else None
    return render_template(
        "staff/publishing.html",
        form=period_form,
        publish_form=form,
        period=period,
        states=states,
        rows=figure_rows(states) if states else None,
        label_of=label,
    ), 422


def describe(results) -> str:
    """One sentence per month saying what publishing did."""
    parts = []
    for result in results:
        if result.action == "published":
            parts.append(_("%(month)s published for the first time.", month=result.month))
        elif result.action == "corrected":
            parts.append(_("%(month)s re-published with corrections.", month=result.month))
        else:
            parts.append(
                _(
                    "%(month)s unchanged since its last publication: nothing recorded.",
                    month=result.month,
                )
            )
    return " ".join(parts)
