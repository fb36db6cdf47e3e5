"""Dossier-level data for the statistics tests: the July 2022 report, edges, random months.

Dossiers go in by Core bulk inserts that derive the day columns exactly as the dossier import
does (local calendar dates as YYYYMMDD, seconds saved when resolved before the due time), so
thousands of rows take well under a second; ``tests/test_figures.py`` also sends a sample
through the real CSV import and checks it lands the same.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from portal.catalogue.imports import AgencyKind, ProcedureKind
from portal.extensions import db
from portal.imports import run_import
from portal.models import Agency, Dossier, Procedure, Rating
from portal.stats import rollup


@dataclass
class Spec:
    """One dossier as the tests describe it (times are naive local times)."""

    code: str
    agency: str
    received_at: datetime
    due_at: datetime
    status: str = "processing"
    resolved_at: datetime | None = None
    channel: str = "online"
    return_channel: str | None = None
    four_on_site: bool = False

    # The local dates the definitions are written on (figure_definitions.DEFINITIONS reads these).
    @property
    def received_day(self) -> date:
        return self.received_at.date()

    @property
    def due_day(self) -> date:
        return self.due_at.date()

    @property
    def finished_day(self) -> date | None:
        return self.resolved_at.date() if self.resolved_at else None

    def csv_row(self) -> str:
        def t(value):
            return value.isoformat() if value else ""

        return ",".join(
            [
                self.code,
                f"P-{self.agency}",
                self.agency,
                self.channel,
                t(self.received_at),
                t(self.due_at),
                t(self.resolved_at),
                "",
                self.return_channel or "",
                self.status,
                "1" if self.four_on_site else "0",
                "",
            ]
        )


CSV_HEADER = (
    "code,procedure_code,agency_code,channel,received_at,due_at,resolved_at,"
    "returned_at,return_channel,status,four_on_site,verifier"
)


def _day(moment: datetime | None) -> int | None:
    return moment.year * 10000 + moment.month * 100 + moment.day if moment else None


def add_agencies(agencies: list[tuple[str, str, str, str]]) -> None:
    """Agencies (code, name_vi, name_en, level), each with one procedure ``P-<code>``."""
    lines = ["code,name_vi,name_en,level,parent_code"]
    lines += [f"{c},{vi},{en},{level}," for c, vi, en, level in agencies]
    run_import(AgencyKind(db.session), io.BytesIO("\n".join(lines).encode()))
    lines = ["code,name_vi,agency_code,level,processing_days"]
    lines += [f"P-{c},Thủ tục của {c},{c},{level},5" for c, _, _, level in agencies]
    run_import(ProcedureKind(db.session), io.BytesIO("\n".join(lines).encode()))


def add_dossiers(specs: list[Spec]) -> None:
    """Insert dossiers as the import would store them (no rollup refresh, no commit)."""
    agencies = dict(db.session.execute(select(Agency.code, Agency.id)).all())
    procedures = dict(db.session.execute(select(Procedure.code, Procedure.id)).all())
    rows = []
    for s in specs:
        saved = 0
        if s.status in ("resolved", "returned") and s.resolved_at and s.resolved_at < s.due_at:
            saved = int((s.due_at - s.resolved_at).total_seconds())
        rows.append(
            {
                "code": s.code,
                "code_key": s.code.upper(),
                "procedure_id": procedures[f"P-{s.agency}"],
                "agency_id": agencies[s.agency],
                "channel": s.channel,
                "received_at": s.received_at,
                "due_at": s.due_at,
                "resolved_at": s.resolved_at,
                "returned_at": None,
                "return_channel": s.return_channel,
                "status": s.status,
                "four_on_site": s.four_on_site,
                "verifier_hash": None,
                "received_day": _day(s.received_at),
                "due_day": _day(s.due_at),
                "finished_day": _day(s.resolved_at),
                "saved_seconds": saved,
                "apology": False,
            }
        )
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Dossier), rows[start : start + 5000])


def add_ratings(ratings: list[tuple[str, datetime, str]]) -> None:
    """Ratings (dossier code, rated_at, score)."""
    ids = dict(db.session.execute(select(Dossier.code, Dossier.id)).all())
    if ratings:
        db.session.execute(
            insert(Rating),
            [
                {"dossier_id": ids[code], "rated_at": at, "rated_day": _day(at), "score": score}
                for code, at, score in ratings
            ],
        )


def refresh_and_commit() -> None:
    """What an import's finish does: recount the rollup, then commit."""
    rollup.refresh(db.session, "all")
    db.session.commit()


