"""Importing dossiers, their events and ratings: checks, upserts, --strict, atomicity, CLI."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.dossiers.verifier import hash_verifier, verifier_hasher
from portal.extensions import db
from portal.imports import import_kinds, run_import
from portal.models import Dossier, DossierEvent, Rating

from .conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "code,procedure_code,agency_code,channel,received_at,due_at,resolved_at,returned_at,"
    "return_channel,status,four_on_site,verifier\n"
)
GOOD = "HS-001,1.009972,SXD,direct,2024-03-04T08:00:00,2024-03-20T17:00:00,,,,processing,0,4321\n"


def row(
    code="HS-001",
    procedure="1.009972",
    agency="SXD",
    channel="direct",
    received="2024-03-04T08:00:00",
    due="2024-03-20T17:00:00",
    resolved="",
    returned="",
    return_channel="",
    status="processing",
    four_on_site="0",
    verifier="4321",
) -> str:
    return (
        f"{code},{procedure},{agency},{channel},{received},{due},{resolved},{returned},"
        f"{return_channel},{status},{four_on_site},{verifier}\n"
    )


def dossiers(app) -> dict[str, Dossier]:
    with app.app_context():
        found = db.session.scalars(select(Dossier)).all()
        db.session.expunge_all()
        return {d.code: d for d in found}


def table_rows(app, model) -> list[tuple]:
    with app.app_context():
        columns = list(model.__table__.columns)
        return sorted(tuple(r) for r in db.session.execute(select(*columns)).all())


# --- dossiers ---------------------------------------------------------------------------------


def test_every_status_is_imported_with_its_dates_and_derived_days(app, catalogue, import_csv):
    result = import_csv(
        "dossiers",
        HEADER
        + row("R1", status="received")
        + row("R2", status="processing")
        + row("R3", status="supplement")
        + row("R4", status="resolved", resolved="2024-03-18T17:00:00")
        + row(
            "R5",
            status="returned",
            resolved="2024-03-22T10:00:00",
            returned="2024-03-23T09:00:00",
            return_channel="postal",
        )
        + row("R6", status="rejected", resolved="2024-03-05T10:00:00")
        + row("R7", status="withdrawn", resolved="2024-03-06T10:00:00"),
    )
    assert (result.inserted, result.rejected) == (7, 0), result.errors
    found = dossiers(app)
    assert {code: d.status for code, d in found.items()} == {
        "R1": "received",
        "R2": "processing",
        "R3": "supplement",
        "R4": "resolved",
        "R5": "returned",
        "R6": "rejected",
        "R7": "withdrawn",
    }
    early = found["R4"]
    assert early.received_at == datetime(2024, 3, 4, 8, 0)
    assert (early.received_day, early.due_day, early.finished_day) == (20240304, 20240320, 20240318)
    assert early.saved_seconds == 2 * 24 * 3600  # two days before the due time
    assert early.code_key == "R4" and early.channel == "direct" and early.four_on_site is False
    late = found["R5"]
    assert late.saved_seconds == 0 and late.finished_day == 20240322
    assert late.returned_at == datetime(2024, 3, 23, 9, 0) and late.return_channel == "postal"
    # Closed without a result: finished, but no time is "saved".
    assert found["R6"].finished_day == 20240305 and found["R6"].saved_seconds == 0
    for pending in ("R1", "R2", "R3"):
        assert found[pending].resolved_at is None and found[pending].finished_day is None


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (
            row(
                "",
            ),
            "code is missing",
        ),
        (row("HS 001"), "code must be 1 to 64 letters, digits, '.', '-' or '_'"),
        (row("HS/001"), "code must be 1 to 64 letters, digits, '.', '-' or '_'"),
        (row("X" * 65), "code must be 1 to 64 letters, digits, '.', '-' or '_'"),
        (row(procedure="9.999999"), "unknown procedure code"),
        (row(procedure=""), "procedure_code is missing"),
        (row(agency="NOPE"), "unknown agency code"),
        (row(channel="fax"), "unknown channel (expected"),
        (row(channel=""), "channel is missing"),
        (row(return_channel="pigeon"), "unknown return_channel (expected"),
        (row(status="lost"), "unknown status (expected"),
        (row(status=""), "status is missing"),
        (row(received="yesterday"), "received_at is not an ISO 8601 time"),
        (row(received=""), "received_at is missing"),
        (row(due="2024-13-01T00:00:00"), "due_at is not an ISO 8601 time"),
        (row(due=""), "due_at is missing"),
        (row(due="2024-03-01T00:00:00"), "due_at is before received_at"),
        (
            row(status="resolved", resolved="2024-03-01T08:00:00"),
            "resolved_at is before received_at",
        ),
        (row(status="resolved", resolved="soon"), "resolved_at is not an ISO 8601 time"),
        (row(returned="2024-03-01T08:00:00"), "returned_at is before received_at"),
        (row(status="resolved"), "resolved_at is missing for status 'resolved'"),
        (row(status="returned"), "resolved_at is missing for status 'returned'"),
        (row(status="rejected"), "resolved_at is missing for status 'rejected'"),
        (row(status="withdrawn"), "resolved_at is missing for status 'withdrawn'"),
        (
            row(status="processing", resolved="2024-03-05T08:00:00"),
            "resolved_at must be empty for status 'processing'",
        ),
        (
            row(status="received", resolved="2024-03-05T08:00:00"),
            "resolved_at must be empty for status 'received'",
        ),
        (row(four_on_site="yes"), "four_on_site must be 1 or 0"),
        (row(verifier="123"), "verifier must be 4 to 6 digits"),
        (row(verifier="1234567"), "verifier must be 4 to 6 digits"),
        (row(verifier="12a4"), "verifier must be 4 to 6 digits"),
        (row(received="1900-01-01T00:00:00"), "received_at is out of range"),
    ],
)
def test_each_bad_row_is_reported_with_its_reason_and_the_good_rows_kept(
    app, catalogue, import_csv, cells, reason
):
    result = import_csv("dossiers", HEADER + row("GOOD-1") + cells + row("GOOD-2"))
    assert (result.inserted, result.rejected) == (2, 1)
    assert result.errors[0].startswith(f"row 3: {reason}"), result.errors
    assert set(dossiers(app)) == {"GOOD-1", "GOOD-2"}


def test_a_bad_verifier_is_never_repeated_in_the_message(catalogue, import_csv):
    result = import_csv("dossiers", HEADER + row(verifier="98a765"))
    assert "98a765" not in result.errors[0]


def test_an_empty_verifier_is_allowed_and_stores_no_hash(app, catalogue, import_csv):
    result = import_csv("dossiers", HEADER + row("NOVER", verifier=""))
    assert result.inserted == 1
    assert dossiers(app)["NOVER"].verifier_hash is None


def test_the_verifier_is_stored_only_as_its_keyed_hash(app, catalogue, import_csv):
    import_csv("dossiers", HEADER + row("V-1", verifier="975312") + row("V-2", verifier="0042"))
    found = dossiers(app)
    key = app.config["VERIFIER_KEY"]
    assert found["V-1"].verifier_hash == hash_verifier(key, "975312")
    assert found["V-2"].verifier_hash == hash_verifier(key, "0042")
    assert found["V-1"].verifier_hash != hash_verifier("another-secret", "975312")
    # Nothing anywhere in the database holds the verifier in clear.
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for stored in db.session.execute(select(table)).all():
                assert not any("975312" in str(value) for value in stored), table.name


def test_the_fast_hash_matches_the_look_up_hash_for_any_key():
    for secret in ("k", "test-secret", "x" * 64, "y" * 200, "khóa bí mật"):
        for verifier in ("0000", "12345", "999999"):
            assert verifier_hasher(secret)(verifier) == hash_verifier(secret, verifier)


def test_times_with_an_offset_are_stored_as_local_time(app, catalogue, import_csv):
    result = import_csv(
        "dossiers",
        HEADER
        + row("Z", received="2024-03-05T02:00:00Z", due="2024-03-06T01:00:00Z")
        + row("P7", received="2024-03-05T09:00:00+07:00", due="2024-03-06 08:00:00")
        + row(
            "LATE",
            received="2024-03-05T20:30:00+00:00",
            due="2024-03-10T00:00:00",
            status="resolved",
            resolved="2024-03-06T16:59:59-01:00",
        ),
    )
    assert result.inserted == 3, result.errors
    found = dossiers(app)
    assert found["Z"].received_at == datetime(2024, 3, 5, 9, 0)
    assert found["Z"].due_at == datetime(2024, 3, 6, 8, 0)
    assert found["P7"].received_at == datetime(2024, 3, 5, 9, 0)
    assert found["P7"].due_at == datetime(2024, 3, 6, 8, 0)
    # 20:30 UTC is 03:30 the next morning in Vietnam: the local date counts.
    assert found["LATE"].received_at == datetime(2024, 3, 6, 3, 30)
    assert found["LATE"].received_day == 20240306
    assert found["LATE"].resolved_at == datetime(2024, 3, 7, 0, 59, 59)
    assert found["LATE"].finished_day == 20240307


def test_reimporting_the_same_file_changes_nothing(app, catalogue, import_csv):
    text = (
        HEADER
        + row("A-1")
        + row("A-2", status="resolved", resolved="2024-03-10T10:00:00")
        + row("A-3", received="2024-03-05T02:00:00Z", verifier="")
    )
    first = import_csv("dossiers", text)
    before = table_rows(app, Dossier)
    again = import_csv("dossiers", text)
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert table_rows(app, Dossier) == before


def test_a_dossier_reimported_with_a_new_status_is_updated(app, catalogue, import_csv):
    import_csv("dossiers", HEADER + row("U-1") + row("U-2"))
    result = import_csv(
        "dossiers",
        HEADER + row("U-1") + row("U-2", status="resolved", resolved="2024-03-10T17:00:00"),
    )
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 1)
    found = dossiers(app)
    assert found["U-2"].status == "resolved"
    assert found["U-2"].finished_day == 20240310
    assert found["U-2"].saved_seconds == 10 * 24 * 3600
    assert found["U-1"].status == "processing"


def test_codes_are_one_dossier_whatever_their_case_and_spaces(app, catalogue, import_csv):
    import_csv("dossiers", HEADER + row("hs-abc"))
    result = import_csv("dossiers", HEADER + row(" HS-ABC ", status="supplement"))
    assert (result.inserted, result.updated) == (0, 1)
    found = dossiers(app)
    assert list(found) == ["HS-ABC"] and found["HS-ABC"].code_key == "HS-ABC"
    assert found["HS-ABC"].status == "supplement"


def test_the_same_code_twice_in_a_file_keeps_the_later_row(app, catalogue, import_csv):
    result = import_csv("dossiers", HEADER + row("D-1") + row("d-1", status="supplement"))
    assert (result.inserted, result.updated) == (1, 1)
    assert dossiers(app)["d-1"].status == "supplement"


def test_bom_any_column_order_and_unknown_columns_are_accepted(app, catalogue, import_csv):
    result = import_csv(
        "dossiers",
        "\ufeffStatus,due_at,note,code,received_at,channel,"
        "agency_code,procedure_code\n"
        "processing,2024-03-20T17:00:00,ignored,ORD-1,2024-03-04T08:00:00,"
        "online,X0101,1.001193\n",
    )
    assert (result.inserted, result.rejected) == (1, 0), result.errors
    found = dossiers(app)["ORD-1"]
    assert (found.channel, found.status, found.verifier_hash) == ("online", "processing", None)


def test_apology_and_new_date_are_kept_and_left_alone_when_the_file_lacks_them(
    app, catalogue, import_csv
):
    result = import_csv(
        "dossiers",
        HEADER.strip()
        + ",extended_due_at,apology\n"
        + row("AP-1").strip()
        + ",2024-03-25T17:00:00,1\n"
        + row("AP-2").strip()
        + ",,0\n",
    )
    assert result.inserted == 2, result.errors
    found = dossiers(app)
    assert found["AP-1"].extended_due_at == datetime(2024, 3, 25, 17, 0)
    assert found["AP-1"].apology is True and found["AP-2"].apology is False
    # The everyday export has no such columns: the apology stays.
    again = import_csv("dossiers", HEADER + row("AP-1") + row("AP-2"))
    assert again.unchanged == 2
    assert dossiers(app)["AP-1"].apology is True
    # Nor a verifier column: the hash stays.
    no_verifier = import_csv(
        "dossiers",
        "code,procedure_code,agency_code,channel,received_at,"
        "due_at,status\nAP-1,1.009972,SXD,direct,2024-03-04T08:00:00,"
        "2024-03-20T17:00:00,processing\n",
    )
    assert no_verifier.unchanged == 1
    assert dossiers(app)["AP-1"].verifier_hash == hash_verifier(app.config["VERIFIER_KEY"], "4321")


def test_strict_imports_nothing_when_a_row_is_bad(app, catalogue, import_csv):
    import_csv("dossiers", HEADER + row("S-0"))
    before = table_rows(app, Dossier)
    result = import_csv(
        "dossiers",
        HEADER + row("S-1") + row("S-0", status="supplement") + row("S-2", agency="NOPE"),
        strict=True,
    )
    assert (result.inserted, result.updated, result.rejected) == (0, 0, 1)
    assert result.errors == ["row 4: unknown agency code"]
    assert table_rows(app, Dossier) == before


def test_the_rollup_is_refreshed_once_inside_the_import(app, catalogue, import_csv, monkeypatch):
    from portal.stats import rollup

    calls = []

    def refresh(session, kind):
        calls.append(kind)
        # Same transaction: the new rows are visible here, before the commit.
        assert session.scalar(select(Dossier.code).where(Dossier.code == "RU-1")) == "RU-1"

    monkeypatch.setattr(rollup, "refresh", refresh)
    import_csv("dossiers", HEADER + row("RU-1"))
    assert calls == ["dossiers"]
    import_csv("dossiers", HEADER + row("RU-2", agency="NOPE"), strict=True)
    assert calls == ["dossiers"]


def test_many_batches_are_counted_and_compared_right(app, catalogue, import_csv):
    lines = [row(f"B-{i:05d}", verifier=f"{i:04d}") for i in range(12_000)]
    first = import_csv("dossiers", HEADER + "".join(lines))
    assert first.inserted == 12_000
    lines[7000] = row("B-07000", status="supplement")
    lines.append(row("B-NEW"))
    again = import_csv("dossiers", HEADER + "".join(lines))
    assert (again.inserted, again.updated, again.unchanged) == (1, 1, 11_999)


def test_rows_checked_in_another_process_are_imported_the_same(app, catalogue, import_csv):
    # What the command line does (run_import(aside=True): the rows read and checked in a
    # forked process): every batch, bad row, repeated code and reason as when checked here.
    lines = [row(f"A-{i:05d}", verifier=f"{i:04d}") for i in range(11_000)]
    lines[10] = row("A-BAD-1", channel="fax")
    lines[6000] = row("A-00001", status="supplement")  # the same code again, a batch later
    lines[9000] = row("A-BAD-2", agency="NOPE")
    text = HEADER + "".join(lines)
    aside = import_csv("dossiers", text, aside=True)
    stored = table_rows(app, Dossier)
    assert (aside.inserted, aside.updated, aside.rejected) == (10_997, 1, 2)
    assert aside.errors == [
        "row 12: unknown channel (expected one of: direct, online, postal)",
        "row 9002: unknown agency code",
    ]
    assert dossiers(app)["A-00001"].status == "supplement"
    again = import_csv("dossiers", text)  # checked here: the same reasons, the same rows
    assert (again.inserted, again.updated, again.unchanged) == (0, 2, 10_996)  # A-00001 twice
    assert again.errors == aside.errors
    assert table_rows(app, Dossier) == stored and len(stored) == 10_997


def test_a_file_checked_aside_that_stops_being_utf8_is_refused_whole(app, catalogue):
    from portal.imports import ImportAborted

    data = (HEADER + "".join(row(f"U8-{i:05d}") for i in range(7000))).encode() + b"\xff\xfe\n"
    with app.app_context(), pytest.raises(ImportAborted, match="not UTF-8"):
        run_import(import_kinds()["dossiers"](db.session), io.BytesIO(data), aside=True)
    assert dossiers(app) == {}


# --- events and ratings -----------------------------------------------------------------------


EVENTS = "dossier_code,at,step_vi,step_en,agency_code\n"
RATINGS = "dossier_code,rated_at,score\n"


@pytest.fixture
def two_dossiers(catalogue, import_csv):
    import_csv(
        "dossiers",
        HEADER + row("EV-1") + row("EV-2", status="resolved", resolved="2024-03-08T10:00:00"),
    )


def test_events_are_upserted_on_dossier_time_and_step(app, two_dossiers, import_csv):
    text = (
        EVENTS
        + "EV-1,2024-03-04T08:00:00,Tiếp nhận hồ sơ,Received,SXD\n"
        + "ev-1,2024-03-05T01:00:00Z,Chuyển phòng chuyên môn,,\n"
        + "EV-2,2024-03-04T08:00:00,Tiếp nhận hồ sơ,Received,SXD\n"
    )
    first = import_csv("events", text)
    assert (first.inserted, first.rejected) == (3, 0), first.errors
    assert import_csv("events", text).unchanged == 3
    changed = import_csv("events", text.replace(",,\n", ",Transferred,H01\n"))
    assert (changed.updated, changed.unchanged, changed.inserted) == (1, 2, 0)
    with app.app_context():
        steps = db.session.execute(
            select(DossierEvent.at, DossierEvent.step_en, DossierEvent.agency_id)
            .join(Dossier, Dossier.id == DossierEvent.dossier_id)
            .where(Dossier.code == "EV-1")
            .order_by(DossierEvent.at)
        ).all()
    assert [(at, en) for at, en, _ in steps] == [
        (datetime(2024, 3, 4, 8, 0), "Received"),
        (datetime(2024, 3, 5, 8, 0), "Transferred"),
    ]
    assert all(agency for _, _, agency in steps)


def test_bad_event_rows_are_reported_in_row_order(two_dossiers, import_csv):
    result = import_csv(
        "events",
        EVENTS
        + "NOPE-9,2024-03-04T08:00:00,Tiếp nhận,,\n"
        + "EV-1,later,Tiếp nhận,,\n"
        + "EV-1,2024-03-04T08:00:00,,,\n"
        + "EV-1,2024-03-04T08:00:00,Tiếp nhận,,NOPE\n"
        + "EV-1,2024-03-04T08:00:00,Tiếp nhận,,SXD\n",
    )
    assert (result.inserted, result.rejected) == (1, 4)
    assert result.errors == [
        "row 2: unknown dossier 'NOPE-9'",
        "row 3: at is not an ISO 8601 time",
        "row 4: step_vi is missing",
        "row 5: unknown agency code",
    ]


def test_ratings_are_upserted_per_dossier(app, two_dossiers, import_csv):
    text = (
        RATINGS
        + "EV-2,2024-03-08T23:30:00+07:00,very_satisfied\n"
        + "ev-1,2024-03-08T17:30:00Z,satisfied\n"
    )
    first = import_csv("ratings", text)
    assert (first.inserted, first.rejected) == (2, 0), first.errors
    assert import_csv("ratings", text).unchanged == 2
    changed = import_csv("ratings", RATINGS + "EV-2,2024-03-08T23:30:00,unsatisfied\n")
    assert (changed.updated, changed.inserted) == (1, 0)
    with app.app_context():
        found = {
            code: (score, day, at)
            for code, score, day, at in db.session.execute(
                select(Dossier.code, Rating.score, Rating.rated_day, Rating.rated_at).join(
                    Dossier, Dossier.id == Rating.dossier_id
                )
            )
        }
    assert found == {
        "EV-2": ("unsatisfied", 20240308, datetime(2024, 3, 8, 23, 30)),
        "EV-1": ("satisfied", 20240309, datetime(2024, 3, 9, 0, 30)),
    }


def test_bad_rating_rows_are_reported(two_dossiers, import_csv):
    result = import_csv(
        "ratings",
        RATINGS
        + "EV-2,2024-03-08T10:00:00,happy\n"
        + "NOPE-1,2024-03-08T10:00:00,satisfied\n"
        + "EV-1,,satisfied\n"
        + "EV-1,2024-03-08T10:00:00,satisfied\n",
    )
    assert (result.inserted, result.rejected) == (1, 3)
    assert result.errors[0].startswith("row 2: unknown score (expected")
    assert result.errors[1:] == ["row 3: unknown dossier 'NOPE-1'", "row 4: rated_at is missing"]


# --- the command line -------------------------------------------------------------------------


def test_cli_prints_each_bad_row_then_the_summary(runner, catalogue, tmp_path):
    path = tmp_path / "dossiers.csv"
    path.write_text(
        HEADER
        + row("C-1")
        + row("C-2", channel="fax")
        + row("C-3")
        + row("C-4", status="resolved"),
        "utf-8",
    )
    result = runner.invoke(args=["import", "dossiers", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "row 3: unknown channel (expected one of: direct, online, postal)",
        "row 5: resolved_at is missing for status 'resolved'",
        "inserted 2, updated 0, unchanged 0, rejected 2",
    ]
    path.write_text(HEADER + row("C-1") + row("C-3", status="supplement"), "utf-8")
    again = runner.invoke(args=["import", "dossiers", str(path)])
    assert again.exit_code == 0
    assert again.output.splitlines() == ["inserted 0, updated 1, unchanged 1, rejected 0"]


def test_cli_strict_says_nothing_was_imported(runner, catalogue, tmp_path, app):
    path = tmp_path / "dossiers.csv"
    path.write_text(HEADER + row("ST-1") + row("ST-2", agency="NOPE"), "utf-8")
    result = runner.invoke(args=["import", "dossiers", str(path), "--strict"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "row 3: unknown agency code"
    assert result.output.splitlines()[-1] == "inserted 0, updated 0, unchanged 0, rejected 1"
    assert dossiers(app) == {}


def test_cli_imports_events_and_ratings(runner, two_dossiers, tmp_path):
    events, ratings = tmp_path / "events.csv", tmp_path / "ratings.csv"
    events.write_text(EVENTS + "EV-1,2024-03-04T08:00:00,Tiếp nhận,Received,SXD\n", "utf-8")
    ratings.write_text(RATINGS + "EV-2,2024-03-08T10:00:00,satisfied\n", "utf-8")
    for path, kind in ((events, "events"), (ratings, "ratings")):
        result = runner.invoke(args=["import", kind, str(path)])
        assert (result.exit_code, result.output) == (
            0,
            "inserted 1, updated 0, unchanged 0, rejected 0\n",
        )


def test_a_row_is_numbered_by_the_line_it_starts_on(two_dossiers, import_csv):
    result = import_csv(
        "events",
        EVENTS
        + 'EV-1,2024-03-04T08:00:00,"Tiếp nhận\nhồ sơ",,\n'
        + "\nEV-1,2024-03-04T08:00:00,Tiếp nhận,,NOPE\n",
    )
    assert result.errors == ["row 5: unknown agency code"]


# --- whole files ------------------------------------------------------------------------------


def test_a_file_that_stops_being_utf8_is_refused_and_nothing_imported(app, catalogue):
    from portal.imports import ImportAborted

    data = (HEADER + "".join(row(f"U8-{i:05d}") for i in range(7000))).encode() + b"\xff\xfe\n"
    with app.app_context(), pytest.raises(ImportAborted, match="not UTF-8"):
        run_import(import_kinds()["dossiers"](db.session), io.BytesIO(data))
    assert dossiers(app) == {}


# --- interruption -----------------------------------------------------------------------------


SMALL = HEADER + "".join(row(f"OLD-{i}") for i in range(10))


def kill_an_import_midway(url: str, folder: Path) -> None:
    """Start `flask import dossiers` on a big file, SIGKILL it once it has written a batch."""
    big = folder / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        # A bad first row: its report is printed once the first batch is written.
        out.write(HEADER + row("BAD", agency="NOPE"))
        out.write(row("OLD-1", status="supplement"))  # an update, to be undone too
        for i in range(200_000):
            out.write(
                f"BIG-{i:07d},1.009972,SXD,online,2024-03-04T08:00:00,"
                f"2024-03-20T17:00:00,,,,received,0,{i % 10000:04d}\n"
            )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "kill-test",
        "INSTANCE_PATH": str(folder),
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import", "dossiers", str(big)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith("row 2: unknown agency"), first_line
        time.sleep(0.3)
        assert process.poll() is None, "the import finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()


def test_an_import_killed_midway_leaves_the_database_as_it_was(tmp_path):
    from portal import create_app
    from portal.cli import init_db

    database = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{database}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "kill-test", "INSTANCE_PATH": str(tmp_path)}
    )
    with app.app_context():
        init_db()
        for kind in ("agencies", "procedures"):
            run_import(import_kinds()[kind](db.session), (DATA / f"{kind}.csv").open("rb"))
        run_import(import_kinds()["dossiers"](db.session), io.BytesIO(SMALL.encode()))
        db.engine.dispose()

    def count() -> int:
        with sqlite3.connect(database) as connection:
            return connection.execute("SELECT count(*) FROM dossier").fetchone()[0]

    assert count() == 10
    kill_an_import_midway(url, tmp_path)
    assert count() == 10
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            connection.execute("SELECT status FROM dossier WHERE code = 'OLD-1'").fetchone()[0]
            == "processing"
        )
    with app.app_context():
        again = run_import(import_kinds()["dossiers"](db.session), io.BytesIO(SMALL.encode()))
        db.engine.dispose()
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 10)


def test_an_import_killed_midway_leaves_postgresql_as_it_was(app, catalogue, import_csv, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("runs when TEST_DATABASE_URL is a PostgreSQL database")
    import_csv("dossiers", SMALL)
    before = table_rows(app, Dossier)
    kill_an_import_midway(url, tmp_path)
    # The server ends the dead client's transaction; nothing of it was ever visible.
    assert table_rows(app, Dossier) == before
    assert import_csv("dossiers", SMALL).unchanged == 10
