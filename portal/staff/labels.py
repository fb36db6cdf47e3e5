"""The audit log's raw keys in the page's language: its actions, objects and logged fields."""

from __future__ import annotations

from ..i18n import lazy_gettext as _l
from ..stats import figures
from .revisions import FIELD_LABELS

ACTION_LABELS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "procedure.create": _l("Procedure created (draft)"),
    "procedure.save_draft": _l("Procedure draft saved"),
    "procedure.publish": _l("Procedure published"),
    "procedure.restore": _l("Procedure version restored as the draft"),
    "agency.create": _l("Agency created"),
    "agency.update": _l("Agency changed"),
    "import": _l("File imported"),
    "import_refused": _l("Import refused (strict)"),
    "import_failed": _l("Import failed"),
    "publish": _l("Statistics published"),
    "republish": _l("Statistics corrected"),
    "publish_unchanged": _l("Statistics re-published unchanged"),
    "staff.create": _l("Account created"),
    "staff.update": _l("Account updated"),
    "staff.role": _l("Role changed"),
    "staff.sign_out_everywhere": _l("Signed out everywhere"),
    "login_code_failed": _l("Wrong sign-in code"),
    "account.password": _l("Own password changed"),
    "account.password_refused": _l("Password change refused: wrong current password"),
    "two_factor.enable": _l("Two-step verification turned on"),
    "two_factor.reset": _l("Two-step verification reset"),
    "reauth": _l("Identity confirmed again"),
    "reauth_failed": _l("Identity confirmation failed"),
    "staff.password": _l("Password changed"),
    "staff.activate": _l("Account activated"),
    "staff.deactivate": _l("Account deactivated"),
    "form_attached": _l("Form attached to a procedure"),
    "form_removed": _l("Form removed from a procedure"),
    "explanation_saved": _l("Explanation of late dossiers saved"),
    "explanation_removed": _l("Explanation of late dossiers removed"),
}

OBJECT_LABELS = {
    "staff_user": _l("Staff account"),
    "procedure": _l("Procedure"),
    "agency": _l("Agency"),
    "import": _l("Import"),
    "published_month": _l("Published month"),
    "late_explanation": _l("Explanation of late dossiers"),
}

# The fields the audit entries log, beyond a procedure's (revisions.FIELD_LABELS) and the
# published figures' (stats.figures).
VALUE_LABELS = {
    "email": _l("Email address"),
    "role": _l("Role"),
    "active": _l("Active"),
    "password": _l("Password"),
    "file": _l("File"),
    "strict": _l("Strict"),
    "inserted": _l("Inserted"),
    "updated": _l("Updated"),
    "unchanged": _l("Unchanged"),
    "rejected": _l("Rejected"),
    "error": _l("Error"),
    "title": _l("Title"),
    "filename": _l("File name"),
    "size": _l("Size in bytes"),
    "code": _l("Code"),
    "parent_code": _l("Parent agency"),
    "active_from": _l("Active from"),
    "active_to": _l("Active until"),
    "successor_code": _l("Successor"),
    "address": _l("Address"),
    "hours_vi": _l("Opening hours (Vietnamese)"),
    "hours_en": _l("Opening hours (English)"),
    "note": _l("Note"),
    "text_vi": _l("Explanation (Vietnamese)"),
    "text_en": _l("Explanation (English, optional)"),
    "version": _l("Version"),
}


def value_label(key: str) -> str:
    """A logged field's name in the page's language; an unknown key as it is."""
    if key in VALUE_LABELS:
        return str(VALUE_LABELS[key])
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    if key in figures.BY_KEY:
        return figures.label(key)
    return key
