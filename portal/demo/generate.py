"""Write the demo province as CONTRACT §2 CSV files: agencies, procedures, dossiers, events,
ratings — streamed day by day, in bounded memory, the same files for the same seed.

Times are kept as whole minutes since the first generated day and turned into text through
lookup tables: writing 600,000 dossiers is dominated by the random draws, not by datetime.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

import holidays

from .. import clock as portal_clock
from ..catalogue.imports import AgencyKind, ProcedureKind
from ..dossiers.imports import DossierKind, EventKind, RatingKind
from .procedures import DemoProcedure
from .procedures import procedures as demo_procedures
from .province import FORMER, PROVINCE_VI
from .province import agencies as demo_agencies

DAY = 1440
FINISHED_STATUSES = ("resolved", "returned", "rejected", "withdrawn")
OFFICE_OPEN = 7 * 60 + 30
OFFICE_CLOSE = 17 * 60
DUE_TIME = 17 * 60  # a dossier is due at the close of its last working day
LATE_INTAKE = 16 * 60 + 30  # handed in after this, counting starts the next working day

# Share of all dossiers per level: the province departments (social insurance above all),
# the district one-stop shops and the commune offices.
LEVEL_SHARE = {"province": 0.45, "district": 0.20, "commune": 0.35}
# Channel shares (direct, online, postal) by the procedure's online level.
CHANNELS_BY_ONLINE = {
    "full": (0.13, 0.85, 0.02),
    "partial": (0.40, 0.57, 0.03),
    "none": (0.97, 0.0, 0.03),
}
# Seasons: the rush before Tết (January), the Tết holiday month, the year-end rush.
SEASON = {
    1: 1.15,
    2: 0.80,
    3: 1.0,
    4: 0.95,
    5: 1.0,
    6: 1.0,
    7: 1.05,
    8: 1.05,
    9: 0.95,
    10: 1.05,
    11: 1.05,
    12: 1.10,
}
# Hours at which citizens file online (relative weights, 0h .. 23h).
ONLINE_HOURS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 11, 7, 8, 12, 13, 12, 10, 7, 7, 8, 7, 4, 2]
CLOSED_SHARE = 0.015  # rejected or withdrawn
RATED_SHARE = 0.15

STEPS = {
    "received": ("Tiếp nhận hồ sơ", "Received"),
    "transferred": ("Chuyển xử lý", "Transferred for processing"),
    "supplement": ("Yêu cầu bổ sung hồ sơ", "Additional documents requested"),
    "appraised": ("Thẩm định", "Appraised"),
    "approved": ("Phê duyệt", "Approved"),
    "returned": ("Trả kết quả", "Result returned"),
    "rejected": ("Từ chối giải quyết hồ sơ", "Rejected"),
    "withdrawn": ("Công dân rút hồ sơ", "Withdrawn by the applicant"),
    # The letter of apology with a new date (Decree 61/2018, form 05); the look-up dates the
    # apology by this step.
    "apology": (
        "Gửi thư xin lỗi và hẹn lại ngày trả kết quả",
        "Letter of apology sent with a new date for the result",
    ),
}

# The one-stop desks of the communes and districts keep the usual office hours.
DESK_HOURS = (
    "Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00",
    "Monday–Friday: 7:00–11:30, 13:30–17:00",
)
# The files' columns: those each import kind reads, in the CONTRACT's order.
AGENCY_COLUMNS = AgencyKind.cells
PROCEDURE_COLUMNS = ProcedureKind.cells
DOSSIER_COLUMNS = DossierKind.cells
EVENT_COLUMNS = EventKind.cells
RATING_COLUMNS = RatingKind.cells


@dataclass
class DemoSummary:
    """What was generated: counts, the period covered, and a few dossiers to look up."""

    start: date
    end: date  # the day after the last complete month
    as_of: date  # the moment of the export: 00:00 on this day; nothing happens after it
    months: list[str]  # every complete month generated, oldest first (YYYY-MM)
    agencies: int = 0
    procedures: int = 0
    dossiers: int = 0
    events: int = 0
    ratings: int = 0
    statuses: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)
    late: int = 0
    # Up to three dossiers of each status, and three pending past their due date ("overdue"):
    # {"code", "verifier", "status", "overdue", "agency_code", "received_at", ...}.
    samples: list[dict] = field(default_factory=list)


class DemoFiles(dict):
    """The written files by kind (agencies, procedures, dossiers, events, ratings)."""

    summary: DemoSummary


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


class _Calendar:
    """Working days (Monday–Friday, not a public holiday) from the first generated day on."""

    def __init__(self, start: date, days: int):
        years = range(start.year, (start + timedelta(days=days)).year + 1)
        off = holidays.country_holidays("VN", years=years)
        # is_working_day knows weekends, holidays and the Saturdays swapped for bridge days.
        self.working = [off.is_working_day(start + timedelta(days=i)) for i in range(days)]
        self.dates = [i for i, working in enumerate(self.working) if working]
        # next_index[i]: position in self.dates of the first working day on or after day i.
        self.next_index = [0] * (days + 1)
        position = len(self.dates)
        for i in range(days, -1, -1):
            if i < days and self.working[i]:
                position -= 1
            self.next_index[i] = position
        self.day_text = [(start + timedelta(days=i)).isoformat() for i in range(days)]
        self.short = [(start + timedelta(days=i)).strftime("%y%m%d") for i in range(days)]

    def text(self, minute: int) -> str:
        day, rest = divmod(minute, DAY)
        return f"{self.day_text[day]}T{_CLOCK[rest]}"


_CLOCK = [f"{h:02d}:{m:02d}:00" for h in range(24) for m in range(60)]


def _office_minute(rng: random.Random) -> int:
    """A minute of office hours: 7:30–11:30 or 13:30–17:00."""
    minute = int(rng.random() * 450)
    return OFFICE_OPEN + minute if minute < 240 else 13 * 60 + 30 + (minute - 240)


class _Choice:
    """Weighted choice by bisection over cumulative weights (random.choices without k)."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def _desk(agency) -> tuple[str, str, str]:
    """A local People's Committee's one-stop desk: its seat, and the usual hours."""
    if agency.level == "province":
        return ("", "", "")
    province = next(
        (name for prefix, name, _, _ in FORMER if agency.code.startswith(f"{prefix}.")),
        PROVINCE_VI,
    )
    return (f"Trụ sở {agency.name_vi}, tỉnh {province}", *DESK_HOURS)


