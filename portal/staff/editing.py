"""Catalogue editing (editors): procedures as drafts, preview, publish, history; agencies."""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from .. import clock
from ..bodies import large_body
from ..catalogue import attachments
from ..catalogue.imports import AgencyKind, ProcedureKind
from ..catalogue.schema import government_service
from ..dossiers.queries import procedure_timing
from ..extensions import db
from ..i18n import localized
from ..imports import RowError
from ..models import Agency, Procedure, ProcedureRevision, StaffUser
from . import queries, revisions
from .audit import changed_only, record
from .auth import role_required
from .blueprint import ID, bp
from .forms import AgencyForm, AttachForm, ProcedureForm, VersionForm

AGENCY_FIELDS = ("name_vi", "name_en", "level", "parent_code")


def _get_procedure(procedure_id: int) -> Procedure:
    procedure = db.session.get(Procedure, procedure_id)
    if procedure is None:
        abort(404)
    return procedure


def _agency_choices() -> list[tuple[str, str]]:
    return [
        (a.code, f"{a.code} – {localized(a, 'name')}")
        for a in db.session.scalars(queries.agencies())
    ]


def _procedure_form(**kwargs) -> ProcedureForm:
    form = ProcedureForm(**kwargs)
    form.agency_code.choices = [("", _("Choose an agency"))] + _agency_choices()
    return form


def _posted_fields(form: ProcedureForm) -> dict:
    fields = {name: form[name].data for name in revisions.FIELDS}
    for name, value in fields.items():
        if value == "":
            fields[name] = None
    fields["postal"] = bool(fields["postal"])
    fields["four_on_site"] = bool(fields["four_on_site"])
    return fields


def _importer_accepts(kind, code: str, fields: dict) -> bool:
    """Run the import's own row check, so the editor never stores what an import would refuse."""
    row = {"code": code}
    for name, value in fields.items():
        if isinstance(value, bool):
            row[name] = "1" if value else "0"
        else:
            row[name] = "" if value is None else str(value)
    try:
        kind.parse(row)
    except RowError as error:
        g.import_refusal = str(error)
        return False
    return True


def _check_procedure(form: ProcedureForm, code: str, fields: dict) -> bool:
    if not fields["agency_code"]:
        form.agency_code.errors.append(_("Choose the agency that handles the procedure."))
        return False
    if not _importer_accepts(ProcedureKind(db.session), code, fields):
        form.form_errors.append(_("This cannot be saved: %(reason)s", reason=g.import_refusal))
        return False
    return True


@bp.get("/procedures")
@role_required("editor")
def procedures():
    """List every procedure, drafts included."""
    q = request.args.get("q", "")[:200]
    rows, page, last_page = queries.paginate(
        queries.procedures(q),
        queries.page_number(request.args.get("page")),
        current_app.config["PER_PAGE"],
    )
    drafts = queries.procedures_with_drafts([p.id for p in rows if p.published])
    return render_template(
        "staff/procedures.html", rows=rows, drafts=drafts, q=q, page=page, last_page=last_page
    )


