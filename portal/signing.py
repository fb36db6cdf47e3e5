"""The signed, timed tokens of the look-up result page (the rating token, the alerts' proof):
one itsdangerous serializer per secret key and purpose, made once per worker.

Building a serializer tries its JSON module and copies the keys every time, which the page
paid for each token; the serializer holds nothing that changes between tokens, so one made
for a key and a salt serves every request (as portal.plumbing.SessionCookies does for the
session cookie). The tokens are those a new serializer would make, byte for byte.
"""

from __future__ import annotations

from functools import lru_cache

from itsdangerous import URLSafeTimedSerializer


@lru_cache(maxsize=16)
def timed_serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    """The URL-safe timed serializer for this secret key and salt (a few pairs per process:
    one key, a salt per kind of token)."""
    return URLSafeTimedSerializer(secret, salt=salt)
