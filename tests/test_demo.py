"""The demo province: CSV files that follow the contract, and a seed that makes pages live."""

from __future__ import annotations

import csv
import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest

from portal import clock
from portal.demo import seed_demo, write_demo_csvs
from portal.models import CHANNELS, FINISHED_STATUSES, LEVELS, ONLINE_LEVELS, SCORES, STATUSES

from .conftest import parse_page

END = date(2024, 7, 1)
CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    return write_demo_csvs(tmp_path_factory.mktemp("demo"), dossiers=3000, months=6, end=END)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return next(csv.reader(stream))


def moment(text: str) -> datetime:
    assert "+" not in text and not text.endswith("Z"), "times are local, without an offset"
    return datetime.fromisoformat(text)


def test_the_files_have_the_columns_each_import_kind_reads(app, demo_files):
    kinds = app.extensions["import_kinds"]
    assert (
        set(demo_files)
        == set(kinds)
        == {
            "agencies",
            "procedures",
            "dossiers",
            "events",
            "ratings",
        }
    )
    for name, path in demo_files.items():
        assert header(path) == list(kinds[name].cells), name
        assert set(kinds[name].required) <= set(header(path)), name
    # As the one-stop software exports them: the dossier first, then where it was filed.
    assert header(demo_files["dossiers"])[:3] == ["code", "procedure_code", "agency_code"]
    assert header(demo_files["agencies"])[-3:] == ["address", "hours_vi", "hours_en"]


def test_the_province_has_departments_districts_and_communes(demo_files):
    agencies = {row["code"]: row for row in rows(demo_files["agencies"])}
    by_level = {level: [a for a in agencies.values() if a["level"] == level] for level in LEVELS}
    assert 40 <= len(by_level["province"]) <= 60
    assert 10 <= len(by_level["district"]) <= 14
    assert all(agencies[a["parent_code"]]["level"] != "commune" for a in by_level["commune"])
    assert all(set(code) <= CODE_CHARS for code in agencies)
    names = {a["name_vi"] for a in agencies.values()}
    assert {"Sở Tư pháp", "Sở Xây dựng", "Bảo hiểm xã hội tỉnh"} <= names
    assert {"Sở Tư pháp tỉnh Quảng Bình", "Sở Tư pháp tỉnh Quảng Trị (cũ)"} <= names
    assert len(names) == len(agencies), "no two agencies share a name"


def test_the_province_lives_through_the_2025_reorganisation(demo_files, import_csv, app):
    from portal.agencies.units import load_units

    assert import_csv("agencies", demo_files["agencies"].read_text("utf-8")).rejected == 0
    with app.app_context():
        units = load_units()
        assert {u.level for u in units.active(date(2025, 7, 1))} == {"province", "commune"}
        assert {u.level for u in units.active(date(2025, 6, 30))} == set(LEVELS)
        # Departments merged in March 2025, then into the new province's on 1 July.
        assert [u.code for u in units.chain("QB.SKHDT")] == ["QB.STC", "QT.STC"]
        assert units.current_code("QTC.STNMT") == units.current_code("QB.SNNPTNT") == "QT.SNNMT"
        assert units.current_code("QTC.T00") == units.current_code("QB.T00") == "QT.T00"
        # Communes merged: four of former Đồng Hới's became phường Đồng Hới.
        merged = [u.name_vi for u in units.predecessors("QT.X07")]
        assert len(merged) == 4 and "UBND phường Hải Thành (Đồng Hới)" in merged
        # The districts ended with no single successor: their work went to the communes.
        districts = [u for u in units if u.level == "district"]
        assert all(u.active_to == date(2025, 6, 30) and not u.successor_code for u in districts)


