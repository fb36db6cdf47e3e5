"""Public answers kept whole by each worker, given again without running the app (issue 15).

A page marked with ``keep`` (the catalogue, a procedure's page, the statistics, the late list,
the home page) is the same for every visitor: a function of its address and of what the site
is now. What the site is now is one small query, the site's stamp: the catalogue's version
(it moves with every change to procedures, agencies, forms, the dictionary and the changes
list), the publications, corrections, staff actions and late-list explanations; with today's
date. While the stamp stays the same, a visitor without a session gets the answer the page
gave before, headers and all (a conditional request gets its 304): what a shared cache in
front would give, without its minutes of staleness. A worker reads the stamp again after
any commit of its own and otherwise at most every KEPT_ANSWERS_RECHECK_MS (200 ms), so a
change committed elsewhere (another worker, an import) shows within that time.

An answer is kept only when its view asked for it and it is a 200 with no cookie and no
``Vary``; requests with a session cookie or credentials always reach the app. What the page
must still do on every request (counting a search) is named by ``each_time`` and done again
on every answer given from memory. The answers a worker keeps are bounded in bytes; the
addresses of views that never keep (the look-up form) are remembered, and skip the stamp.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from time import monotonic
from zoneinfo import ZoneInfo

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from . import clock

MARK = "portal.keep"  # in the WSGI environ: the view's answer may be kept
_NEVER_KEPT = frozenset({"set-cookie", "vary"})
UNKEPT_ADDRESSES = 10_000  # remembered per worker; the set is emptied when full


@dataclass
class Keep:
    """A view's request to keep its answer, with what must be done again on every request."""

    each_time: list[tuple[Callable, tuple]] = field(default_factory=list)


@dataclass(frozen=True)
class Kept:
    stamp: tuple
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    each_time: tuple[tuple[Callable, tuple], ...]


