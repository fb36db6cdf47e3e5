"""Public pages kept rendered by each worker while the catalogue stays the same (issue 15).

A page such as a procedure's, an agency's, the changes list or the home page is the same for
every visitor: a function of its address (language, path, query string), the catalogue and
whatever else the caller names (the day, the publications). Rendering it costs many times
what answering takes, so the worker keeps the HTML with the catalogue's search state: the
database's version stamp moves with every change to procedures, agencies, the dictionary,
forms and the changes list (triggers, migrations 0013 and 0021), and a moved stamp drops
everything kept. Only answers that render are kept: a 404 raised while rendering is not.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import request

from . import queries


def kept(render: Callable[[], str], *depends: Hashable) -> str:
    """The page at this address, rendered once per catalogue version and ``depends``."""
    state = queries.search_state()
    key = (request.full_path, *depends)
    html = state.rendered_page(key)
    if html is None:
        html = render()
        state.keep_rendered(key, html)
    return html