def test_the_catalogue_has_a_few_hundred_distinct_procedures(demo_files):
    procedures = rows(demo_files["procedures"])
    agencies = {row["code"]: row["level"] for row in rows(demo_files["agencies"])}
    assert 250 <= len(procedures) <= 450
    assert len({p["code"] for p in procedures}) == len(procedures)
    assert len({p["name_vi"] for p in procedures}) == len(procedures)
    for procedure in procedures:
        assert procedure["code"][:2] in ("1.", "2.") and procedure["code"][2:].isdigit()
        assert agencies[procedure["agency_code"]] == procedure["level"]
        assert procedure["online_level"] in ONLINE_LEVELS
        assert procedure["postal"] in "01" and procedure["four_on_site"] in "01"
        assert int(procedure["processing_days"]) >= 0
        assert procedure["documents_vi"].count("\n") >= 2
        assert procedure["steps_vi"].startswith("Bước 1")
    assert all(p["name_en"] and p["field_en"] for p in procedures), "every one in English too"
    names = {p["name_vi"] for p in procedures}
    assert {
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Cấp lại giấy phép lái xe",
        "Đăng ký thành lập hộ kinh doanh",
    } <= names


def test_a_smaller_or_larger_catalogue_can_be_asked_for(tmp_path):
    small = rows(
        write_demo_csvs(tmp_path / "small", dossiers=300, months=1, end=END, procedures=40)[
            "procedures"
        ]
    )
    assert len(small) == 40
    assert len({p["agency_code"] for p in small}) == 14, "every agency keeps some"
    large = rows(
        write_demo_csvs(
            tmp_path / "large", dossiers=10, months=1, end=END, procedures=2000, events=False
        )["procedures"]
    )
    assert len(large) == len({p["code"] for p in large}) == len({p["name_vi"] for p in large})
    assert len(large) == 2000


def test_every_dossier_follows_the_contract(demo_files):
    procedures = {p["code"] for p in rows(demo_files["procedures"])}
    agencies = {a["code"] for a in rows(demo_files["agencies"])}
    dossiers = rows(demo_files["dossiers"])
    assert len(dossiers) == 3000 == demo_files.summary.dossiers
    assert len({d["code"].upper() for d in dossiers}) == len(dossiers)
    exported = datetime(2024, 7, 1)
    for d in dossiers:
        assert 1 <= len(d["code"]) <= 64 and set(d["code"]) <= CODE_CHARS
        assert d["procedure_code"] in procedures and d["agency_code"] in agencies
        assert d["channel"] in CHANNELS and d["status"] in STATUSES
        assert d["four_on_site"] in "01" and d["apology"] in "01"
        assert d["verifier"].isdigit() and 4 <= len(d["verifier"]) <= 6
        received, due = moment(d["received_at"]), moment(d["due_at"])
        assert datetime(2024, 1, 1) <= received < exported
        assert due >= received
        if d["status"] in FINISHED_STATUSES:
            resolved = moment(d["resolved_at"])
            assert received <= resolved < exported
        else:
            assert d["resolved_at"] == "" and d["returned_at"] == ""
        if d["status"] == "returned":
            assert d["return_channel"] in CHANNELS
            assert moment(d["resolved_at"]) <= moment(d["returned_at"]) < exported
        else:
            assert d["returned_at"] == "" and d["return_channel"] == ""
        if d["extended_due_at"]:
            assert moment(d["extended_due_at"]) > due


def test_the_dossiers_look_like_a_real_province(demo_files):
    dossiers = rows(demo_files["dossiers"])
    count = len(dossiers)
    channels = {c: sum(d["channel"] == c for d in dossiers) / count for c in CHANNELS}
    assert 0.18 < channels["direct"] < 0.32 and 0.65 < channels["online"] < 0.82
    assert 0.005 < channels["postal"] < 0.04
    by_agency = {}
    for d in dossiers:
        by_agency[d["agency_code"]] = by_agency.get(d["agency_code"], 0) + 1
    assert max(by_agency, key=by_agency.get) == "BHXH"
    closed = sum(d["status"] in ("rejected", "withdrawn") for d in dossiers) / count
    assert 0.005 < closed < 0.03
    resolved = [d for d in dossiers if d["status"] in ("resolved", "returned")]
    late = [d for d in resolved if d["resolved_at"][:10] > d["due_at"][:10]]
    early = [d for d in resolved if d["resolved_at"][:10] < d["due_at"][:10]]
    assert 0.005 < len(late) / len(resolved) < 0.08
    assert len(early) > len(late)
    pending = [d for d in dossiers if d["status"] not in FINISHED_STATUSES]
    assert pending and all(d["received_at"] >= "2024-04" for d in pending)
    postal_returns = sum(d["return_channel"] == "postal" for d in dossiers)
    assert 0.01 < postal_returns / len(resolved) < 0.1
    assert any(d["four_on_site"] == "1" for d in dossiers)