@bp.route("/procedures/new", methods=["GET", "POST"])
@large_body("editor")  # procedure texts may run to 100,000 characters each
@role_required("editor")
def procedure_new():
    """Create a procedure as a draft."""
    form = _procedure_form()
    if form.validate_on_submit():
        fields = _posted_fields(form)
        if queries.procedure_by_code(form.code.data):
            form.code.errors.append(_("A procedure with this code already exists."))
        elif _check_procedure(form, form.code.data, fields):
            procedure = revisions.create(form.code.data, fields, g.staff)
            db.session.commit()
            flash(_("Draft saved. The public will not see it until you publish it."), "success")
            return redirect(url_for("staff.procedure", procedure_id=procedure.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("staff/procedure_form.html", form=form, procedure=None), status


@bp.get(f"/procedures/<{ID}:procedure_id>")
@role_required("editor")
def procedure(procedure_id: int):
    """Show a procedure's state, the changes waiting to be published, and what can be done."""
    return _procedure_page(_get_procedure(procedure_id))


def _procedure_page(
    procedure: Procedure,
    status: int = 200,
    error: str | None = None,
    attach_form: AttachForm | None = None,
):
    draft = revisions.pending_draft(procedure)
    changes = None
    if draft is not None:
        public = revisions.fields_of(procedure) if procedure.published else None
        changes = revisions.diff(public, draft)
    return render_template(
        "staff/procedure.html",
        procedure=procedure,
        draft=draft,
        changes=changes,
        superseded=revisions.superseded_draft(procedure),
        error=error,
        form=VersionForm(version=procedure.version, formdata=None),
        attached=attachments.forms_of(procedure.id),
        attach_form=attach_form or AttachForm(formdata=None),
        type_label=attachments.type_label,
    ), status


@bp.route(f"/procedures/<{ID}:procedure_id>/edit", methods=["GET", "POST"])
@large_body("editor")  # procedure texts may run to 100,000 characters each
@role_required("editor")
def procedure_edit(procedure_id: int):
    """Edit a procedure; the changes are saved as a draft."""
    procedure = _get_procedure(procedure_id)
    if request.method == "GET":
        form = _procedure_form(
            data={**revisions.editable_fields(procedure), "version": procedure.version}
        )
    else:
        form = _procedure_form()
    del form.code
    if form.validate_on_submit():
        fields = _posted_fields(form)
        if _check_procedure(form, procedure.code, fields):
            try:
                revisions.save_draft(procedure, fields, g.staff, version=form.version.data)
                db.session.commit()
            except (revisions.Conflict, StaleDataError):
                db.session.rollback()
                return _conflict(procedure_id, form)
            except ValueError as error:
                db.session.rollback()
                form.form_errors.append(str(error))
            else:
                flash(
                    _("Draft saved. Preview it, then publish it to update the public page."),
                    "success",
                )
                return redirect(url_for("staff.procedure", procedure_id=procedure.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("staff/procedure_form.html", form=form, procedure=procedure), status


def _conflict(procedure_id: int, form: ProcedureForm):
    """Refuse a save based on an old version: show what the other person changed."""
    procedure = _get_procedure(procedure_id)
    current = revisions.editable_fields(procedure)
    base = revisions.base_fields(procedure, form.version.data)
    theirs = revisions.diff(base, current) if base is not None else None
    yours = revisions.diff(current, _posted_fields(form))
    form.version.data = procedure.version  # saving again is now a deliberate choice
    form.version.raw_data = None
    return render_template(
        "staff/procedure_form.html",
        form=form,
        procedure=procedure,
        conflict=True,
        theirs=theirs,
        yours=yours,
        current=current,
    ), 409


@bp.get(f"/procedures/<{ID}:procedure_id>/preview")
@role_required("editor")
def procedure_preview(procedure_id: int):
    """Show the draft exactly as the public page will show it."""
    procedure = _get_procedure(procedure_id)
    fields = revisions.editable_fields(procedure)
    agency = queries.agency_by_code(fields["agency_code"]) or procedure.agency
    preview = SimpleNamespace(
        **{k: v for k, v in fields.items() if k != "agency_code"},
        code=procedure.code,
        agency=agency,
        updated_at=clock.now(),
    )
    return render_template(
        "staff/preview.html",
        procedure=preview,
        staff_procedure=procedure,
        json_ld=government_service(preview),
        timing=procedure_timing(procedure.id),
    )


@bp.post(f"/procedures/<{ID}:procedure_id>/publish")
@role_required("editor")
def procedure_publish(procedure_id: int):
    """Publish the draft: the public page changes now."""
    procedure = _get_procedure(procedure_id)
    form = VersionForm()
    if not form.validate_on_submit():
        return _procedure_page(
            procedure, 422, _("The form is incomplete. Reload the page and try again.")
        )
    try:
        revisions.publish(procedure, g.staff, version=form.version.data)
        db.session.commit()
    except (revisions.Conflict, StaleDataError):
        db.session.rollback()
        return _procedure_page(
            _get_procedure(procedure_id),
            409,
            _(
                "Nothing was published: someone changed this procedure since you opened the page. "
                "Check the changes below, then publish again."
            ),
        )
    except revisions.NotPublishable:
        db.session.rollback()
        return _procedure_page(procedure, 409, _("There is no draft to publish."))
    except ValueError as error:
        db.session.rollback()
        return _procedure_page(_get_procedure(procedure_id), 422, str(error))
    flash(_("Published. The public page now shows this text."), "success")
    return redirect(url_for("staff.procedure", procedure_id=procedure_id), code=303)


@bp.get(f"/procedures/<{ID}:procedure_id>/history")
@role_required("editor")
def procedure_history(procedure_id: int):
    """List every saved version of a procedure."""
    procedure = _get_procedure(procedure_id)
    return render_template(
        "staff/history.html",
        procedure=procedure,
        rows=queries.revisions(procedure.id),
        form=VersionForm(version=procedure.version, formdata=None),
    )


def _get_revision(procedure: Procedure, revision_id: int) -> ProcedureRevision:
    revision = db.session.get(ProcedureRevision, revision_id)
    if revision is None or revision.procedure_id != procedure.id:
        abort(404)
    return revision


@bp.get(f"/procedures/<{ID}:procedure_id>/history/<{ID}:revision_id>")
@role_required("editor")
def procedure_revision(procedure_id: int, revision_id: int):
    """Show what one version changed compared with the one before it."""
    procedure = _get_procedure(procedure_id)
    revision = _get_revision(procedure, revision_id)
    previous = queries.previous_revision(revision)
    changes = revisions.diff(previous.data["fields"] if previous else None, revision.data["fields"])
    author = db.session.get(StaffUser, revision.staff_id) if revision.staff_id else None
    return render_template(
        "staff/revision.html",
        procedure=procedure,
        revision=revision,
        previous=previous,
        changes=changes,
        author=author,
        form=VersionForm(version=procedure.version, formdata=None),
    )


@bp.post(f"/procedures/<{ID}:procedure_id>/history/<{ID}:revision_id>/restore")
@role_required("editor")
def procedure_restore(procedure_id: int, revision_id: int):
    """Make an earlier version the draft again."""
    procedure = _get_procedure(procedure_id)
    revision = _get_revision(procedure, revision_id)
    form = VersionForm()
    if not form.validate_on_submit():
        return _procedure_page(
            procedure, 422, _("The form is incomplete. Reload the page and try again.")
        )
    try:
        revisions.restore(procedure, revision, g.staff, version=form.version.data)
        db.session.commit()
    except (revisions.Conflict, StaleDataError):
        db.session.rollback()
        return _procedure_page(
            _get_procedure(procedure_id),
            409,
            _(
                "Nothing was restored: someone changed this procedure since you opened the page. "
                "Check the current state below and try again."
            ),
        )
    except ValueError as error:
        db.session.rollback()
        return _procedure_page(_get_procedure(procedure_id), 422, str(error))
    flash(
        _(
            "Version %(version)s is now the draft. Preview it, then publish it to make it public.",
            version=revision.version,
        ),
        "success",
    )
    return redirect(url_for("staff.procedure", procedure_id=procedure_id), code=303)


# --- agencies ---------------------------------------------------------------------------------


def _agency_values(agency: Agency) -> dict:
    return {name: getattr(agency, name) for name in AGENCY_FIELDS}


def _fingerprint(agency: Agency) -> str:
    """Identifies the agency's saved values, so a save based on older ones is refused."""
    payload = json.dumps(_agency_values(agency), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _agency_form(agency: Agency | None, **kwargs) -> AgencyForm:
    form = AgencyForm(**kwargs)
    others = [
        (code, label) for code, label in _agency_choices() if agency is None or code != agency.code
    ]
    form.parent_code.choices = [("", _("No parent agency"))] + others
    return form


def _agency_posted(form: AgencyForm) -> dict:
    return {name: (form[name].data or None) for name in AGENCY_FIELDS}


@bp.get("/agencies")
@role_required("editor")
def agencies():
    """List every agency."""
    return render_template("staff/agencies.html", rows=db.session.scalars(queries.agencies()))


@bp.route("/agencies/new", methods=["GET", "POST"])
@role_required("editor")
def agency_new():
    """Add an agency."""
    form = _agency_form(None)
    if form.validate_on_submit():
        values = _agency_posted(form)
        if queries.agency_by_code(form.code.data):
            form.code.errors.append(_("An agency with this code already exists."))
        elif not _importer_accepts(AgencyKind(db.session), form.code.data, values):
            form.form_errors.append(_("This cannot be saved: %(reason)s", reason=g.import_refusal))
        else:
            db.session.add(Agency(code=form.code.data, **values))
            record("agency.create", "agency", form.code.data, after=values)
            db.session.commit()
            flash(_("Agency added."), "success")
            return redirect(url_for("staff.agencies"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("staff/agency_form.html", form=form, agency=None), status


@bp.route(f"/agencies/<{ID}:agency_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def agency_edit(agency_id: int):
    """Change an agency's names, level or parent; the change is public at once."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    if request.method == "GET":
        form = _agency_form(
            agency,
            data={
                **_agency_values(agency),
                "parent_code": agency.parent_code or "",
                "fingerprint": _fingerprint(agency),
            },
        )
    else:
        form = _agency_form(agency)
    del form.code
    status = 200
    if form.validate_on_submit():
        values = _agency_posted(form)
        if form.fingerprint.data != _fingerprint(agency):
            current = _agency_values(agency)
            form.fingerprint.data = _fingerprint(agency)
            form.fingerprint.raw_data = None
            return render_template(
                "staff/agency_form.html", form=form, agency=agency, conflict=current
            ), 409
        if not _importer_accepts(AgencyKind(db.session), agency.code, values):
            form.form_errors.append(_("This cannot be saved: %(reason)s", reason=g.import_refusal))
        else:
            before, after = changed_only(_agency_values(agency), values)
            for name, value in values.items():
                setattr(agency, name, value)
            if after:
                record("agency.update", "agency", agency.code, before=before, after=after)
            db.session.commit()
            flash(_("Agency saved."), "success")
            return redirect(url_for("staff.agencies"), code=303)
    if form.is_submitted():
        status = 422
    return render_template("staff/agency_form.html", form=form, agency=agency), status
