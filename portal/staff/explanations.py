"""Staff enter each late agency's explanation of a month, shown beside it on the late list."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Agency, LateExplanation
from ..stats import reports
from ..stats.explanations import explanation_of, explanations_for
from ..stats.periods import parse_period
from .audit import record
from .auth import role_required
from .blueprint import bp
from .forms import ExplanationForm


def _month_or_latest(text: str | None) -> str | None:
    """A published month from the address, else the latest published one."""
    months = [m["period"] for m in reports.published_months()]
    return text if text in months else (months[0] if months else None)


def _late_choices(month: str) -> list[tuple[str, str]]:
    items = reports.late_agencies(parse_period(month))["items"]
    return [(item["code"], f"{item['name_vi']} ({item['code']})") for item in items]


def _page(form: ExplanationForm, month: str | None, status: int = 200):
    return render_template(
        "staff/explanations.html",
        form=form,
        month=month,
        months=[m["period"] for m in reports.published_months()][:24],
        explanations=explanations_for([month]) if month else {},
        names=dict(form.agency.choices),
    ), status


@bp.get("/explanations")
@role_required("publisher")
def explanations():
    """Show a published month's late agencies with their explanations, and the form."""
    month = _month_or_latest(request.args.get("month"))
    form = ExplanationForm(formdata=None)
    form.agency.choices = _late_choices(month) if month else []
    return _page(form, month)


@bp.post("/explanations")
@role_required("publisher")
def explanation_save():
    """Save (or, with no text, remove) an agency's explanation of a month."""
    month = _month_or_latest(request.form.get("month"))
    form = ExplanationForm()
    form.agency.choices = _late_choices(month) if month else []
    if month is None or not form.validate_on_submit():
        return _page(form, month, 422)
    agency = db.session.execute(select(Agency).where(Agency.code == form.agency.data)).scalar_one()
    saved = save_explanation(agency, month, form.text_vi.data, form.text_en.data)
    flash(
        _("The explanation was saved.") if saved else _("The explanation was removed."), "success"
    )
    return redirect(url_for("staff.explanations", month=month), code=303)


def save_explanation(agency: Agency, month: str, text_vi: str | None, text_en: str | None):
    """Write the explanation with its audit entry in one transaction; None when removed."""
    row = explanation_of(agency, month)
    before = {"text_vi": row.text_vi, "text_en": row.text_en} if row else None
    key = f"{agency.code} {month}"
    if not text_vi:
        if row is not None:
            db.session.delete(row)
            record("explanation_removed", "late_explanation", key, before=before)
        db.session.commit()
        return None
    if row is None:
        row = LateExplanation(agency_id=agency.id, month=month)
        db.session.add(row)
    row.text_vi, row.text_en, row.updated_at = text_vi, text_en or None, clock.now()
    after = {"text_vi": row.text_vi, "text_en": row.text_en}
    record("explanation_saved", "late_explanation", key, before=before, after=after)
    db.session.commit()
    return row
