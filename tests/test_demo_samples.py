"""seed-demo offers dossiers to try, on the command line and on the look-up page, and only
while the database holds the demo's data."""

from __future__ import annotations

import re

import pytest

from .conftest import parse_page

TRY_LINE = re.compile(r"^  (\S+)  (\d{4,6})  (\w+)$", flags=re.MULTILINE)


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["seed-demo", "--dossiers", "1500"])
    assert result.exit_code == 0, result.output
    return result.output


def look_up(client, code, verifier, lang="en"):
    html = client.get(f"/{lang}/lookup").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return client.post(
        f"/{lang}/lookup", data={"code": code, "verifier": verifier, "csrf_token": token}
    )


def test_seed_demo_prints_dossiers_that_the_look_up_finds(seeded, client):
    assert "dossiers to try in the look-up (code, verifier, what it shows):" in seeded
    tried = TRY_LINE.findall(seeded)
    # Always an open and a finished dossier; an apology or an overdue one when the demo's
    # random province has one open on the day it is generated.
    assert {situation for _, _, situation in tried} >= {"processing", "returned"}
    for code, verifier, situation in tried:
        response = look_up(client, code, verifier)
        assert response.status_code == 200, (code, situation)
        text = parse_page(response).text
        if situation == "apology":
            assert "letter of apology" in text and "New due date" in text
        if situation == "returned":
            assert "Rate the service" in text


def test_the_look_up_page_offers_the_same_dossiers_in_both_languages(seeded, client):
    tried = TRY_LINE.findall(seeded)
    vi = client.get("/vi/lookup").get_data(as_text=True)
    en = client.get("/en/lookup").get_data(as_text=True)
    assert "Dữ liệu mẫu: hồ sơ để thử" in vi and "Demo data: dossiers to try" in en
    words = {
        "processing": ("đang giải quyết, còn trong hạn", "being processed, within its time limit"),
        "apology": ("trễ hạn, có thư xin lỗi", "late, with a letter of apology and a new date"),
        "overdue": ("đã quá hạn", "past its due date"),
        "returned": ("đã xong, đã trả kết quả", "finished, result returned: it can be rated"),
    }
    for code, verifier, situation in tried:
        assert f"<td>{verifier}</td>" in vi and f"?code={code}" in en
        assert words[situation][0] in vi and words[situation][1] in en


def test_an_import_of_real_data_withdraws_the_demo_dossiers(seeded, runner, client, tmp_path):
    code, _, _ = TRY_LINE.findall(seeded)[0]
    real = tmp_path / "dossiers.csv"
    real.write_text(
        "code,procedure_code,agency_code,channel,received_at,due_at,status\n"
        + "REAL-0001,"
        + _any_procedure_and_agency(client)
        + ",direct,2025-03-03T08:00,2025-03-10T17:00,processing\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "dossiers", str(real)])
    assert result.exit_code == 0, result.output
    for lang in ("vi", "en"):
        html = client.get(f"/{lang}/lookup").get_data(as_text=True)
        assert code not in html and "demo-samples" not in html


def test_a_database_without_the_demo_offers_nothing_to_try(client, catalogue):
    assert "demo-samples" not in client.get("/vi/lookup").get_data(as_text=True)


def _any_procedure_and_agency(client) -> str:
    item = client.get("/api/v1/procedures?per_page=1").get_json()["items"][0]
    return f"{item['code']},{item['agency_code']}"
