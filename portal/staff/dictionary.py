"""The search dictionary (editors): words citizens type → words procedures use, audited.

A change is committed with its audit entry; the database's search stamp moves with it, so
every worker searches with the new dictionary from its next request, with no restart.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..catalogue.dictionary import shipped_entries
from ..extensions import db
from ..models import SearchTerm
from ..text import fold_tokens
from .audit import record
from .auth import role_required
from .blueprint import ID, bp
from .forms import ConfirmForm, SearchTermForm


def _entry(term: SearchTerm) -> dict:
    return {"term": term.term_text, "meaning": term.meaning}


@bp.route("/dictionary", methods=["GET", "POST"])
@role_required("editor")
def dictionary():
    """List the dictionary and add an entry (an existing term gets the new meaning)."""
    form = SearchTermForm()
    if request.method == "GET" and request.args.get("term"):
        form.term.data = request.args["term"][:200]
    if form.validate_on_submit():
        folded = fold_tokens(form.term.data)
        term = db.session.scalar(select(SearchTerm).where(SearchTerm.term == folded))
        before = _entry(term) if term else None
        if term is None:
            term = SearchTerm(term=folded)
            db.session.add(term)
        term.term_text, term.meaning = form.term.data, form.meaning.data or ""
        term.staff_id, term.created_at = g.staff.id, clock.now()
        action = "dictionary_change" if before else "dictionary_add"
        record(action, "search_term", folded, before=before, after=_entry(term))
        db.session.commit()
        flash(
            _("The search reads “%(term)s” this way from now on.", term=term.term_text), "success"
        )
        return redirect(url_for("staff.dictionary"), code=303)
    entries = db.session.scalars(select(SearchTerm).order_by(SearchTerm.term)).all()
    status = 422 if form.is_submitted() else 200
    return render_template(
        "staff/dictionary.html",
        form=form,
        entries=entries,
        shipped=sorted(shipped_entries().values(), key=lambda e: fold_tokens(e.term)),
        confirm=ConfirmForm(),
    ), status


@bp.post(f"/dictionary/<{ID}:term_id>/delete")
@role_required("editor")
def delete_search_term(term_id: int):
    """Remove an entry staff added (a shipped entry then applies again, if there is one)."""
    term = db.session.get(SearchTerm, term_id)
    if term is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        record("dictionary_delete", "search_term", term.term, before=_entry(term))
        db.session.delete(term)
        db.session.commit()
        flash(_("The entry “%(term)s” was removed.", term=term.term_text), "success")
    return redirect(url_for("staff.dictionary"), code=303)