def test_some_agencies_are_chronically_late(demo_files):
    late, resolved = {}, {}
    for d in rows(demo_files["dossiers"]):
        if d["status"] in ("resolved", "returned"):
            resolved[d["agency_code"]] = resolved.get(d["agency_code"], 0) + 1
            if d["resolved_at"][:10] > d["due_at"][:10]:
                late[d["agency_code"]] = late.get(d["agency_code"], 0) + 1
    police = ("QTC.CAT", "QB.CAT")
    assert sum(late.get(c, 0) for c in police) / sum(resolved[c] for c in police) > 0.1
    assert late.get("BHXH", 0) / resolved["BHXH"] < 0.03


def test_events_tell_each_dossier_story_in_order(demo_files):
    dossiers = {d["code"]: d for d in rows(demo_files["dossiers"])}
    timelines: dict[str, list[dict]] = {}
    for event in rows(demo_files["events"]):
        timelines.setdefault(event["dossier_code"], []).append(event)
    assert set(timelines) == set(dossiers)
    for code, events in timelines.items():
        d = dossiers[code]
        times = [moment(e["at"]) for e in events]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert events[0]["step_en"] == "Received" and times[0] == moment(d["received_at"])
        assert all(e["agency_code"] == d["agency_code"] for e in events)
        if d["status"] == "returned":
            assert events[-1]["step_vi"] == "Trả kết quả"
            assert times[-1] == moment(d["returned_at"])
        if d["status"] in FINISHED_STATUSES:
            assert times[-1] >= moment(d["resolved_at"])
        assert times[-1] < datetime(2024, 7, 1)


def test_ratings_follow_finished_dossiers(demo_files):
    dossiers = {d["code"]: d for d in rows(demo_files["dossiers"])}
    ratings = rows(demo_files["ratings"])
    finished = sum(d["status"] in ("resolved", "returned") for d in dossiers.values())
    assert 0.08 < len(ratings) / finished < 0.2
    assert len({r["dossier_code"] for r in ratings}) == len(ratings)
    scores = [r["score"] for r in ratings]
    assert set(scores) <= set(SCORES)
    assert scores.count("very_satisfied") > len(scores) / 2
    for rating in ratings:
        d = dossiers[rating["dossier_code"]]
        assert d["status"] in ("resolved", "returned")
        assert moment(d["resolved_at"]) < moment(rating["rated_at"]) < datetime(2024, 7, 1)


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path):
    def digest(folder: Path, seed: int) -> str:
        files = write_demo_csvs(folder, dossiers=500, months=3, end=END, seed=seed)
        return hashlib.sha256(b"".join(files[k].read_bytes() for k in sorted(files))).hexdigest()

    assert digest(tmp_path / "a", 7) == digest(tmp_path / "b", 7)
    assert digest(tmp_path / "c", 7) != digest(tmp_path / "d", 8)


def test_the_summary_tells_which_months_are_complete(demo_files):
    summary = demo_files.summary
    assert summary.months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert summary.ratings == len(rows(demo_files["ratings"]))
    assert summary.events == len(rows(demo_files["events"]))
    assert {s["status"] for s in summary.samples} >= {"returned", "processing"}


def test_an_export_later_than_the_last_month_adds_the_current_month_so_far(tmp_path):
    files = write_demo_csvs(
        tmp_path,
        dossiers=600,
        months=2,
        end=END,
        as_of=date(2024, 7, 12),
        events=False,
        ratings=False,
    )
    assert set(files) == {"agencies", "procedures", "dossiers"}
    assert files.summary.months == ["2024-05", "2024-06"]
    dossiers = rows(files["dossiers"])
    july = [d for d in dossiers if d["received_at"].startswith("2024-07")]
    assert july and max(d["received_at"] for d in july) < "2024-07-12"
    assert all(d["resolved_at"] < "2024-07-12" for d in dossiers)
    assert any(d["status"] not in FINISHED_STATUSES for d in july)


