"""Hours saved in calendar time beside working hours saved (weekends and holidays excluded)."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.stats.publish import publish_months

from . import figures_data as fd
from .figures_data import Spec


def _early(code: str, received: str, done: str, due: str) -> Spec:
    return Spec(
        code,
        "P1",
        datetime.fromisoformat(received),
        datetime.fromisoformat(due),
        status="resolved",
        resolved_at=datetime.fromisoformat(done),
    )


@pytest.fixture
def early_results(app):
    with app.app_context():
        fd.add_agencies([("P1", "Sở Một", "Department One", "province")])
        fd.add_dossiers(
            [
                # Friday to Thursday across National Day 2026 (31 Aug, 1 and 2 Sept off):
                # 6 days 7 hours on the calendar, one working day (Thursday).
                _early("N1", "2026-08-24 08:00", "2026-08-28 10:00", "2026-09-03 17:00"),
                # Monday to Friday of an ordinary week: four working days.
                _early("W1", "2026-10-01 08:00", "2026-10-05 10:00", "2026-10-09 17:00"),
                # Resolved on its due date: nothing saved either way.
                _early("T1", "2026-10-01 08:00", "2026-10-06 09:00", "2026-10-06 17:00"),
            ]
        )
        fd.refresh_and_commit()
        publish_months(["2026-08", "2026-09", "2026-10"])
    return app


def test_working_hours_leave_out_weekends_and_public_holidays(client, early_results):
    august = client.get("/api/v1/stats/2026-08").get_json()["totals"]
    assert (august["time_saved_hours"], august["working_hours_saved"]) == (151, 8)
    october = client.get("/api/v1/stats/2026-10").get_json()["totals"]
    assert (october["time_saved_hours"], october["working_hours_saved"]) == (103 + 8, 32)
    quarter = client.get("/api/v1/stats/2026-08..2026-10").get_json()["totals"]
    assert quarter["working_hours_saved"] == 40


@pytest.mark.parametrize(
    "lang, label, words",
    [
        ("vi", "Số giờ làm việc tiết kiệm", "không tính ngày nghỉ cuối tuần và ngày lễ"),
        ("en", "Working hours saved", "weekends and public holidays (Tết included) do not count"),
    ],
)
def test_the_page_shows_both_figures_and_says_how_they_differ(
    client, early_results, lang, label, words
):
    html = client.get(f"/{lang}/stats/2026-10").get_data(as_text=True)
    block = html.split('id="def-working_hours_saved"', 1)[1].split("</div>", 1)[0]
    assert label in block and words in block and ">32<" in block.replace(" ", "")
    calendar = html.split('id="def-time_saved_hours"', 1)[1].split("</div>", 1)[0]
    assert ("giờ theo lịch" if lang == "vi" else "calendar hours") in calendar


def test_the_csv_has_a_working_hours_column(client, early_results):
    csv_text = client.get("/api/v1/stats/2026-10.csv").get_data(as_text=True)
    header = csv_text.splitlines()[0]
    assert "working_hours_saved" in header
