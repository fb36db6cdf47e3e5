"""Unguessable link tokens: derived or drawn at random, stored only as their SHA-256."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from itsdangerous import BadData

from ..signing import timed_serializer

# After a look-up, the result page's alert forms carry this signed proof instead of the
# verifier, as the rating form does: the verifier is sent once and never written into a page.
PROOF_SALT = "portal.dossier-alerts"
PROOF_MAX_AGE = 3600


def digest(token: str) -> str:
    """The SHA-256 of a token, as stored and searched for."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def new_token() -> str:
    """A random token of 256 bits for an address (a private feed)."""
    return secrets.token_urlsafe(32)


def derived_token(secret: str, purpose: str, nonce: str) -> str:
    """A subscription's token for one purpose: reproducible with the secret key, so the outbox
    never holds it, and useless to anyone holding only the database."""
    mac = hmac.new(secret.encode("utf-8"), f"{purpose}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def proof(secret: str, dossier_id: int) -> str:
    """Sign the proof that the holder of the result page knew the dossier's verifier."""
    return timed_serializer(secret, PROOF_SALT).dumps(dossier_id)


def read_proof(secret: str, token: str, max_age: int = PROOF_MAX_AGE) -> int | None:
    """The dossier id a valid, fresh proof names, else None."""
    try:
        value = timed_serializer(secret, PROOF_SALT).loads(token, max_age=max_age)
    except BadData:
        return None
    return value if isinstance(value, int) else None