def _write_catalogue(directory: Path, agency_rows, procedure_rows) -> dict[str, Path]:
    paths = {"agencies": directory / "agencies.csv", "procedures": directory / "procedures.csv"}
    with paths["agencies"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(AGENCY_COLUMNS)
        for agency in agency_rows:
            writer.writerow(
                [
                    agency.code,
                    agency.name_vi,
                    agency.name_en,
                    agency.level,
                    agency.parent_code or "",
                    agency.active_from.isoformat() if agency.active_from else "",
                    agency.active_to.isoformat() if agency.active_to else "",
                    agency.successor_code or "",
                    *_desk(agency),
                ]
            )
    with paths["procedures"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, PROCEDURE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for procedure in procedure_rows:
            writer.writerow(procedure.row())
    return paths


def _active(agency, day: date) -> bool:
    return (agency.active_from is None or agency.active_from <= day) and (
        agency.active_to is None or day <= agency.active_to
    )


@dataclass
class _Origin:
    """Where a share of the dossiers comes from: a unit as it was at the start, whose work
    passes along its successor chain; each dossier goes to the unit of the chain active on
    the day it is received."""

    agency: object  # the DemoAgency at the start of the chain: volume, late and early shares
    chain: list  # the agency and its successors, in order
    workday: _Choice
    dayoff: _Choice | None
    online_share: float

    def receiver(self, day: date):
        return next((unit for unit in self.chain if _active(unit, day)), None)


def _origins(agency_rows, procedure_rows) -> list[_Origin]:
    """Every unit that receives dossiers in its own right, with the procedures it handles:
    a department those of today's unit holding its work, a district or commune every one of
    its level."""
    by_code = {agency.code: agency for agency in agency_rows}
    by_agency: dict[str, list[DemoProcedure]] = {}
    by_level: dict[str, list[DemoProcedure]] = {}
    for procedure in procedure_rows:
        by_agency.setdefault(procedure.agency_code, []).append(procedure)
        by_level.setdefault(procedure.level, []).append(procedure)
    origins = []
    for agency in agency_rows:
        if not agency.volume:
            continue
        chain = [agency]
        while chain[-1].successor_code:
            chain.append(by_code[chain[-1].successor_code])
        own = (
            by_level.get(agency.level, [])
            if agency.level != "province"
            else by_agency.get(chain[-1].code, [])
        )
        if not own:
            continue
        weights = [p.volume for p in own]
        online = [(p, p.volume) for p in own if p.online_level != "none"]
        origins.append(
            _Origin(
                agency,
                chain,
                _Choice(own, weights),
                _Choice([p for p, _ in online], [w for _, w in online]) if online else None,
                sum(w for _, w in online) / sum(weights),
            )
        )
    return origins


@dataclass
class _Era:
    """The units receiving dossiers between two changes of the province's organisation."""

    receivers: dict  # id(origin) -> (receiving DemoAgency, dossier code prefix)
    workday: _Choice
    dayoff: _Choice


def _era(origins: list[_Origin], day: date, numbers: dict[str, int]) -> _Era:
    """Who receives on ``day``: the districts' share goes to the communes once they ended."""
    live = [(o, o.receiver(day)) for o in origins]
    live = [(o, unit) for o, unit in live if unit is not None]
    volume = Counter()
    for origin, _ in live:
        volume[origin.agency.level] += origin.agency.volume
    share = dict(LEVEL_SHARE)
    if not volume["district"]:
        share["commune"] += share.pop("district")
    shares = [share[o.agency.level] * o.agency.volume / volume[o.agency.level] for o, _ in live]
    receivers = {id(o): (unit, f"000.00.{numbers[unit.code]:02d}.{unit.code}-") for o, unit in live}
    online = [(o, s * o.online_share) for (o, _), s in zip(live, shares, strict=True) if o.dayoff]
    return _Era(
        receivers,
        _Choice([o for o, _ in live], shares),
        _Choice([o for o, _ in online], [w for _, w in online]),
    )


def _eras(origins, agency_rows, start: date, span: int) -> list[_Era]:
    """The era of each generated day (one object per era, shared by its days)."""
    changes = {a.active_from for a in agency_rows if a.active_from}
    changes |= {a.active_to + timedelta(days=1) for a in agency_rows if a.active_to}
    numbers = {agency.code: number for number, agency in enumerate(agency_rows)}
    eras, current = [], None
    for i in range(span):
        day = start + timedelta(days=i)
        if current is None or day in changes:
            current = _era(origins, day, numbers)
        eras.append(current)
    return eras


def _per_day(dossiers: int, start: date, span: int, calendar: _Calendar) -> list[int]:
    """Dossiers per day: busier on working days, by season, growing over the period."""
    weights = [
        (1.0 if calendar.working[i] else 0.10)
        * SEASON[(start + timedelta(days=i)).month]
        * (1.0 + 0.3 * i / max(span, 1))
        for i in range(span)
    ]
    cumulative = list(accumulate(weights))
    total = cumulative[-1] if cumulative else 1.0
    per_day, previous = [], 0
    for value in cumulative:
        upto = round(dossiers * value / total)
        per_day.append(upto - previous)
        previous = upto
    return per_day


def _channel_table(procedure_rows) -> dict[str, list[float]]:
    """Cumulative (direct, online, postal) shares per procedure; no post, no postal share."""
    table = {}
    for p in procedure_rows:
        direct, online, postal = CHANNELS_BY_ONLINE[p.online_level]
        shares = (direct, online, postal) if p.postal else (direct + postal, online, 0.0)
        table[p.code] = list(accumulate(shares))
    return table


@dataclass
class _Dossier:
    """One generated dossier while its lines are written."""

    code: str
    procedure: DemoProcedure
    agency: object  # the receiving DemoAgency
    channel: str
    received: int  # minutes since the first generated day
    due: int
    finish_index: int
    finished: int
    late: bool
    closed: bool
    status: str = ""
    resolved_text: str = ""
    returned: int | None = None
    returned_text: str = ""
    return_channel: str = ""
    extended: str = ""
    apology: str = "0"


class _Writer:
    """Draws each dossier, its timeline and rating, and writes their CSV lines."""

    def __init__(self, rng, calendar: _Calendar, exported: int, summary: DemoSummary, kinds):
        self.rng, self.random = rng, rng.random
        self.calendar, self.exported, self.summary = calendar, exported, summary
        self.events, self.ratings = "events" in kinds, "ratings" in kinds
        self.lines: dict[str, list[str]] = {kind: [] for kind in kinds}
        self.online_hour = _Choice(list(range(24)), ONLINE_HOURS)
        self.channel_table: dict[str, list[float]] = {}
        self.sampled = Counter()
        self.late = self.event_count = self.rating_count = 0

    def text(self, minute: int) -> str:
        return self.calendar.text(minute)

    def day(self, i: int, count: int, era: _Era) -> None:
        """Write the dossiers received on day ``i``."""
        sequence = Counter()
        working = self.calendar.working[i]
        for _ in range(count):
            origin = (era.workday if working else era.dayoff).pick(self.rng)
            agency, prefix = era.receivers[id(origin)]
            procedure = (origin.workday if working else origin.dayoff).pick(self.rng)
            sequence[agency.code] += 1
            code = f"{prefix}{self.calendar.short[i]}-{sequence[agency.code]:04d}"
            dossier = self.draw(i, working, code, procedure, agency, origin.agency)
            self.settle(dossier)
            self.write(dossier)

    def draw(self, i, working, code, procedure, agency, origin) -> _Dossier:
        """When it is received, by which channel, when it is due and when it is finished."""
        random_ = self.random
        channel = "online"
        if working:
            draw, shares = random_(), self.channel_table[procedure.code]
            channel = "direct" if draw < shares[0] else "online" if draw < shares[1] else "postal"
        if channel == "online":
            minute = self.online_hour.pick(self.rng) * 60 + int(random_() * 60)
        else:
            minute = _office_minute(self.rng)
        received = i * DAY + minute
        next_index, dates = self.calendar.next_index, self.calendar.dates
        first = next_index[i] if working and minute < LATE_INTAKE else next_index[i + 1]
        days = procedure.processing_days
        due_index = first + days
        draw = random_()
        late = closed = False
        if draw < CLOSED_SHARE:
            closed = True
            finish_index = first + int(random_() * (max(days // 2, 0) + 1))
        elif draw < CLOSED_SHARE + origin.late:
            late = True
            extra = self.rng.expovariate(1 / (2 + days * 0.3))
            if random_() < 0.15:  # stuck: waiting on another agency for weeks
                extra += 10 + int(random_() * 30)
            finish_index = due_index + 1 + int(extra)
        elif days and random_() < origin.early:
            finish_index = first + int((due_index - first) * random_() ** 0.7)
        else:
            finish_index = due_index
        finished = dates[finish_index] * DAY + _office_minute(self.rng)
        if finished <= received:
            finished = received + 15 + int(random_() * 105)
        due = dates[due_index] * DAY + DUE_TIME
        return _Dossier(
            code, procedure, agency, channel, received, due, finish_index, finished, late, closed
        )

    def settle(self, d: _Dossier) -> None:
        """Its status at the export, and when and how its result went back."""
        random_, dates = self.random, self.calendar.dates
        if d.finished >= self.exported:  # not finished when the data was exported
            elapsed = self.exported - d.received
            if elapsed < DAY // 2 or (elapsed < 2 * DAY and random_() < 0.5):
                d.status = "received"
            else:
                d.status = "supplement" if random_() < 0.12 else "processing"
            if d.late and random_() < 0.3:
                d.apology = "1"
                d.extended = self.text(dates[d.finish_index + 2] * DAY + DUE_TIME)
            return
        d.resolved_text = self.text(d.finished)
        if d.closed:
            d.status = "rejected" if random_() < 0.6 else "withdrawn"
            return
        self.return_result(d)
        if d.late:
            self.late += 1
            if random_() < 0.6:
                d.apology = "1"
                extended_index = d.finish_index + int(random_() * 3)
                d.extended = self.text(dates[extended_index] * DAY + DUE_TIME)

    def return_result(self, d: _Dossier) -> None:
        random_, procedure = self.random, d.procedure
        draw = random_()
        if draw < 0.065 and procedure.postal:
            d.return_channel = "postal"
            d.returned = d.finished + DAY * (1 + int(random_() * 3)) + int(random_() * 240)
        elif d.channel == "online" and procedure.online_level == "full" and draw < 0.7:
            d.return_channel = "online"
            d.returned = d.finished + 5 + int(random_() * 90)
        else:
            d.return_channel = "direct"
            k = int(random_() * 4) if random_() < 0.8 else 4 + int(random_() * 10)
            d.returned = self.calendar.dates[d.finish_index + k] * DAY + _office_minute(self.rng)
            if d.returned <= d.finished:
                d.returned = d.finished + 10 + int(random_() * 60)
        if d.returned >= self.exported or random_() < 0.015:
            d.status, d.returned, d.return_channel = "resolved", None, ""
        else:
            d.status = "returned"
            d.returned_text = self.text(d.returned)

    def write(self, d: _Dossier) -> None:
        random_ = self.random
        four = (
            "1" if d.procedure.four_on_site and d.channel != "postal" and random_() < 0.85 else "0"
        )
        digits = (4, 4, 4, 5, 6, 6)[int(random_() * 6)]
        verifier = f"{int(random_() * (10**digits)):0{digits}d}"
        received_text = self.text(d.received)
        self.lines["dossiers"].append(
            f"{d.code},{d.procedure.code},{d.agency.code},{d.channel},{received_text},"
            f"{self.text(d.due)},{d.resolved_text},{d.returned_text},{d.return_channel},"
            f"{d.status},{four},{verifier},{d.extended},{d.apology}\n"
        )
        self.summary.statuses[d.status] += 1
        self.summary.channels[d.channel] += 1
        self.sample(d, verifier, received_text)
        if self.events:
            self.timeline(d)
        if self.ratings and d.status in ("resolved", "returned"):
            self.rating(d)

    def sample(self, d: _Dossier, verifier: str, received_text: str) -> None:
        """Keep up to three dossiers of each status, and three overdue, to look up."""
        kind = d.status if d.resolved_text or d.due >= self.exported else "overdue"
        if d.apology == "1" and not d.resolved_text:
            kind = "apology"  # open, with a letter of apology and a new date
        if self.sampled[kind] >= 3:
            return
        self.sampled[kind] += 1
        self.summary.samples.append(
            {
                "code": d.code,
                "verifier": verifier,
                "status": d.status,
                "overdue": kind == "overdue",
                "apology": d.apology == "1",
                "due_at": self.text(d.due),
                "agency_code": d.agency.code,
                "procedure_code": d.procedure.code,
                "received_at": received_text,
                "resolved_at": d.resolved_text or None,
            }
        )

    def timeline(self, d: _Dossier) -> None:
        random_, status = self.random, d.status
        steps = [("received", d.received)]
        if status != "received":
            limit = (d.finished if status in FINISHED_STATUSES else self.exported) - d.received
            transferred = d.received + max(1, min(10 + int(random_() * 240), limit // 3))
            steps.append(("transferred", transferred))
            if status == "supplement":
                steps.append(("supplement", transferred + (self.exported - transferred) // 3))
            elif status in ("rejected", "withdrawn"):
                steps.append((status, d.finished))
            elif status == "processing":
                if random_() < 0.6:
                    steps.append(("appraised", (transferred + self.exported) // 2))
            else:
                steps.append(("appraised", (transferred * 2 + d.finished * 3) // 5))
                steps.append(("approved", d.finished))
                if d.returned is not None:
                    steps.append(("returned", d.returned))
        if d.apology == "1":
            # Sent the working day before the original due date, when the delay shows:
            # between the receipt and the export like every step.
            steps.append(("apology", min(max(d.due - DAY, d.received + 1), self.exported - 1)))
            steps.sort(key=itemgetter(1))
        previous_at = -1
        for step, at in steps:
            at = max(at, previous_at + 1)
            previous_at = at
            vi, en = STEPS[step]
            self.lines["events"].append(f"{d.code},{self.text(at)},{vi},{en},{d.agency.code}\n")
        self.event_count += len(steps)

    def rating(self, d: _Dossier) -> None:
        random_ = self.random
        if random_() >= RATED_SHARE:
            return
        rated = (d.returned or d.finished) + 5 + int(random_() * (3 * DAY))
        if rated >= self.exported:
            return
        draw = random_()
        unhappy, happy = (0.15, 0.4) if d.late else (0.01, 0.08)
        score = (
            "unsatisfied" if draw < unhappy else "satisfied" if draw < happy else "very_satisfied"
        )
        self.lines["ratings"].append(f"{d.code},{self.text(rated)},{score}\n")
        self.rating_count += 1


def _open_streams(directory: Path, events: bool, ratings: bool) -> dict:
    columns = {"dossiers": DOSSIER_COLUMNS, "events": EVENT_COLUMNS, "ratings": RATING_COLUMNS}
    kinds = ["dossiers"] + ["events"] * events + ["ratings"] * ratings
    streams = {}
    for kind in kinds:
        stream = (directory / f"{kind}.csv").open(
            "w", encoding="utf-8", newline="", buffering=1 << 20
        )
        stream.write(",".join(columns[kind]) + "\n")
        streams[kind] = stream
    return streams


def _period(months: int, end: date | None, as_of: date | None) -> tuple[date, date, date]:
    """(start, end, as_of) of the generated period; see ``write_demo_csvs``."""
    today = portal_clock.today()
    if as_of is None:
        as_of = end or today
    end = end or today.replace(day=1)
    if as_of < end:
        raise ValueError("as_of must not be before end")
    return _month_start(end, months), end, as_of


def write_demo_csvs(
    directory: Path,
    *,
    dossiers: int = 40_000,
    months: int = 24,
    end: date | None = None,
    seed: int = 2022,
    events: bool = True,
    ratings: bool = True,
    procedures: int | None = None,
    as_of: date | None = None,
) -> DemoFiles:
    """Write the demo province's CSV files into ``directory``; returns their paths by kind.

    ``months`` complete months of dossiers end the day before ``end`` (default: the first
    day of the current month). The data is as the one-stop software would export it at
    00:00 on ``as_of``: by default ``end`` when ``end`` is given, else today, so that a
    fresh demo also has the current month's first days and dossiers filed days ago still
    pending. Each dossier is received by a unit active that day. ``files.summary`` tells
    what was generated.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    start, end, as_of = _period(months, end, as_of)
    span = (as_of - start).days
    agency_rows, procedure_rows = demo_agencies(), demo_procedures(procedures)
    files = DemoFiles(_write_catalogue(directory, agency_rows, procedure_rows))
    summary = DemoSummary(
        start=start,
        end=end,
        as_of=as_of,
        months=[_month_start(end, back).strftime("%Y-%m") for back in range(months, 0, -1)],
    )
    summary.agencies, summary.procedures = len(agency_rows), len(procedure_rows)
    files.summary = summary
    calendar = _Calendar(start, span + 800)
    origins = _origins(agency_rows, procedure_rows)
    eras = _eras(origins, agency_rows, start, span)
    streams = _open_streams(directory, events, ratings)
    files.update({kind: Path(stream.name) for kind, stream in streams.items()})
    writer = _Writer(random.Random(seed), calendar, span * DAY, summary, list(streams))
    writer.channel_table = _channel_table(procedure_rows)
    try:
        for i, count in enumerate(_per_day(dossiers, start, span, calendar)):
            if count:
                writer.day(i, count, eras[i])
            for kind, lines in writer.lines.items():
                streams[kind].write("".join(lines))
                lines.clear()
    finally:
        for stream in streams.values():
            stream.close()
    summary.dossiers = sum(summary.statuses.values())
    summary.events, summary.ratings = writer.event_count, writer.rating_count
    summary.late = writer.late
    return files
