"""Each procedure's dossiers received in the last 12 months (procedure.yearly_dossiers, the
ranking of the search and the home page), as every dossier import leaves it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import inspect, select, text

from portal.extensions import db
from portal.models import Dossier, Procedure

from .test_dossier_import import HEADER, row

PROCEDURES = ("1.009972", "2.000635", "1.001193", "1.000894")


def stored(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(Procedure.code, Procedure.yearly_dossiers)).all())


def recounted(app, today: date) -> dict[str, int]:
    """The figure counted afresh from every dossier, in Python: received after today - 365 days."""
    since = today - timedelta(days=365)
    counts = dict.fromkeys(PROCEDURES, 0)
    with app.app_context():
        for code, received in db.session.execute(
            select(Procedure.code, Dossier.received_at).join(Dossier.procedure)
        ):
            counts[code] += received.date() > since
    return counts


def dossier(code, procedure, received: str) -> str:
    agency = "SXD" if procedure == "1.009972" else "STP"
    return row(code, procedure=procedure, agency=agency, received=received, due=received)


def test_each_import_leaves_every_procedure_its_last_years_dossiers(
    app, catalogue, import_csv, frozen_clock
):
    frozen_clock(datetime(2025, 6, 1, 3, 0, tzinfo=UTC))  # 10:00 in Hà Nội; since 2024-06-01
    first = [
        dossier("Y-1", "1.009972", "2024-06-01T16:00:00"),  # 365 days ago: out
        dossier("Y-2", "1.009972", "2024-06-02T08:00:00"),  # 364 days ago: in
        dossier("Y-3", "1.009972", "2025-05-30T08:00:00"),
        dossier("Y-4", "2.000635", "2025-01-10T08:00:00"),
        dossier("Y-5", "2.000635", "2023-01-10T08:00:00"),
        dossier("Y-6", "2.000635", "2025-05-31T08:00:00"),
    ]
    import_csv("dossiers", HEADER + "".join(first))
    assert (
        stored(app)
        == recounted(app, date(2025, 6, 1))
        == {
            "1.009972": 2,
            "2.000635": 2,
            "1.001193": 0,
            "1.000894": 0,
        }
    )
    # Some dossiers change: one moves to another procedure, one is found received two years
    # earlier, one a year later; new ones arrive; the rest of the file is unchanged.
    changed = [
        dossier("Y-2", "1.009972", "2024-06-02T08:00:00"),
        dossier("Y-3", "2.000635", "2025-05-30T08:00:00"),
        dossier("Y-4", "2.000635", "2023-01-10T08:00:00"),
        dossier("Y-5", "2.000635", "2024-12-10T08:00:00"),
        dossier("Y-7", "1.009972", "2025-06-01T08:00:00"),
        dossier("Y-8", "2.000635", "2021-06-01T08:00:00"),
    ]
    import_csv("dossiers", HEADER + "".join(changed))
    assert (
        stored(app)
        == recounted(app, date(2025, 6, 1))
        == {
            "1.009972": 2,
            "2.000635": 3,
            "1.001193": 0,
            "1.000894": 0,
        }
    )
    # Days later an import changing nothing still moves the window: Y-2 is now over a year old.
    frozen_clock(datetime(2025, 6, 5, 3, 0, tzinfo=UTC))
    import_csv("dossiers", HEADER + "".join(changed))
    assert (
        stored(app)
        == recounted(app, date(2025, 6, 5))
        == {
            "1.009972": 1,
            "2.000635": 3,
            "1.001193": 0,
            "1.000894": 0,
        }
    )


def test_the_count_reads_an_index_not_every_dossier(app):
    """At millions of dossiers, reading each procedure's dossiers row by row took most of an
    import (48 s at 5,000,000); the (procedure_id, received_day) index answers the count alone."""
    with app.app_context():
        indexes = inspect(db.engine).get_indexes("dossier")
        assert ["procedure_id", "received_day"] in [i["column_names"] for i in indexes]
        if db.engine.dialect.name == "sqlite":
            plan = db.session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM dossier "
                    "WHERE procedure_id = 1 AND received_day > 20240601"
                )
            ).all()
            assert "COVERING INDEX ix_dossier_procedure_received" in plan[-1][-1]
