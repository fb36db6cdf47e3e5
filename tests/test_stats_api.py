"""The statistics API: /api/v1/periods, /stats/<period>[.csv], /late-agencies/<period>."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.stats import figures
from portal.stats.publish import publish_months

from . import figures_data as fd
from .figures_data import Spec


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def july(app):
    """The July 2022 report's dossiers, June and July published."""
    with app.app_context():
        fd.add_july_2022()
        publish_months(["2022-06", "2022-07"], "Báo cáo tháng 7")


@pytest.fixture
def small(app):
    """A few dossiers at three levels; May to July 2022 published."""
    specs, ratings = fd.random_specs(300, seed=8)
    with app.app_context():
        fd.add_agencies(fd.RANDOM_AGENCIES)
        fd.add_dossiers(specs)
        fd.add_ratings(ratings)
        fd.refresh_and_commit()
        publish_months(["2022-05", "2022-06", "2022-07"])
    return specs, ratings


def test_periods_lists_the_published_months_newest_first(client, small):
    response = client.get("/api/v1/periods")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [i["period"] for i in items] == ["2022-07", "2022-06", "2022-05"]
    assert datetime.fromisoformat(items[0]["published_at"])
    assert "Set-Cookie" not in response.headers


def test_stats_answers_the_contracts_json_for_july_2022(client, july):
    response = client.get("/api/v1/stats/2022-07")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    data = response.get_json()
    assert set(data) == {
        "period",
        "from",
        "to",
        "level",
        "agency",
        "units",
        "totals",
        "rates",
        "agencies",
        "corrections",
    }
    assert (data["period"], data["from"], data["to"]) == ("2022-07", "2022-07-01", "2022-07-31")
    assert (data["level"], data["agency"], data["corrections"]) == ("all", None, [])
    assert data["units"] == "recorded"  # an extension of the contract: how units are counted
    t = data["totals"]
    assert set(t) == {
        "received_new",
        "received_by_channel",
        "carried_over",
        "resolved",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "closed_without_result",
        "pending",
        "pending_overdue",
        "returned_by_postal",
        "four_on_site",
        "ratings",
        "time_saved_hours",
        "working_hours_saved",
    }
    assert (t["received_new"], t["resolved"], t["pending"], t["four_on_site"]) == (
        16903,
        16802,
        2319,
        2720,
    )
    assert t["received_by_channel"] == {"direct": 3956, "online": 12819, "postal": 128}
    assert t["ratings"]["very_satisfied"] == 225
    assert data["rates"]["direct_pct"] == 23.40 and data["rates"]["online_pct"] == 75.84
    assert data["rates"]["postal_pct"] == 0.76 and data["rates"]["postal_return_pct"] == 4.83
    assert data["rates"]["early_pct"] == 16.40 and data["rates"]["on_time_pct"] == 83.60
    assert '"online_pct":75.84' in response.get_data(as_text=True).replace(" ", "")
    agency = data["agencies"][0]
    for key in ("code", "name_vi", "level", *t, *data["rates"]):
        assert key in agency
    assert sum(a["received_new"] for a in data["agencies"]) == 16903


def test_stats_filters_by_level_and_by_agency(client, small):
    everything = client.get("/api/v1/stats/2022-05..2022-07").get_json()
    parts = [
        client.get(f"/api/v1/stats/2022-05..2022-07?level={level}").get_json()
        for level in ("province", "district", "commune")
    ]
    assert [p["level"] for p in parts] == ["province", "district", "commune"]
    for key in ("received_new", "resolved", "pending", "carried_over", "four_on_site"):
        assert sum(p["totals"][key] for p in parts) == everything["totals"][key]
    one = client.get("/api/v1/stats/2022-07?agency=C2").get_json()
    assert one["agency"] == "C2" and [a["code"] for a in one["agencies"]] == ["C2"]
    assert client.get("/api/v1/stats/2022-07?level=all").get_json()["level"] == "all"


@pytest.mark.parametrize(
    "address, status, code",
    [
        ("/api/v1/stats/2022-08", 404, "not_published"),
        ("/api/v1/stats/2022-Q3", 404, "not_published"),
        ("/api/v1/stats/2022-07?agency=NOPE", 404, "not_found"),
        ("/api/v1/stats/2022-13", 400, "bad_request"),
        ("/api/v1/stats/July", 400, "bad_request"),
        ("/api/v1/stats/2022-07?level=country", 400, "bad_request"),
        ("/api/v1/stats/2022-08.csv", 404, "not_published"),
        ("/api/v1/stats/2022-00.csv", 400, "bad_request"),
        ("/api/v1/late-agencies/2022-08", 404, "not_published"),
        ("/api/v1/late-agencies/2022-7", 400, "bad_request"),
        ("/api/v1/late-agencies/2022-07?level=x", 400, "bad_request"),
    ],
)
def test_bad_or_unpublished_periods_answer_a_json_error(client, small, address, status, code):
    response = client.get(address)
    assert response.status_code == status
    body = response.get_json()
    assert body["error"] == code and body["message"]


