"""Blank forms (mẫu đơn, tờ khai) attached to procedures: which files are accepted, storing
them in the database, and listing them. No file name from a user ever reaches the disk."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Procedure, ProcedureForm

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and Excel 97–2003 files
ZIP = b"PK\x03\x04"  # OOXML and OpenDocument files are zip archives


@dataclass(frozen=True)
class FileType:
    label: str  # what the page calls it: PDF, Word, ...
    content_type: str
    magic: bytes  # how the file must begin: the extension alone proves nothing


FILE_TYPES = {
    "pdf": FileType("PDF", "application/pdf", b"%PDF-"),
    "doc": FileType("Word", "application/msword", OLE),
    "docx": FileType(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    "xls": FileType("Excel", "application/vnd.ms-excel", OLE),
    "xlsx": FileType(
        "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP
    ),
    "odt": FileType("OpenDocument", "application/vnd.oasis.opendocument.text", ZIP),
}


class FormRefused(ValueError):
    """The uploaded file cannot be attached; the message says why, in the page's language."""


def clean_filename(name: str) -> str:
    """The file's own name without any folder, control or separator character (NFC)."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", name).strip(" .")
    return name[-120:]


def file_type(filename: str) -> FileType | None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return FILE_TYPES.get(extension)


def check_upload(filename: str, data: bytes, max_bytes: int) -> tuple[str, FileType]:
    """Return the cleaned name and type of an acceptable form file, else raise FormRefused."""
    name = clean_filename(filename or "")
    kind = file_type(name)
    if kind is None:
        raise FormRefused(_l("Attach a PDF, Word (.doc, .docx), Excel (.xls, .xlsx) or .odt file."))
    if not data:
        raise FormRefused(_l("The file is empty."))
    if len(data) > max_bytes:
        raise FormRefused(_l("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    if not data.startswith(kind.magic):
        raise FormRefused(_l("The file’s content is not a %(kind)s file.", kind=kind.label))
    return name, kind


def attach(
    procedure: Procedure,
    title: str,
    upload: tuple[str, bytes],
    max_bytes: int,
    at: datetime,
    staff_id: int | None,
) -> ProcedureForm:
    """Check and add a form to the procedure (the caller commits)."""
    filename, data = upload
    name, kind = check_upload(filename, data, max_bytes)
    form = ProcedureForm(
        procedure_id=procedure.id,
        title=title.strip()[:300],
        filename=name,
        content_type=kind.content_type,
        size=len(data),
        data=data,
        uploaded_at=at,
        staff_id=staff_id,
    )
    db.session.add(form)
    return form


def forms_of(procedure_id: int) -> list[ProcedureForm]:
    """A procedure's forms, oldest first (the files themselves are not read)."""
    return list(
        db.session.scalars(
            select(ProcedureForm)
            .where(ProcedureForm.procedure_id == procedure_id)
            .order_by(ProcedureForm.id)
        )
    )


def published_form(form_id: int) -> ProcedureForm | None:
    """A form the public may download: its procedure is published."""
    return db.session.scalar(
        select(ProcedureForm)
        .join(Procedure, Procedure.id == ProcedureForm.procedure_id)
        .where(ProcedureForm.id == form_id, Procedure.published)
    )


def type_label(form: ProcedureForm) -> str:
    kind = file_type(form.filename)
    return kind.label if kind else form.content_type
