"""HTTP caching of public pages that are the same for every visitor until staff change them.

Such a page answers with an ETag (a hash of its body), Last-Modified where the view knows when
its content last changed, and a Cache-Control that lets browsers keep it a minute and a shared
cache (the nginx sample) five minutes; a conditional request for an unchanged page gets 304
with no body, so a crowd re-reading the late list costs the server almost nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from flask import make_response, request

from . import clock

BROWSER_SECONDS = 60
SHARED_CACHE_SECONDS = 300


def shared(last_modified: Callable[..., datetime | None] | None = None):
    """Make a view's 200 answers cacheable by any cache and answer conditional requests.

    last_modified(**view_args) gives the stored local time the content last changed.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or request.method not in ("GET", "HEAD"):
                return response
            response.cache_control.public = True
            response.cache_control.max_age = BROWSER_SECONDS
            response.cache_control.s_maxage = SHARED_CACHE_SECONDS
            changed = last_modified(**kwargs) if last_modified else None
            if changed is not None:
                response.last_modified = clock.with_zone(changed).astimezone(UTC)
            response.add_etag()
            return response.make_conditional(request)

        return wrapper

    return decorate
