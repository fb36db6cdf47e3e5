"""The look-up's defences against guessing a verifier: a budget per client, one per dossier
code, and answers no cache keeps.

How a view that takes a code and a verifier uses it (the look-up page, POST /api/v1/lookup,
and the subscription endpoint and form, CONTRACT section 6)::

    @bp.post("/subscriptions")
    @guessable                     # per-client budget shared by all of them, no-store
    def subscribe():
        ... validate the code's and verifier's shape first (400) ...
        dossier = find_dossier_guarded(code, verifier)   # 429 when the code is locked
        if dossier is None: ...    # unknown code or wrong verifier: answer alike

A wrong verifier spends one of the code's guesses (CODE_GUESS_LIMIT, 10 an hour) whatever
the client's address; a right one gives its guess back. A locked code answers 429, HTML or
JSON by the address, until its window ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import current_app, request
from flask_babel import gettext as _
from limits import parse
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from ..caching import no_store
from ..extensions import limiter
from ..models import Dossier
from . import queries

CODE_SCOPE = "dossier-code"

# Per client (IPv6 counted by /64, see extensions.client_address): the look-up page, the API
# and the subscription share one budget, so guessing through several gains nothing.
lookup_limit = limiter.shared_limit(
    lambda: current_app.config["LOOKUP_RATE_LIMIT"], scope="dossier-lookup", methods=["POST"]
)


def guessable(view: Callable) -> Callable:
    """Decorate a view that checks a dossier code and verifier (see the module's docstring).

    The budget counts posts only, so a GET (the look-up form itself) skips the limiter's
    bookkeeping altogether: the form is the one look-up page most visitors open.
    """
    limited = lookup_limit(view)

    @wraps(view)
    def checked(*args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return view(*args, **kwargs)
        return limited(*args, **kwargs)

    return no_store(checked)


class CodeLocked(TooManyRequests):
    """Too many wrong verifiers for one dossier code: it rests until its window ends."""

    def plain_message(self) -> str:
        return _(
            "This dossier code has been tried with too many wrong verification numbers. "
            "To protect it, look-ups are paused for up to an hour. If this is your dossier, "
            "try again later or call the centre."
        )


def _window() -> tuple[FixedWindowRateLimiter, object, tuple[str, ...]]:
    # limiter.limiter is Redis's, or the in-process fallback while Redis is away. The key
    # starts with RATELIMIT_KEY_PREFIX, as the per-client counts do: sites sharing one Redis
    # must not lock each other's codes.
    strategy = FixedWindowRateLimiter(limiter.limiter.storage)
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    scope = (prefix, CODE_SCOPE) if prefix else (CODE_SCOPE,)
    return strategy, parse(current_app.config["CODE_GUESS_LIMIT"]), scope


def find_dossier_guarded(code: str, verifier: str) -> Dossier | None:
    """The dossier for this code and verifier, spending a guess; CodeLocked (429) when spent.

    The guess is taken before the verifier is checked (one atomic increment), so parallel
    guesses from many addresses cannot slip in between a check and a count.
    """
    if not limiter.enabled:
        return queries.find_dossier(code, verifier)
    strategy, item, scope = _window()
    key = queries.code_key(code)
    if not strategy.hit(item, *scope, key):
        reset = strategy.get_window_stats(item, *scope, key).reset_time
        raise CodeLocked(retry_after=max(1, int(reset - time.time()) + 1))
    dossier = queries.find_dossier(code, verifier)
    if dossier is not None:  # only wrong verifiers count
        strategy.storage.incr(item.key_for(*scope, key), item.get_expiry(), amount=-1)
    return dossier
