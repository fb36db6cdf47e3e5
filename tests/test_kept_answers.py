"""Public answers each worker keeps whole (portal.kept_answers, issue 15): a visitor without a
session is given the page again without the app rendering it, and never once anything
changed: staff's explanations, a publication, the next day. Personal pages and visitors
with a session always reach the app, and a worker keeps only so many bytes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from portal import kept_answers

from .conftest import site_started_with
from .staff_helpers import as_role, post
from .test_late_list import september  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("september")
LATE = "/vi/late-agencies/2026-09"


def renders(app, endpoint: str) -> list[str]:
    """Count the times the app runs the view behind endpoint (one entry per run)."""
    view = app.view_functions[endpoint]
    runs: list[str] = []

    def counted(*args, **kwargs):
        runs.append(endpoint)
        return view(*args, **kwargs)

    app.view_functions[endpoint] = counted
    return runs


def test_a_public_page_is_given_again_without_rendering_it_headers_and_all(app, client):
    runs = renders(app, "stats.late_period")
    first = client.get(LATE)
    again = client.get(LATE)
    assert len(runs) == 1
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert again.headers["X-Frame-Options"] == "DENY"
    unchanged = client.get(LATE, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and len(runs) == 1


def test_an_explanation_shows_at_once_to_visitors_given_the_kept_page(app):
    visitor, staff = app.test_client(), app.test_client()
    assert "Hệ thống lỗi." not in visitor.get(LATE).get_data(as_text=True)
    as_role(app, staff, "publisher")
    data = {"month": "2026-09", "agency": "BIG", "text_vi": "Hệ thống lỗi."}
    assert post(staff, "/vi/staff/explanations", data).status_code == 303
    assert "Hệ thống lỗi." in visitor.get(LATE).get_data(as_text=True)
    data["text_vi"] = ""
    assert post(staff, "/vi/staff/explanations", data).status_code == 303
    assert "Hệ thống lỗi." not in visitor.get(LATE).get_data(as_text=True)


def test_the_next_day_the_page_is_rendered_again(app, client, frozen_clock):
    runs = renders(app, "stats.late_period")
    frozen_clock(datetime(2026, 10, 5, 16, 59, tzinfo=UTC))  # 23:59 in Vietnam
    client.get(LATE)
    client.get(LATE)
    frozen_clock(datetime(2026, 10, 5, 17, 1, tzinfo=UTC))  # 00:01 the next day
    client.get(LATE)
    assert len(runs) == 2


def test_a_change_committed_elsewhere_shows_once_the_recheck_time_has_passed(
    app, client, monkeypatch
):
    """Another worker or an import commits through its own connection: this worker asks
    the database again after KEPT_ANSWERS_RECHECK_MS (200 ms)."""
    now = [1000.0]
    monkeypatch.setattr(kept_answers, "monotonic", lambda: now[0])
    runs = renders(app, "stats.late_period")
    client.get(LATE)
    elsewhere = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with elsewhere.begin() as connection:  # what a catalogue import elsewhere does
        connection.execute(text("UPDATE search_state SET version = version + 1"))
    elsewhere.dispose()
    now[0] += 0.15
    client.get(LATE)
    assert len(runs) == 1
    now[0] += 0.1
    client.get(LATE)
    assert len(runs) == 2


def test_visitors_with_a_session_always_reach_the_app(app):
    runs = renders(app, "stats.late_period")
    signed_in = app.test_client()
    as_role(app, signed_in, "publisher")
    for _ in range(2):
        assert signed_in.get(LATE).status_code == 200
    assert len(runs) == 2


def test_a_personal_form_is_never_kept(client):
    tokens = set()
    for _ in range(2):
        visitor = client.application.test_client()
        html = visitor.get("/vi/lookup").get_data(as_text=True)
        tokens.add(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1))
    assert len(tokens) == 2


def test_errors_are_not_kept(app, client):
    runs = renders(app, "stats.late_period")
    for _ in range(2):
        assert client.get("/vi/late-agencies/2031-01").status_code == 404
    assert len(runs) == 2


def test_a_worker_keeps_only_so_many_bytes_the_least_recently_given_going_first(app):
    size = len(app.test_client().get(LATE).data)
    with site_started_with(app, KEPT_ANSWERS_BYTES=size * 7 // 2) as small:
        runs = renders(small, "stats.late_period")
        client = small.test_client()
        pages = [LATE, f"{LATE}?min=1", f"{LATE}?min=2"]  # each about `size` bytes
        for url in [*pages, pages[0], pages[2], pages[1]]:
            assert client.get(url).status_code == 200
        assert len(runs) == 3  # all three kept
        client.get(f"{LATE}?min=3")  # one more than fits: pages[0], least recently given, goes
        client.get(pages[1])
        assert len(runs) == 4
        client.get(pages[0])
        assert len(runs) == 5
