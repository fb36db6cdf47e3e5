"""Shared fixtures: an app on a migrated test database (SQLite, or TEST_DATABASE_URL)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from portal import clock, create_app
from portal.extensions import db
from portal.imports import run_import

from .mail_server import MailServer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """Create the schema once per run, by the migrations, on a clean database."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        from portal.cli import init_db

        init_db()
        db.engine.dispose()
    return url


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.commit()


@contextmanager
def site_started_with(app, **settings) -> Iterator:
    """Another site on the test app's database, started with these settings (settings are
    read when a site starts); its engine is closed afterwards."""
    kept = ("SQLALCHEMY_DATABASE_URI", "TESTING", "SECRET_KEY", "PUBLIC_URL", "INSTANCE_PATH")
    site = create_app({**{name: app.config[name] for name in kept}, **settings})
    try:
        yield site
    finally:
        with site.app_context():
            db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "PUBLIC_URL": "http://localhost",  # the test client's host
            "INSTANCE_PATH": str(tmp_path),
            "SEARCH_LOG_FLUSH_SECONDS": 0,
        }
    )
    with app.app_context():
        _empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Stop the portal's clock: ``frozen_clock(datetime(2026, 3, 31, 17, 30, tzinfo=UTC))``."""

    def freeze(instant: datetime) -> None:
        monkeypatch.setattr(clock, "utc_now", lambda: instant)

    return freeze


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def import_csv(app):
    """Import CSV text of a kind, as `flask import` does; returns the ImportResult."""
    from portal.imports import import_kinds

    def do_import(kind: str, csv_text: str, strict: bool = False, aside: bool = False):
        with app.app_context():
            stream = io.BytesIO(csv_text.encode("utf-8"))
            return run_import(import_kinds()[kind](db.session), stream, strict=strict, aside=aside)

    return do_import


@pytest.fixture
def catalogue(import_csv):
    """The small sample catalogue in tests/data."""
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    import_csv("procedures", (DATA / "procedures.csv").read_text("utf-8"))


class PageParser(HTMLParser):
    """Collects what the page checks need: title, headings, ids, links, forms."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.h1: list[str] = []
        self.ids: list[str] = []
        self.forms: list[dict] = []
        self._in: str | None = None
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("title", "h1"):
            self._in = tag
            if tag == "h1":
                self.h1.append("")
        if tag == "form":
            self.forms.append(attrs)

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1[-1] += data

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text_parts))


def parse_page(response) -> PageParser:
    """Parse an HTML response and check what every page must have."""
    html = response.get_data(as_text=True)
    page = PageParser()
    page.feed(html)
    assert page.title.strip(), "every page has a title"
    assert len(page.h1) == 1, f"every page has exactly one h1, found {len(page.h1)}"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert re.search(r'<html lang="(vi|en)">', html)
    return page


@pytest.fixture
def mail_server():
    """A real SMTP server (aiosmtpd) on a free port, stopped after the test."""
    server = MailServer()
    server.start()
    yield server
    server.stop()
