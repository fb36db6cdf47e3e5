"""Procedure drafts, publication, revision history and readable diffs.

The procedure row is what the public sees. A procedure never published yet (``published`` is
False) keeps its draft in the row itself. For a published procedure the draft waits in a
``ProcedureRevision`` (``status: draft``) until someone publishes it, so the public page does
not change before then. Every save adds a revision holding all the fields; the row's
``version`` (SQLAlchemy's version counter) goes up on every save, draft or not, so a form based
on an older version is refused instead of silently overwriting someone else's work. Imports
change the row without the editor: the first save after such a change records the imported
state as its own revision, so the history shows it too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from .. import clock
from ..catalogue import changes
from ..catalogue.changes import FIELD_LABELS
from ..catalogue.imports import ProcedureKind, search_fields
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..i18n import level_label
from ..models import Agency, Procedure, ProcedureRevision, StaffUser
from . import audit

FIELDS = ProcedureKind.cells[1:]  # a procedure's columns but its code


SOURCE_LABELS = {
    "create": _l("Created"),
    "edit": _l("Draft saved"),
    "publish": _l("Published"),
    "restore": _l("Restored as a draft"),
    "outside": _l("Changed by an import"),
}


class Conflict(Exception):
    """The procedure changed since the form was opened."""


class NotPublishable(Exception):
    """There is no current draft to publish."""


def fields_of(procedure: Procedure) -> dict:
    """All editable fields of the row, the agency by its code."""
    data = {name: getattr(procedure, name) for name in FIELDS if name != "agency_code"}
    data["agency_code"] = procedure.agency.code if procedure.agency else None
    return {name: data[name] for name in FIELDS}


def latest_revision(procedure: Procedure) -> ProcedureRevision | None:
    return db.session.scalar(
        select(ProcedureRevision)
        .where(ProcedureRevision.procedure_id == procedure.id)
        .order_by(ProcedureRevision.id.desc())
        .limit(1)
    )


def pending_draft(procedure: Procedure) -> dict | None:
    """The fields of the draft waiting to be published, or None when there is none."""
    if not procedure.published:
        return fields_of(procedure)
    latest = latest_revision(procedure)
    if latest and latest.data.get("status") == "draft" and latest.version == procedure.version:
        return dict(latest.data["fields"])
    return None


def superseded_draft(procedure: Procedure) -> ProcedureRevision | None:
    """A draft an import overtook: the row changed after the draft was saved."""
    latest = latest_revision(procedure)
    if (
        procedure.published
        and latest
        and latest.data.get("status") == "draft"
        and latest.version != procedure.version
    ):
        return latest
    return None


def editable_fields(procedure: Procedure) -> dict:
    """What the edit form starts from: the pending draft, else the public row."""
    return pending_draft(procedure) or fields_of(procedure)


def _add_revision(
    procedure: Procedure, status: str, source: str, fields: dict, user: StaffUser | None, **extra
) -> ProcedureRevision:
    revision = ProcedureRevision(
        procedure_id=procedure.id,
        version=procedure.version,
        staff_id=user.id if user else None,
        created_at=clock.now(),
        data={"status": status, "source": source, "fields": dict(fields), **extra},
    )
    db.session.add(revision)
    return revision


def _record_outside_changes(procedure: Procedure) -> None:
    """If the row changed outside the editor (an import), keep that state in the history."""
    latest = latest_revision(procedure)
    if latest is None or latest.version != procedure.version:
        status = "published" if procedure.published else "draft"
        _add_revision(procedure, status, "outside", fields_of(procedure), None)


def _apply(procedure: Procedure, fields: dict) -> None:
    """Write the fields into the row, search columns included."""
    agency = db.session.scalar(select(Agency).where(Agency.code == fields["agency_code"]))
    if agency is None:
        raise ValueError(
            _(
                "The agency %(code)s no longer exists. Choose another agency.",
                code=fields["agency_code"],
            )
        )
    for name in FIELDS:
        if name != "agency_code":
            setattr(procedure, name, fields[name])
    procedure.agency = agency
    for name, value in search_fields(procedure.code, fields).items():
        setattr(procedure, name, value)
    procedure.updated_at = clock.now()


def check_version(procedure: Procedure, version: int | None) -> None:
    if version != procedure.version:
        raise Conflict()


def create(code: str, fields: dict, user: StaffUser) -> Procedure:
    """Create a procedure as a draft the public does not see yet."""
    procedure = Procedure(code=code, published=False)
    _apply(procedure, fields)
    db.session.add(procedure)
    db.session.flush()
    _add_revision(procedure, "draft", "create", fields, user)
    audit.record("procedure.create", "procedure", code, after=fields)
    return procedure


def save_draft(
    procedure: Procedure,
    fields: dict,
    user: StaffUser,
    *,
    version: int | None,
    source: str = "edit",
    **extra,
) -> ProcedureRevision:
    """Save the fields as the procedure's draft; the public page keeps its published text."""
    check_version(procedure, version)
    _record_outside_changes(procedure)
    before = editable_fields(procedure)
    if procedure.published:
        flag_modified(procedure, "published")  # bumps the version without touching the text
    else:
        _apply(procedure, fields)
    db.session.flush()
    revision = _add_revision(procedure, "draft", source, fields, user, **extra)
    action = "procedure.restore" if source == "restore" else "procedure.save_draft"
    before_changed, after_changed = audit.changed_only(before, fields)
    audit.record(
        action, "procedure", procedure.code, before=before_changed, after={**after_changed, **extra}
    )
    return revision


