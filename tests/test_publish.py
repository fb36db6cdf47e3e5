"""Publishing: `flask publish`, frozen figures, corrections and their audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Agency, AuditLog, Correction, PublishedMonth
from portal.stats import publish, reports
from portal.stats.periods import parse_period
from portal.stats.publish import publish_months
from portal.stats.reports import report

from . import figures_data as fd
from .figures_data import Spec


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def seed(app, n: int = 200, seed: int = 4) -> None:
    """Random dossiers of the five test agencies, March to July 2022 (and results after)."""
    specs, ratings = fd.random_specs(n, seed=seed)
    with app.app_context():
        fd.add_agencies(fd.RANDOM_AGENCIES)
        fd.add_dossiers(specs)
        fd.add_ratings(ratings)
        fd.refresh_and_commit()


def add_late_dossiers(app, count: int, agency: str = "P1", prefix: str = "LATE") -> None:
    """Dossiers received and resolved late in July 2022, as a later import would bring."""
    with app.app_context():
        fd.add_dossiers(
            [
                Spec(
                    f"{prefix}{i}",
                    agency,
                    at("2022-07-04T09:00"),
                    at("2022-07-06T17:00"),
                    "resolved",
                    at("2022-07-08T10:00"),
                )
                for i in range(count)
            ]
        )
        fd.refresh_and_commit()


def test_publish_freezes_every_month_of_the_period_and_says_so(app, runner):
    seed(app)
    result = runner.invoke(args=["publish", "2022-Q2", "--note", "Quarterly report"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["2022-04", "2022-05", "2022-06"]
    assert "published — received" in lines[0]
    assert lines[-1] == "published 3, corrected 0, unchanged 0"
    with app.app_context():
        months = db.session.scalars(select(PublishedMonth).order_by(PublishedMonth.month)).all()
        assert [(m.month, m.note) for m in months] == [
            ("2022-04", "Quarterly report"),
            ("2022-05", "Quarterly report"),
            ("2022-06", "Quarterly report"),
        ]
        audit = db.session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        assert [(a.actor, a.action, a.object_key) for a in audit] == [
            ("cli", "publish", "2022-04"),
            ("cli", "publish", "2022-05"),
            ("cli", "publish", "2022-06"),
        ]
        assert (
            audit[0].after["received_new"]
            == report(parse_period("2022-04"))["totals"]["received_new"]
        )


def test_publish_refuses_a_bad_period_with_a_clear_message(app, runner):
    seed(app, 20)
    for bad in ("2022-13", "July", "2022-08..2022-07"):
        result = runner.invoke(args=["publish", bad])
        assert result.exit_code == 1
        assert f"error: cannot publish {bad!r}" in result.output
    result = runner.invoke(args=["publish", "2099-01"])
    assert result.exit_code == 1 and "has not begun" in result.output
    with app.app_context():
        assert db.session.scalar(select(PublishedMonth.month)) is None


def test_published_figures_do_not_change_when_more_dossiers_are_imported(app, client):
    seed(app)
    with app.app_context():
        publish_months(["2022-07"])
    before = client.get("/api/v1/stats/2022-07").get_json()
    add_late_dossiers(app, 7)
    after = client.get("/api/v1/stats/2022-07").get_json()
    assert after == before
    with app.app_context():  # the live rollup has them, waiting to be published
        live = publish.live_rows(db.session, "2022-07")
        assert sum(r["figures"]["resolved_late"] for r in live.values()) == (
            before["totals"]["resolved_late"] + 7
        )


def test_republishing_after_an_import_records_a_correction_shown_with_the_figures(
    app, client, runner
):
    seed(app)
    runner.invoke(args=["publish", "2022-07", "--note", "First"])
    before = client.get("/api/v1/stats/2022-07").get_json()
    add_late_dossiers(app, 7)
    result = runner.invoke(args=["publish", "2022-07", "--note", "Late import from Sở Một"])
    assert result.exit_code == 0, result.output
    old_late = before["totals"]["resolved_late"]
    assert f"2022-07: corrected — received_new {before['totals']['received_new']:,}" in (
        result.output
    )
    assert f"resolved_late {old_late:,} → {old_late + 7:,}" in result.output
    assert "(1 agency changed)" in result.output

    after = client.get("/api/v1/stats/2022-07").get_json()
    t0, t1 = before["totals"], after["totals"]
    assert t1["resolved_late"] == t0["resolved_late"] + 7
    assert t1["received_new"] == t0["received_new"] + 7
    [correction] = after["corrections"]
    assert correction["month"] == "2022-07"
    assert correction["note"] == "Late import from Sở Một"
    assert datetime.fromisoformat(correction["published_at"])
    changed = correction["changed"]
    assert changed["received_new"] == [t0["received_new"], t1["received_new"]]
    assert changed["resolved"] == [t0["resolved"], t1["resolved"]]
    assert changed["resolved_late"] == [t0["resolved_late"], t1["resolved_late"]]
    assert changed["received_by_channel.online"] == [
        t0["received_by_channel"]["online"],
        t1["received_by_channel"]["online"],
    ]
    assert "pending" not in changed and "ratings.satisfied" not in changed
    p1_before = next(a for a in before["agencies"] if a["code"] == "P1")
    assert changed["agencies.P1.resolved_late"] == [
        p1_before["resolved_late"],
        p1_before["resolved_late"] + 7,
    ]
    assert not any(k.startswith("agencies.P2.") for k in changed)
    # A report filtered to another agency keeps the centre's totals but not P1's lines.
    other = client.get("/api/v1/stats/2022-07?agency=P2").get_json()
    assert "received_new" in other["corrections"][0]["changed"]
    assert not any(k.startswith("agencies.") for k in other["corrections"][0]["changed"])
    # Any period that includes the month lists the correction.
    quarter = client.get("/api/v1/stats/2022-Q3")
    assert quarter.status_code == 404  # August and September are not published
    runner.invoke(args=["publish", "2022-Q3"])
    assert client.get("/api/v1/stats/2022-Q3").get_json()["corrections"] == [correction]
    with app.app_context():
        actions = [
            a.action
            for a in db.session.scalars(
                select(AuditLog).where(AuditLog.object_key == "2022-07").order_by(AuditLog.id)
            )
        ]
        assert actions == ["publish", "republish", "publish_unchanged"]  # Q3 again
        month = db.session.get(PublishedMonth, "2022-07")
        assert month.note == "Late import from Sở Một"
        assert month.published_at.isoformat() == correction["published_at"]


def test_republishing_without_a_change_records_no_correction(app, runner):
    seed(app)
    runner.invoke(args=["publish", "2022-07", "--note", "First"])
    with app.app_context():
        first = db.session.get(PublishedMonth, "2022-07").published_at
    result = runner.invoke(args=["publish", "2022-07", "--note", "Again"])
    assert result.exit_code == 0
    assert "2022-07: unchanged since" in result.output
    assert "published 0, corrected 0, unchanged 1" in result.output
    with app.app_context():
        assert db.session.scalar(select(Correction.id)) is None
        month = db.session.get(PublishedMonth, "2022-07")
        assert (month.published_at, month.note) == (first, "First")
        assert [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))] == [
            "publish",
            "publish_unchanged",
        ]


def test_corrections_accumulate_oldest_first(app, client):
    seed(app)
    with app.app_context():
        publish_months(["2022-07"], "v1")
    add_late_dossiers(app, 2, prefix="A")
    with app.app_context():
        [first] = publish_months(["2022-07"], "v2")
    add_late_dossiers(app, 3, agency="C1", prefix="B")
    with app.app_context():
        [second] = publish_months(["2022-07"], "v3")
    assert (first.action, second.action) == ("corrected", "corrected")
    corrections = client.get("/api/v1/stats/2022-07").get_json()["corrections"]
    assert [c["note"] for c in corrections] == ["v2", "v3"]
    assert (
        corrections[1]["changed"]["resolved_late"][0]
        == corrections[0]["changed"]["resolved_late"][1]
    )
    assert "agencies.C1.resolved_late" in corrections[1]["changed"]


def test_an_agency_renamed_or_moved_after_publishing_keeps_its_published_name_and_level(
    app, client, runner
):
    seed(app)
    runner.invoke(args=["publish", "2022-07"])
    before = client.get("/api/v1/stats/2022-07?level=province").get_json()
    with app.app_context():
        db.session.execute(
            update(Agency).where(Agency.code == "P1").values(name_vi="Sở Mới", level="district")
        )
        db.session.commit()
    assert client.get("/api/v1/stats/2022-07?level=province").get_json() == before
    result = runner.invoke(args=["publish", "2022-07", "--note", "P1 moved"])
    assert "corrected — " in result.output
    after = client.get("/api/v1/stats/2022-07?level=district").get_json()
    assert "P1" in [a["code"] for a in after["agencies"]]
    changed = after["corrections"][0]["changed"]
    assert changed["agencies.P1.level"] == ["province", "district"]
    assert changed["agencies.P1.name_vi"] == ["Sở Một", "Sở Mới"]
    assert "received_new" not in changed  # the centre's totals did not move


def test_publishing_counts_the_latest_dossiers_even_without_a_refreshed_rollup(app):
    seed(app, 50)
    with app.app_context():
        before = publish.live_rows(db.session, "2022-07")["D1"]["figures"]["received_new"]
        # e.g. rows written by a tool that does not refresh the rollup itself
        fd.add_dossiers([Spec("RAW", "D1", at("2022-07-04T09:00"), at("2022-07-06T17:00"))])
        db.session.commit()
        [result] = publish_months(["2022-07"])
        data = reports.report(parse_period("2022-07"), agency="D1")
    assert result.action == "published"
    assert data["totals"]["received_new"] == before + 1


def test_a_correction_line_names_an_agency_whose_code_has_dots(app, client):
    seed(app, 50)
    with app.app_context():
        fd.add_agencies([("S.01", "Sở Chấm", "Dot Department", "province")])
        publish_months(["2022-07"])
        fd.add_dossiers([Spec("DOT", "S.01", at("2022-07-04T09:00"), at("2022-07-06T17:00"))])
        fd.refresh_and_commit()
        [result] = publish_months(["2022-07"])
    assert result.changed["agencies.S.01.received_new"] == [0, 1]
    assert reports.changed_agency("agencies.S.01.received_by_channel.online") == (
        "S.01",
        "received_by_channel.online",
    )
    assert reports.changed_agency("received_new") is None
    only = client.get("/api/v1/stats/2022-07?agency=S.01").get_json()["corrections"][0]
    assert only["changed"]["agencies.S.01.received_new"] == [0, 1]
    other = client.get("/api/v1/stats/2022-07?agency=P1").get_json()["corrections"][0]
    assert not any(k.startswith("agencies.") for k in other["changed"])
