"""Imports and publishing from the browser (publishers)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..bodies import large_body
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..imports import ImportAborted, ImportResult, import_kinds, run_import, write_failure
from .audit import record
from .auth import role_required
from .blueprint import bp
from .forms import ImportForm

KIND_LABELS = {
    "agencies": _l("Agencies (agencies.csv)"),
    "procedures": _l("Procedures (procedures.csv)"),
    "dossiers": _l("Dossiers (dossiers.csv)"),
    "events": _l("Dossier timeline steps (events.csv)"),
    "ratings": _l("Satisfaction ratings (ratings.csv)"),
}


def _audited(kind_class, name: str, filename: str, strict: bool):
    """The import kind, recording its audit entry inside the import's own transaction."""

    class Audited(kind_class):
        def finish(self, result: ImportResult) -> None:
            super().finish(result)
            record("import", "import", name, after=_summary(filename, strict, result))

    return Audited


def _summary(filename: str, strict: bool, result: ImportResult | None, error=None) -> dict:
    data = {"file": filename, "strict": strict}
    if result is not None:
        data.update(
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
            rejected=result.rejected,
        )
    if error:
        data["error"] = error
    return data


@bp.route("/imports", methods=["GET", "POST"])
@large_body("publisher")
@role_required("publisher")
def imports():
    """Upload a CSV file and show the import's report, row by row, as the command prints it."""
    kinds = import_kinds()
    form = ImportForm()
    form.kind.choices = [("", _("Choose…"))] + [
        (name, KIND_LABELS.get(name, name)) for name in kinds
    ]
    report = None
    status = 200
    if form.validate_on_submit():
        name, strict = form.kind.data, bool(form.strict.data)
        upload = form.file.data
        filename = (upload.filename or "")[:200]
        kind = _audited(kinds[name], name, filename, strict)(db.session)
        report = {"kind": name, "filename": filename, "strict": strict}
        try:
            try:
                result = run_import(kind, upload.stream, strict=strict)
            except OperationalError as failure:  # a full disk, a lock held too long
                aborted = write_failure(failure)
                if aborted is None:
                    raise
                raise aborted from None
        except ImportAborted as error:
            report.update(
                error=str(error),
                shown_error=error.translated(),
                lines=[],
                summary="inserted 0, updated 0, unchanged 0, rejected 0",
            )
            try:
                record(
                    "import_failed",
                    "import",
                    name,
                    after=_summary(filename, strict, None, str(error)),
                )
                db.session.commit()
            except SQLAlchemyError:  # the database refuses writes (a full disk): say so anyway
                db.session.rollback()
            status = 422
        else:
            report.update(
                lines=result.errors,
                shown_lines=[
                    _("Row %(row)s: %(reason)s", row=row, reason=reason.translated())
                    for row, reason in result.problems
                ],
                summary=result.summary,
                result=result,
                more=result.rejected - len(result.errors),
            )
            if strict and result.rejected:
                report["refused"] = True
                record("import_refused", "import", name, after=_summary(filename, strict, result))
                db.session.commit()
    elif form.is_submitted():
        status = 422
    return render_template("staff/imports.html", form=form, report=report), status