# --- July 2022, as in /work/shared/reference/000 ----------------------------------------------
#
# The report: received 16,903 new (direct 3,956 = 23,40%, online 12,819 = 75,84%, BCCI 128 =
# 0,76%); resolved 16,802, early 2,756 (16,40%), on time 14,045 (83,60%), "không có hồ sơ trả
# quá hạn" (none late), returned by BCCI 812 (4,83%); 2,319 pending; 2,720 "4 tại chỗ"; 225
# ratings, all very satisfied. Early + on time = 16,801, one short of 16,802. Only 14,046 on
# time agrees with everything else the report says (83,60% = 14,046 / 16,802; 16,40% + 83,60%
# = 100%; no late dossier; "100% hồ sơ giải quyết đúng và trước hạn"), so the fixture takes
# 14,046 on time and 0 late: the 14,045 is the report's slip (like its headline's 16.082 for
# 16.802). The report gives neither carried-over nor closed dossiers; the fixture has 45
# closed without result, which with the identity makes 16,802 + 45 + 2,319 − 16,903 = 2,263
# carried over from June. By agency it follows the report too: Bảo hiểm xã hội tỉnh 11,829,
# Công Thương 1,915 (1,905 "4 tại chỗ"), Giao thông vận tải 993; five departments with 2,372
# "4 tại chỗ" out of their 4,314 dossiers.

JULY_AGENCIES = [  # code, name_vi, name_en, level, received new, "4 tại chỗ"
    ("BHXH", "Bảo hiểm xã hội tỉnh", "Provincial Social Insurance", "province", 11829, 348),
    ("SCT", "Sở Công Thương", "Department of Industry and Trade", "province", 1915, 1905),
    ("SGTVT", "Sở Giao thông vận tải", "Department of Transport", "province", 993, 0),
    ("STP", "Sở Tư pháp", "Department of Justice", "province", 500, 150),
    (
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        "province",
        406,
        200,
    ),
    ("SXD", "Sở Xây dựng", "Department of Construction", "province", 300, 80),
    (
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "province",
        200,
        37,
    ),
    ("CAT", "Công an tỉnh", "Provincial Police", "province", 460, 0),
    ("CT", "Cục Thuế tỉnh", "Provincial Tax Department", "province", 300, 0),
]
DEPARTMENTS = ("SCT", "SGTVT", "STP", "SKHDT", "SXD", "STNMT")

JULY = {
    "received_new": 16903,
    "direct": 3956,
    "online": 12819,
    "postal": 128,
    "carried_over": 2263,
    "resolved": 16802,
    "early": 2756,
    "on_time": 14046,
    "late": 0,
    "closed": 45,
    "pending": 2319,
    "postal_returns": 812,
    "four_on_site": 2720,
    "ratings": 225,
}