def test_the_files_import_without_a_rejected_row(app, demo_files):
    from portal.extensions import db
    from portal.imports import import_kinds, run_import

    with app.app_context():
        kinds = import_kinds()
        for kind in ("agencies", "procedures", "dossiers", "events", "ratings"):
            with demo_files[kind].open("rb") as stream:
                result = run_import(kinds[kind](db.session), stream)
            assert result.rejected == 0, result.errors[:5]
            assert result.inserted == len(rows(demo_files[kind]))


def test_seed_demo_makes_a_browsable_catalogue(app, client):
    lines = []
    with app.app_context():
        seed_demo(dossiers=1500, echo=lines.append, months=3)
    assert any(line.startswith("agencies: inserted 98,") for line in lines)
    response = client.get("/vi/procedures?q=dang+ky+khai+sinh")
    assert response.status_code == 200
    page = parse_page(response)
    assert "Đăng ký khai sinh" in page.text
    response = client.get("/en/procedures?q=driving+licence")
    assert response.status_code == 200


def test_the_seed_demo_command_loads_and_publishes_past_months(app, runner, client):
    result = runner.invoke(args=["seed-demo", "--dossiers", "400"])
    assert result.exit_code == 0, result.output
    assert "dossiers: inserted 400, updated 0, unchanged 0, rejected 0" in result.output
    today = clock.today()
    months = (today.year - 2024) * 12 + today.month - 1  # January 2024 to last month
    assert f"published {months} months, 2024-01 to" in result.output
    periods = client.get("/api/v1/periods").get_json()["items"]
    assert len(periods) == months
    month = (
        periods[0]["period"]
        if periods[0]["period"] > periods[-1]["period"]
        else (periods[-1]["period"])
    )
    stats = client.get(f"/api/v1/stats/{month}").get_json()
    assert stats["totals"]["received_new"] > 0


def test_the_seed_demo_command_does_nothing_when_data_exists(app, runner):
    with app.app_context():
        seed_demo(dossiers=200, echo=lambda line: None, months=2)
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "already has data" in result.output


def test_every_demo_procedure_has_an_english_name_and_field():
    from portal.demo.procedures import procedures

    catalogue = procedures()
    assert len(catalogue) > 300
    assert [p.name_vi for p in catalogue if not p.name_en] == []
    assert [p.name_vi for p in catalogue if not p.field_en] == []
    assert len({p.name_en for p in catalogue}) == len(catalogue)  # no two alike


@pytest.fixture(scope="module")
def across_the_change(tmp_path_factory):
    """Nearly three years of dossiers, from January 2024 to November 2026."""
    return write_demo_csvs(
        tmp_path_factory.mktemp("across"), dossiers=6000, months=35, end=date(2026, 12, 1)
    )


def test_no_dossier_is_received_by_a_unit_outside_its_active_dates(across_the_change):
    agencies = {a["code"]: a for a in rows(across_the_change["agencies"])}
    received_by = {}
    for d in rows(across_the_change["dossiers"]):
        agency, day = agencies[d["agency_code"]], d["received_at"][:10]
        assert not agency["active_from"] or agency["active_from"] <= day, d["code"]
        assert not agency["active_to"] or day <= agency["active_to"], d["code"]
        received_by.setdefault(agency["level"], set()).add(day[:4])
    assert received_by["district"] == {"2024", "2025"}
    assert received_by["commune"] == received_by["province"] == {"2024", "2025", "2026"}


def test_2026_has_two_levels_of_figures_and_2024_three(app, client):
    with app.app_context():
        seed_demo(dossiers=2500, echo=lambda line: None, months=35, end=date(2026, 12, 1))
    levels = {}
    for period in ("2024", "2025-06", "2025-07", "2026-01..2026-11", "2026-10"):
        response = client.get(f"/api/v1/stats/{period}")
        assert response.status_code == 200
        levels[period] = {a["level"] for a in response.get_json()["agencies"] if a["received_new"]}
    assert levels["2024"] == levels["2025-06"] == set(LEVELS)
    assert (
        levels["2025-07"]
        == levels["2026-01..2026-11"]
        == levels["2026-10"]
        == {"province", "commune"}
    )
    district = client.get("/api/v1/stats/2026-10?level=district").get_json()["totals"]
    assert district["received_new"] == 0
    assert client.get("/api/v1/stats/2024-10?level=district").get_json()["totals"]["received_new"]
