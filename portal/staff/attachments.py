"""Staff attach blank forms (mẫu đơn, tờ khai) to a procedure, or remove them."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, url_for
from flask_babel import gettext as _

from .. import clock
from ..bodies import large_body
from ..catalogue import attachments
from ..extensions import db
from ..models import ProcedureForm
from .audit import record
from .auth import role_required
from .blueprint import ID, bp
from .editing import _get_procedure, _procedure_page
from .forms import AttachForm, ConfirmForm


@bp.post(f"/procedures/<{ID}:procedure_id>/forms")
@large_body("editor")  # a form file of up to MAX_FORM_MB
@role_required("editor")
def procedure_form_attach(procedure_id: int):
    """Attach a checked form file to the procedure; it shows on the public page at once."""
    procedure = _get_procedure(procedure_id)
    form = AttachForm()
    if not form.validate_on_submit():
        return _procedure_page(procedure, 422, attach_form=form)
    upload = form.file.data
    data = upload.stream.read(current_app.config["MAX_FORM_MB"] * 1024 * 1024 + 1)
    try:
        attached = attachments.attach(
            procedure,
            form.title.data,
            (upload.filename or "", data),
            current_app.config["MAX_FORM_MB"] * 1024 * 1024,
            at=clock.now(),
            staff_id=g.staff.id,
        )
    except attachments.FormRefused as refusal:
        form.file.errors.append(str(refusal.args[0]))
        return _procedure_page(procedure, 422, attach_form=form)
    db.session.flush()
    record(
        "form_attached",
        "procedure",
        procedure.code,
        after={"title": attached.title, "filename": attached.filename, "size": attached.size},
    )
    db.session.commit()
    flash(_("The form “%(title)s” is attached.", title=attached.title), "success")
    return redirect(url_for("staff.procedure", procedure_id=procedure.id), code=303)


@bp.post(f"/procedures/<{ID}:procedure_id>/forms/<{ID}:form_id>/remove")
@role_required("editor")
def procedure_form_remove(procedure_id: int, form_id: int):
    """Remove a form from the procedure."""
    procedure = _get_procedure(procedure_id)
    attached = db.session.get(ProcedureForm, form_id)
    if attached is None or attached.procedure_id != procedure.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    record(
        "form_removed",
        "procedure",
        procedure.code,
        before={"title": attached.title, "filename": attached.filename},
    )
    db.session.delete(attached)
    db.session.commit()
    flash(_("The form “%(title)s” is removed.", title=attached.title), "success")
    return redirect(url_for("staff.procedure", procedure_id=procedure.id), code=303)
