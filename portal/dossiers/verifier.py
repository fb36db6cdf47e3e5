"""The dossier verifier as a keyed hash: the one place it is hashed and checked."""

import hmac
from collections.abc import Callable
from hashlib import sha256

from itsdangerous import BadData

from ..signing import timed_serializer

# Compared against when a code is unknown, so a miss takes as long as a wrong verifier.
DUMMY_HASH = "0" * 64


def hash_verifier(secret: str, verifier: str) -> str:
    """Return the HMAC-SHA256 of the verifier keyed with the secret, as 64 hex digits."""
    return hmac.new(secret.encode(), verifier.strip().encode(), digestmod=sha256).hexdigest()


def verifier_hasher(secret: str) -> Callable[[str], str]:
    """``hash_verifier`` keyed once, for the import's million rows: each call copies the keyed
    HMAC rather than keying it again. The verifier must already be stripped."""
    keyed = hmac.new(secret.encode(), digestmod=sha256)

    def hash_one(verifier: str) -> str:
        mac = keyed.copy()
        mac.update(verifier.encode())
        return mac.hexdigest()

    return hash_one


def check_verifier(secret: str, verifier: str, stored_hash: str | None) -> bool:
    """Tell whether the verifier matches the stored hash, in constant time.

    Always computes the HMAC, even when nothing is stored, so the time taken says nothing
    about whether the dossier exists.
    """
    computed = hash_verifier(secret, verifier or "")
    ok = hmac.compare_digest(computed, stored_hash or DUMMY_HASH)
    return ok and stored_hash is not None


# After a successful look-up the rating form carries this short-lived signed token instead of
# the verifier, so the verifier is sent once and never written into a page.
RATING_SALT = "portal.dossier-rating"
RATING_TOKEN_MAX_AGE = 3600


def rating_token(secret: str, dossier_id: int) -> str:
    """Sign the proof that the holder of this page knew the dossier's verifier."""
    return timed_serializer(secret, RATING_SALT).dumps(dossier_id)


def read_rating_token(secret: str, token: str, max_age: int = RATING_TOKEN_MAX_AGE) -> int | None:
    """Return the dossier id a valid, fresh token proves, else None."""
    try:
        value = timed_serializer(secret, RATING_SALT).loads(token, max_age=max_age)
    except BadData:
        return None
    return value if isinstance(value, int) else None
