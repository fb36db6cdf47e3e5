"""The search test set: real procedure names with yearly volumes, and the queries citizens
type with the procedure each must find; shared by the tests and the benchmark."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from portal.imports import run_import
from portal.models import Procedure

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Case:
    query: str
    within: int  # 1: must come first; 3: in the first three
    expected: str  # the procedure's name


def cases() -> list[Case]:
    found = []
    for line in (DATA / "search_queries.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, within, expected = line.split("\t")
            found.append(Case(query, int(within), expected))
    return found


def load_national_catalogue(session) -> None:
    """Import the real procedure names and give each its yearly dossiers."""
    from portal.cli import import_kinds

    kinds = import_kinds()
    for kind, name in (("agencies", "national_agencies"), ("procedures", "national_procedures")):
        text = (DATA / f"{name}.csv").read_text("utf-8")
        result = run_import(kinds[kind](session), io.BytesIO(text.encode("utf-8")))
        assert not result.rejected, result
    rows = csv.DictReader(io.StringIO((DATA / "national_procedures.csv").read_text("utf-8")))
    for row in rows:
        session.execute(
            update(Procedure)
            .where(Procedure.code == row["code"])
            .values(yearly_dossiers=int(row["yearly_dossiers"]))
        )
    session.commit()


def misses(client) -> list[tuple[Case, list[str]]]:
    """The cases whose procedure is not where it must be, with the names found first."""
    failed = []
    for case in cases():
        answer = client.get("/api/v1/procedures", query_string={"q": case.query, "per_page": 5})
        names = [item["name_vi"] for item in answer.get_json()["items"]]
        if case.expected not in names[: case.within]:
            failed.append((case, names[:3]))
    return failed


def hit_share(client) -> float:
    """The share of the test set's queries that find their procedure where they must."""
    return 1 - len(misses(client)) / len(cases())