def keep(view: Callable) -> Callable:
    """Mark a view whose 200 answer is the same for every visitor until the site's stamp
    moves (a function of its address, the catalogue, the publications and the day)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request.environ[MARK] = Keep()
        return view(*args, **kwargs)

    return wrapper


def each_time(action: Callable, *args) -> None:
    """Do action(*args) now, and again whenever this answer is given from memory (it runs in
    an application context, not a request's)."""
    action(*args)
    mark = request.environ.get(MARK)
    if mark is not None:
        mark.each_time.append((action, args))


class KeptAnswers:
    """WSGI middleware: answers of views marked ``keep``, kept per worker and given again
    while the site's stamp (one query of ``stamp_parts``, scalar subqueries) is the same."""

    def __init__(self, app: Flask, stamp_parts: Iterable[str]) -> None:
        self.app, self.wsgi_app = app, app.wsgi_app
        self.stamp_sql = "SELECT " + ", ".join(stamp_parts)
        self.limit_bytes = app.config["KEPT_ANSWERS_BYTES"]
        self.recheck_seconds = app.config["KEPT_ANSWERS_RECHECK_MS"] / 1000
        self.last_read: tuple[float, tuple | None] = (0.0, None)  # (monotonic time, row)
        self.kept: OrderedDict[tuple, Kept] = OrderedDict()
        self.kept_bytes = 0
        self.unkept: set[tuple] = set()  # addresses whose view does not keep its answers
        self.lock = threading.Lock()
        self.engine = None
        self.session_cookie = app.config["SESSION_COOKIE_NAME"] + "="
        self.time_zone = ZoneInfo(app.config["TIME_ZONE"])

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.may_answer(environ):
            return self.wsgi_app(environ, start_response)
        key = self.key(environ)
        if key in self.unkept:
            return self.wsgi_app(environ, start_response)
        stamp = self.stamp()
        if stamp is None:  # the database did not answer: the app says what that means
            return self.wsgi_app(environ, start_response)
        with self.lock:
            kept = self.kept.get(key)
            fresh = kept is not None and kept.stamp == stamp
            if fresh:
                self.kept.move_to_end(key)
        if fresh:
            return self.answer(kept, environ, start_response)
        return self.answer_and_keep(environ, start_response, key, stamp)

    def may_answer(self, environ: dict) -> bool:
        """A GET by a visitor without a session or credentials, no range asked for."""
        return (
            self.limit_bytes > 0
            and environ.get("REQUEST_METHOD") == "GET"
            and self.session_cookie not in environ.get("HTTP_COOKIE", "")
            and "HTTP_AUTHORIZATION" not in environ
            and "HTTP_RANGE" not in environ
        )

    @staticmethod
    def key(environ: dict) -> tuple:
        return (
            environ.get("wsgi.url_scheme"),
            environ.get("HTTP_HOST"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )

    def stamp(self) -> tuple | None:
        """What the site is now: the stamp query's row and today's date; None when the
        database does not answer. The row is read again after recheck_seconds, and at once
        after any commit of this worker's own."""
        if self.engine is None:
            self.engine = self.stamp_engine()
        now = monotonic()
        read_at, row = self.last_read
        if row is None or now - read_at >= self.recheck_seconds:
            try:
                with self.engine.connect() as connection:
                    row = tuple(connection.exec_driver_sql(self.stamp_sql).one())
            except SQLAlchemyError:
                return None
            self.last_read = (now, row)
        return (*row, clock.today_in(self.time_zone))

    def forget_stamp(self, *_event) -> None:
        """A commit of this worker's: the next request reads the stamp again."""
        self.last_read = (0.0, None)

    def stamp_engine(self):
        """The app's engine; on PostgreSQL reading outside a transaction, so that the stamp
        is one round trip, not three (BEGIN, the query, ROLLBACK). SQLite's driver begins
        a transaction only to write: its engine reads so already, and cheaper as it is."""
        from .extensions import db

        with self.app.app_context():
            engine = db.engine
        event.listen(engine, "commit", self.forget_stamp)
        if engine.dialect.name == "sqlite":
            return engine
        return engine.execution_options(isolation_level="AUTOCOMMIT")

    def answer(self, kept: Kept, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """The kept answer, after what must be done on every request; a 304 to a
        conditional request for it that it satisfies."""
        if kept.each_time:
            with self.app.app_context():
                for action, args in kept.each_time:
                    action(*args)
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            response = Response(kept.body, kept.status, list(kept.headers))
            return response.make_conditional(environ)(environ, start_response)
        start_response(kept.status, list(kept.headers))
        return [kept.body]

    def answer_and_keep(
        self, environ: dict, start_response: Callable, key: tuple, stamp: tuple
    ) -> Iterable[bytes]:
        """The app's answer; kept under the stamp read before it ran (a change meanwhile
        moves the stamp, so the next request asks the app again) when it may be."""
        given: dict = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            given["status"], given["headers"] = status, tuple(headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        mark = environ.get(MARK)
        if mark is None:  # a view that never keeps: not even the stamp is read next time
            if len(self.unkept) >= UNKEPT_ADDRESSES:
                self.unkept.clear()
            self.unkept.add(key)
        if mark is None or not self.may_keep(given):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        kept = Kept(stamp, given["status"], given["headers"], data, tuple(mark.each_time))
        self.store(key, kept)
        return [data]

    @staticmethod
    def may_keep(given: dict) -> bool:
        if not given.get("status", "").startswith("200 "):
            return False
        names = {name.lower() for name, _value in given["headers"]}
        return not names & _NEVER_KEPT

    def store(self, key: tuple, kept: Kept) -> None:
        """Keep an answer; the least recently given go while the total is over the limit."""
        if len(kept.body) > self.limit_bytes // 2:
            return
        with self.lock:
            old = self.kept.pop(key, None)
            if old is not None:
                self.kept_bytes -= len(old.body)
            self.kept[key] = kept
            self.kept_bytes += len(kept.body)
            while self.kept_bytes > self.limit_bytes:
                _key, dropped = self.kept.popitem(last=False)
                self.kept_bytes -= len(dropped.body)