def test_the_csv_has_one_row_per_agency_with_every_figure_as_a_column(client, july):
    response = client.get("/api/v1/stats/2022-07.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="stats-2022-07.csv"'
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need for Vietnamese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[:5] == ["period", "code", "name_vi", "name_en", "level"]
    assert header[5:] == list(figures.FIELD_KEYS + figures.RATE_KEYS)
    assert "received_by_channel.direct" in header and "ratings.very_satisfied" in header
    json_agencies = client.get("/api/v1/stats/2022-07").get_json()["agencies"]
    assert [r["code"] for r in rows] == [a["code"] for a in json_agencies]
    bhxh = next(r for r in rows if r["code"] == "BHXH")
    assert bhxh["name_vi"] == "Bảo hiểm xã hội tỉnh" and bhxh["period"] == "2022-07"
    assert int(bhxh["received_new"]) == 11829
    assert sum(int(r["received_by_channel.online"]) for r in rows) == 12819
    assert sum(int(r["four_on_site"]) for r in rows) == 2720
    assert float(next(r for r in rows if r["code"] == "SCT")["late_pct"]) == 0.0


def test_csv_cells_cannot_be_run_as_formulas(app, client):
    agencies = [
        ("EVIL1", '=HYPERLINK("http://x")', "+1", "province"),
        ("EVIL2", "@SUM(A1)", "-2", "district"),
        ("OK", "Sở Tư pháp", "Department of Justice", "commune"),
    ]
    with app.app_context():
        fd.add_agencies(agencies)
        fd.add_dossiers(
            [
                Spec(f"X{i}", code, at("2022-07-01T09:00"), at("2022-07-09T09:00"))
                for i, (code, *_) in enumerate(agencies)
            ]
        )
        fd.refresh_and_commit()
        publish_months(["2022-07"])
    text = client.get("/api/v1/stats/2022-07.csv").get_data().decode("utf-8-sig")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["EVIL1"]["name_vi"] == '\'=HYPERLINK("http://x")'
    assert rows["EVIL1"]["name_en"] == "'+1"
    assert (rows["EVIL2"]["name_vi"], rows["EVIL2"]["name_en"]) == ("'@SUM(A1)", "'-2")
    assert rows["OK"]["name_vi"] == "Sở Tư pháp"
    level = client.get("/api/v1/stats/2022-07.csv?level=commune")
    assert 'filename="stats-2022-07-commune.csv"' in level.headers["Content-Disposition"]


def test_late_agencies_lists_who_is_late_or_overdue_in_the_contracts_order(client, small):
    response = client.get("/api/v1/late-agencies/2022-05..2022-07")
    assert response.status_code == 200
    data = response.get_json()
    assert data["period"] == "2022-05..2022-07"
    items = data["items"]
    assert items, "the random months have late dossiers"
    assert set(items[0]) >= {
        "code",
        "name_vi",
        "level",
        "resolved",
        "resolved_late",
        "late_pct",
        "pending_overdue",
    }
    assert all(i["resolved_late"] > 0 or i["pending_overdue"] > 0 for i in items)
    keys = [
        (i["late_pct"] is None, -(i["late_pct"] or 0), -i["resolved_late"], i["code"])
        for i in items
    ]
    assert keys == sorted(keys)
    stats = client.get("/api/v1/stats/2022-05..2022-07").get_json()["agencies"]
    by_code = {a["code"]: a for a in stats}
    for item in items:
        assert item["late_pct"] == by_code[item["code"]]["late_pct"]
        assert item["pending_overdue"] == by_code[item["code"]]["pending_overdue"]
    communes = client.get("/api/v1/late-agencies/2022-05..2022-07?level=commune").get_json()
    assert {i["level"] for i in communes["items"]} <= {"commune"}


def test_the_api_answers_from_the_published_copy_only(app, client, small):
    first = client.get("/api/v1/stats/2022-07").get_data()
    with app.app_context():
        fd.add_dossiers([Spec("LATER", "P2", at("2022-07-02T09:00"), at("2022-07-03T09:00"))])
        fd.refresh_and_commit()
    assert client.get("/api/v1/stats/2022-07").get_data() == first
    assert client.get("/api/v1/late-agencies/2022-07").status_code == 200


def test_a_publication_by_another_process_is_seen_at_once(app, client, small):
    """The in-process memory of published figures notices changes it did not make itself."""
    from sqlalchemy import update

    from portal.models import AuditLog, PublishedFigure

    first = client.get("/api/v1/stats/2022-07").get_json()
    with app.app_context():  # what another worker's publish writes, without forget()
        row = db.session.scalars(
            select(PublishedFigure).where(PublishedFigure.month == "2022-07")
        ).first()
        figures_ = dict(row.figures, figures=dict(row.figures["figures"], resolved_late=999))
        db.session.execute(
            update(PublishedFigure)
            .where(PublishedFigure.month == row.month, PublishedFigure.agency_id == row.agency_id)
            .values(figures=figures_)
        )
        db.session.add(
            AuditLog(
                at=datetime(2030, 1, 1),
                actor="other",
                action="republish",
                object_type="published_month",
                object_key="2022-07",
            )
        )
        db.session.commit()
    second = client.get("/api/v1/stats/2022-07").get_json()
    assert second["totals"]["resolved_late"] != first["totals"]["resolved_late"]