def july_2022_specs() -> tuple[list[Spec], list[tuple[str, datetime, str]]]:
    """The dossiers and ratings behind the July 2022 report (see the comment above)."""
    rng = random.Random(202207)
    new = []  # (agency, four on site)
    for code, _, _, _, count, four in JULY_AGENCIES:
        new += [(code, i < four) for i in range(count)]
    rng.shuffle(new)
    channels = ["direct"] * 3956 + ["online"] * 12819 + ["postal"] * 128
    rng.shuffle(channels)
    agencies = [a[0] for a in JULY_AGENCIES]
    weights = [a[4] for a in JULY_AGENCIES]

    # Outcomes of the 2,263 carried over: 2,200 resolved in July, 20 closed, 43 still pending;
    # of the 16,903 new: 14,602 resolved, 25 closed, 2,276 pending.
    resolved_timing = ["early"] * 2756 + ["on_time"] * 14046
    rng.shuffle(resolved_timing)
    postal_returns = set(rng.sample(range(16802), 812))
    specs: list[Spec] = []
    n_resolved = 0

    def resolve(spec: Spec, day: datetime) -> None:
        nonlocal n_resolved
        timing = resolved_timing[n_resolved]
        spec.status = "resolved" if n_resolved % 3 else "returned"
        spec.resolved_at = day
        if timing == "early":
            spec.due_at = day + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 5))
        else:  # on the due date: sometimes after the due hour, still on time by the date
            spec.due_at = max(spec.received_at, day.replace(hour=rng.choice((8, 17)), minute=0))
        if n_resolved in postal_returns:
            spec.return_channel = "postal"
        else:
            spec.return_channel = "direct" if n_resolved % 2 else None
        n_resolved += 1

    for i in range(2263):
        agency = rng.choices(agencies, weights)[0]
        received = datetime(2022, 6, rng.randint(1, 30), rng.randint(7, 16), rng.randint(0, 59))
        if i == 0:
            received = datetime(2022, 6, 30, 23, 59, 59)  # the last second of June
        spec = Spec(
            f"C{i:05d}",
            agency,
            received,
            received + timedelta(days=10),
            channel=rng.choice(("direct", "online")),
        )
        if i < 2200:
            day = datetime(2022, 7, 1 + i % 31, 9 + i % 8, i % 60)
            if i == 1:
                day = datetime(2022, 7, 1, 0, 0, 0)  # the first second of July
            resolve(spec, day)
        elif i < 2220:
            spec.status = ("rejected", "withdrawn")[i % 2]
            spec.resolved_at = datetime(2022, 7, 1 + i % 28, 10)
        else:  # still pending at the end of July, overdue: due in July
            spec.due_at = datetime(2022, 7, 15, 17)
        specs.append(spec)

    for i, ((agency, four), channel) in enumerate(zip(new, channels, strict=True)):
        received = datetime(2022, 7, 1 + i % 31, 7 + i % 10, i % 60)
        if i == 0:
            received = datetime(2022, 7, 1, 0, 0, 0)
        if i == 1:
            received = datetime(2022, 7, 31, 23, 59, 59)
        spec = Spec(
            f"N{i:05d}",
            agency,
            received,
            received + timedelta(days=7),
            channel=channel,
            four_on_site=four,
        )
        if 1 < i < 14604:
            day = received + timedelta(hours=rng.randint(1, 47))
            resolve(spec, day if day < datetime(2022, 8, 1) else received)  # result in July
        elif 1 < i < 14629:
            spec.status = ("rejected", "withdrawn")[i % 2]
            spec.resolved_at = received + timedelta(minutes=30)
            if spec.resolved_at >= datetime(2022, 8, 1):
                spec.resolved_at = received
        elif i % 5 == 0:  # pending in July, resolved in August: still pending at E
            spec.status = "resolved"
            spec.due_at = max(spec.due_at, datetime(2022, 8, 5, 17))
            spec.resolved_at = datetime(2022, 8, 2, 10)
        elif i % 5 == 1:  # pending and already overdue: due before 1 August
            spec.status = "supplement"
            spec.due_at = max(received, min(spec.due_at, datetime(2022, 7, 31, 17)))
        else:  # pending and not yet due
            spec.due_at = max(spec.due_at, datetime(2022, 8, 5, 17))
        specs.append(spec)

    # 225 very satisfied ratings in July, one at its last second; others just outside.
    resolved_july = [
        s.code
        for s in specs
        if s.status in ("resolved", "returned") and s.resolved_at < datetime(2022, 8, 1)
    ]
    ratings = [
        (code, datetime(2022, 7, 1 + i % 31, 15), "very_satisfied")
        for i, code in enumerate(resolved_july[:225])
    ]
    ratings[0] = (ratings[0][0], datetime(2022, 7, 31, 23, 59, 59), "very_satisfied")
    ratings += [
        (code, datetime(2022, 8, 1, 0, 0, 0), "unsatisfied") for code in resolved_july[225:230]
    ]
    carried = [s.code for s in specs if s.code.startswith("C") and s.status == "processing"]
    ratings += [(code, datetime(2022, 6, 30, 12), "satisfied") for code in carried[:3]]
    return specs, ratings


