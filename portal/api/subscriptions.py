"""POST /api/v1/subscriptions: ask for a dossier's e-mail alerts (CONTRACT §6).

Every well-formed request gets the same 202, whether or not the code and verifier match:
only a match queues a confirmation, so the answer tells a guesser nothing.
"""

from __future__ import annotations

from flask import jsonify, request

from .. import clock
from ..alerts.subscriptions import subscribe, valid_email
from ..dossiers import queries
from ..dossiers.limits import find_dossier_guarded, guessable
from .blueprint import bp, error
from .lookup import VERIFIER


def _malformed(body) -> tuple[str, str] | None:
    """The error code and message for a malformed request, or None when it is well formed."""
    if not isinstance(body, dict):
        return "bad_request", (
            'send a JSON object: {"code": "...", "verifier": "...", "email": "...", "lang": "vi"}'
        )
    code, verifier, email = body.get("code"), body.get("verifier"), body.get("email")
    if not isinstance(code, str) or not queries.CODE_PATTERN.match(code.strip()):
        return "bad_request", "code must be a string of 1 to 64 letters, digits, '.', '-' or '_'"
    if not isinstance(verifier, str) or not VERIFIER.match(verifier.strip()):
        return "bad_request", 'verifier must be a string of 4 to 6 digits, e.g. "0123"'
    if not isinstance(email, str) or not valid_email(email.strip()):
        return "invalid_email", "email must be a plain address such as name@example.com"
    if body.get("lang", "vi") not in ("vi", "en"):
        return "bad_request", 'lang must be "vi" or "en"'
    return None


@bp.post("/subscriptions")
@guessable
def create_subscription():
    """Queue a confirmation e-mail when the code and verifier match; answer 202 either way."""
    body = request.get_json(silent=True)
    problem = _malformed(body)
    if problem:
        return error(400, *problem)
    dossier = find_dossier_guarded(body["code"], body["verifier"].strip())
    if dossier is not None:
        subscribe(dossier.id, body["email"], body.get("lang", "vi"), clock.now())
    return jsonify(status="pending_confirmation"), 202
