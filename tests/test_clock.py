"""The portal's one clock: pages show the local date (UTC+7), not the host's UTC date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal import clock

from .conftest import DATA, parse_page

# 17:30 UTC on 31 March is already 00:30 on 1 April in Ho Chi Minh City.
LATE_EVENING_UTC = datetime(2026, 3, 31, 17, 30, tzinfo=UTC)


def test_an_instant_after_17_00_utc_is_the_next_local_day(app, frozen_clock):
    frozen_clock(LATE_EVENING_UTC)
    with app.app_context():
        assert clock.now() == datetime(2026, 4, 1, 0, 30)
        assert clock.today() == date(2026, 4, 1)
    frozen_clock(datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC))
    with app.app_context():
        assert clock.today() == date(2026, 3, 31)


def test_a_procedure_imported_just_after_local_midnight_shows_the_local_date(
    client, import_csv, frozen_clock
):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    frozen_clock(LATE_EVENING_UTC)
    import_csv("procedures", (DATA / "procedures.csv").read_text("utf-8"))

    english = parse_page(client.get("/en/procedures/1.009972")).text
    assert "Last changed: 1 April 2026" in english
    assert "31 March 2026" not in english
    vietnamese = parse_page(client.get("/vi/procedures/1.009972")).text
    assert "01/04/2026" in vietnamese


def test_the_api_gives_the_local_time_of_the_last_update(client, import_csv, frozen_clock):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    frozen_clock(LATE_EVENING_UTC)
    import_csv("procedures", (DATA / "procedures.csv").read_text("utf-8"))

    record = client.get("/api/v1/procedures/1.009972").get_json()
    assert record["updated_at"].startswith("2026-04-01T00:30:00")