def add_july_2022() -> tuple[list[Spec], list]:
    """Load the July 2022 report's dossiers and ratings; refresh the rollup; commit."""
    add_agencies([a[:4] for a in JULY_AGENCIES])
    specs, ratings = july_2022_specs()
    add_dossiers(specs)
    add_ratings(ratings)
    refresh_and_commit()
    return specs, ratings


# --- random months, for checking the rollup against the definitions --------------------------

RANDOM_AGENCIES = [
    ("P1", "Sở Một", "Department One", "province"),
    ("P2", "Sở Hai", "Department Two", "province"),
    ("D1", "UBND huyện Một", "District One", "district"),
    ("C1", "UBND xã Một", "Commune One", "commune"),
    ("C2", "UBND xã Hai", "Commune Two", "commune"),
]


def random_specs(
    n: int, seed: int, first: date = date(2022, 3, 1), last: date = date(2022, 7, 31)
) -> tuple[list[Spec], list]:
    """n dossiers with random (valid) dates, statuses and channels, and their ratings.

    Dates cluster on month edges and due dates so every boundary is exercised.
    """
    rng = random.Random(seed)
    span = (last - first).days
    specs, ratings = [], []

    def moment(day: date) -> datetime:
        return datetime(
            day.year,
            day.month,
            day.day,
            rng.choice((0, 8, 12, 17, 23)),
            rng.choice((0, 30, 59)),
            rng.choice((0, 59)),
        )

    for i in range(n):
        received_day = first + timedelta(days=rng.randint(0, span))
        if rng.random() < 0.2:  # the first or last day of a month
            received_day = (
                received_day.replace(day=1)
                if rng.random() < 0.5
                else (
                    (received_day.replace(day=28) + timedelta(days=4)).replace(day=1)
                    - timedelta(days=1)
                )
            )
        received = moment(received_day)
        due = received + timedelta(
            days=rng.choice((0, 1, 3, 7, 15, 30, 45)), hours=rng.randint(0, 9)
        )
        status = rng.choice(
            (
                "received",
                "processing",
                "supplement",
                "resolved",
                "resolved",
                "returned",
                "resolved",
                "rejected",
                "withdrawn",
            )
        )
        resolved = None
        if status in ("resolved", "returned", "rejected", "withdrawn"):
            choice = rng.random()
            if choice < 0.25:
                resolved = due.replace(hour=rng.choice((0, 9, 23)))  # on the due date
            elif choice < 0.35:
                resolved = received  # at once
            else:
                resolved = received + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
            resolved = max(resolved, received)
        specs.append(
            Spec(
                code=f"R{seed}-{i:05d}",
                agency=rng.choice(RANDOM_AGENCIES)[0],
                received_at=received,
                due_at=due,
                status=status,
                resolved_at=resolved,
                channel=rng.choice(("direct", "online", "online", "postal")),
                return_channel=rng.choice((None, "direct", "online", "postal")),
                four_on_site=rng.random() < 0.2,
            )
        )
        if resolved and rng.random() < 0.4:
            rated = resolved + timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
            ratings.append(
                (specs[-1].code, rated, rng.choice(("very_satisfied", "satisfied", "unsatisfied")))
            )
    return specs, ratings