def publish(procedure: Procedure, user: StaffUser, *, version: int | None) -> None:
    """Make the pending draft the public page."""
    check_version(procedure, version)
    draft = pending_draft(procedure)
    if draft is None:
        raise NotPublishable()
    before = fields_of(procedure) if procedure.published else None
    _apply(procedure, draft)
    procedure.published = True
    flag_modified(procedure, "published")
    db.session.flush()
    _add_revision(procedure, "published", "publish", draft, user)
    changes.record_publication(procedure.id, before, draft, procedure.updated_at)
    if before is None:
        audit.record("procedure.publish", "procedure", procedure.code, after=draft)
    else:
        before_changed, after_changed = audit.changed_only(before, draft)
        audit.record(
            "procedure.publish",
            "procedure",
            procedure.code,
            before=before_changed,
            after=after_changed,
        )


def restore(
    procedure: Procedure, revision: ProcedureRevision, user: StaffUser, *, version: int | None
) -> ProcedureRevision:
    """Make an earlier revision's text the draft again (publish it to show it)."""
    fields = {name: revision.data["fields"].get(name) for name in FIELDS}
    if db.session.scalar(select(Agency.id).where(Agency.code == fields["agency_code"])) is None:
        raise ValueError(
            _(
                "The agency %(code)s no longer exists. Choose another agency.",
                code=fields["agency_code"],
            )
        )
    return save_draft(
        procedure, fields, user, version=version, source="restore", restored_from=revision.version
    )


def base_fields(procedure: Procedure, version: int | None) -> dict | None:
    """The fields as they were at `version` (what a stale form started from), if known."""
    if version is None:
        return None
    revision = db.session.scalar(
        select(ProcedureRevision)
        .where(ProcedureRevision.procedure_id == procedure.id, ProcedureRevision.version == version)
        .order_by(ProcedureRevision.id.desc())
        .limit(1)
    )
    return dict(revision.data["fields"]) if revision else None


# --- readable differences ---------------------------------------------------------------------


@dataclass
class FieldDiff:
    name: str
    label: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # ("-"|"+"|" "|"…", text)


def display(name: str, value) -> str:
    """A field's value as a person reads it, in the page's language."""
    if value is None or value == "":
        return ""
    if name in ("postal", "four_on_site"):
        return _("Yes") if value else _("No")
    if name == "level":
        return level_label(value)
    if name == "online_level":
        return {
            "none": _("Not online"),
            "partial": _("Partly online"),
            "full": _("Fully online"),
        }.get(value, str(value))
    return str(value)


def _line_diff(old: str, new: str, context: int = 2) -> list[tuple[str, str]]:
    a, b = old.splitlines(), new.splitlines()
    lines: list[tuple[str, str]] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            head = same[:context] if index > 0 else []
            tail = same[-context:] if index < len(opcodes) - 1 else []
            if len(same) > len(head) + len(tail):
                lines += [(" ", t) for t in head] + [("…", "")] + [(" ", t) for t in tail]
            else:
                lines += [(" ", t) for t in same]
            continue
        lines += [("-", t) for t in a[i1:i2]]
        lines += [("+", t) for t in b[j1:j2]]
    return lines


def diff(old: dict | None, new: dict) -> list[FieldDiff]:
    """The changed fields between two sets of fields, line by line (text is escaped on render)."""
    old = old or {}
    result = []
    for name in FIELDS:
        before, after = display(name, old.get(name)), display(name, new.get(name))
        if before.splitlines() == after.splitlines():
            continue
        result.append(FieldDiff(name, str(FIELD_LABELS[name]), _line_diff(before, after)))
    return result
