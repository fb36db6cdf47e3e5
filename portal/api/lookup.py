"""POST /api/v1/lookup: a dossier's status and timeline as JSON, for code + verifier."""

from __future__ import annotations

import re
from datetime import datetime

from flask import jsonify, request

from .. import clock
from ..dossiers import queries
from ..dossiers.limits import find_dossier_guarded, guessable
from .blueprint import bp, error

VERIFIER = re.compile(r"^[0-9]{4,6}$")


def iso(value: datetime | None) -> str | None:
    """A stored local time as ISO 8601 with its offset (+07:00)."""
    return clock.with_zone(value).isoformat() if value else None


def dossier_json(dossier) -> dict:
    """The CONTRACT's look-up answer: exactly these fields, names in Vietnamese."""
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name_vi,
        "agency_code": dossier.agency.code,
        "agency_name": dossier.agency.name_vi,
        "channel": dossier.channel,
        "status": dossier.status,
        "received_at": iso(dossier.received_at),
        "due_at": iso(dossier.due_at),
        "resolved_at": iso(dossier.resolved_at),
        "returned_at": iso(dossier.returned_at),
        "overdue": queries.progress(dossier).overdue,
        "timeline": [
            {
                "at": iso(event.at),
                "step": event.step_vi,
                "agency_code": agency.code if agency else None,
            }
            for event, agency in queries.timeline(dossier.id)
        ],
    }


@bp.post("/lookup")
@guessable
def lookup():
    """Return one dossier for its code and verifier; 404 alike for either being wrong."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "bad_request", 'send a JSON object: {"code": "...", "verifier": "..."}')
    code, verifier = body.get("code"), body.get("verifier")
    if not isinstance(code, str) or not queries.CODE_PATTERN.match(code.strip()):
        return error(
            400, "bad_request", "code must be a string of 1 to 64 letters, digits, '.', '-' or '_'"
        )
    if not isinstance(verifier, str) or not VERIFIER.match(verifier.strip()):
        return error(400, "bad_request", 'verifier must be a string of 4 to 6 digits, e.g. "0123"')
    dossier = find_dossier_guarded(code, verifier.strip())
    if dossier is None:
        return error(404, "not_found", "no dossier matches this code and verifier")
    return jsonify(dossier_json(dossier))
