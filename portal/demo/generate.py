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
from .procedures import DemoProcedure
from .procedures import procedures as demo_procedures
from .province import PROVINCE_VI
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

AGENCY_COLUMNS = [
    "code",
    "name_vi",
    "name_en",
    "level",
    "parent_code",
    "address",
    "hours_vi",
    "hours_en",
]
# The one-stop desks of the communes and districts keep the usual office hours.
DESK_HOURS = (
    "Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00",
    "Monday–Friday: 7:00–11:30, 13:30–17:00",
)
PROCEDURE_COLUMNS = [
    "code",
    "name_vi",
    "name_en",
    "agency_code",
    "level",
    "processing_days",
    "field_vi",
    "field_en",
    "online_level",
    "postal",
    "four_on_site",
    "fee_vi",
    "documents_vi",
    "steps_vi",
    "legal_basis_vi",
    "result_vi",
]
DOSSIER_COLUMNS = [
    "code",
    "procedure_code",
    "agency_code",
    "channel",
    "received_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "return_channel",
    "status",
    "four_on_site",
    "verifier",
    "extended_due_at",
    "apology",
]
EVENT_COLUMNS = ["dossier_code", "at", "step_vi", "step_en", "agency_code"]
RATING_COLUMNS = ["dossier_code", "rated_at", "score"]


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
    return (f"Trụ sở {agency.name_vi}, tỉnh {PROVINCE_VI}", *DESK_HOURS)


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
                    *_desk(agency),
                ]
            )
    with paths["procedures"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, PROCEDURE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for procedure in procedure_rows:
            writer.writerow(procedure.row())
    return paths


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
    pending. ``files.summary`` tells what was generated.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    today = portal_clock.today()
    if as_of is None:
        as_of = end or today
    end = end or today.replace(day=1)
    if as_of < end:
        raise ValueError("as_of must not be before end")
    start = _month_start(end, months)
    span = (as_of - start).days
    agency_rows = demo_agencies()
    procedure_rows = demo_procedures(procedures)
    files = DemoFiles(_write_catalogue(directory, agency_rows, procedure_rows))
    summary = DemoSummary(
        start=start,
        end=end,
        as_of=as_of,
        months=[_month_start(end, back).strftime("%Y-%m") for back in range(months, 0, -1)],
    )
    summary.agencies, summary.procedures = len(agency_rows), len(procedure_rows)
    files.summary = summary

    rng = random.Random(seed)
    calendar = _Calendar(start, span + 800)
    exported = span * DAY

    # Which procedures each agency handles: its own, or every one of its level.
    by_agency: dict[str, list[DemoProcedure]] = {}
    by_level: dict[str, list[DemoProcedure]] = {}
    for procedure in procedure_rows:
        by_agency.setdefault(procedure.agency_code, []).append(procedure)
        by_level.setdefault(procedure.level, []).append(procedure)
    level_volume = Counter()
    handled = {}
    for agency in agency_rows:
        handled[agency.code] = (
            by_level.get(agency.level, [])
            if agency.level != "province"
            else by_agency.get(agency.code, [])
        )
        if handled[agency.code]:
            level_volume[agency.level] += agency.volume

    # Per agency: its share of dossiers, its procedures on working days and on days off
    # (only online filing happens when the office is closed).
    units = []
    for number, agency in enumerate(agency_rows):
        own = handled[agency.code]
        if not own or not agency.volume:
            continue
        weights = [p.volume for p in own]
        online = [(p, p.volume) for p in own if p.online_level != "none"]
        share = LEVEL_SHARE[agency.level] * agency.volume / level_volume[agency.level]
        units.append(
            {
                "agency": agency,
                "prefix": f"000.00.{number:02d}.{agency.code}-",
                "workday": _Choice(own, weights),
                "share": share,
                "dayoff": _Choice([p for p, _ in online], [w for _, w in online])
                if online
                else None,
                "online_share": sum(w for _, w in online) / sum(weights),
            }
        )
    pick_workday = _Choice(units, [u["share"] for u in units])
    pick_dayoff = _Choice(
        [u for u in units if u["dayoff"]],
        [u["share"] * u["online_share"] for u in units if u["dayoff"]],
    )
    online_hour = _Choice(list(range(24)), ONLINE_HOURS)
    channel_table = {
        p.code: list(
            accumulate(
                CHANNELS_BY_ONLINE[p.online_level]
                if p.postal
                else (
                    CHANNELS_BY_ONLINE[p.online_level][0] + CHANNELS_BY_ONLINE[p.online_level][2],
                    CHANNELS_BY_ONLINE[p.online_level][1],
                    0.0,
                )
            )
        )
        for p in procedure_rows
    }

    # Dossiers per day: busier on working days, by season, growing over the two years.
    weights = []
    for i in range(span):
        day = start + timedelta(days=i)
        weights.append(
            (1.0 if calendar.working[i] else 0.10)
            * SEASON[day.month]
            * (1.0 + 0.3 * i / max(span, 1))
        )
    cumulative = list(accumulate(weights))
    total = cumulative[-1] if cumulative else 1.0
    per_day = []
    previous = 0
    for value in cumulative:
        upto = round(dossiers * value / total)
        per_day.append(upto - previous)
        previous = upto

    paths = {"dossiers": directory / "dossiers.csv"}
    if events:
        paths["events"] = directory / "events.csv"
    if ratings:
        paths["ratings"] = directory / "ratings.csv"
    files.update(paths)
    streams = {
        kind: path.open("w", encoding="utf-8", newline="", buffering=1 << 20)
        for kind, path in paths.items()
    }
    streams["dossiers"].write(",".join(DOSSIER_COLUMNS) + "\n")
    if events:
        streams["events"].write(",".join(EVENT_COLUMNS) + "\n")
    if ratings:
        streams["ratings"].write(",".join(RATING_COLUMNS) + "\n")

    dates, next_index, working = calendar.dates, calendar.next_index, calendar.working
    day_text, clock = calendar.day_text, _CLOCK

    def text(minute: int) -> str:
        day, rest = divmod(minute, DAY)
        return f"{day_text[day]}T{clock[rest]}"

    random_ = rng.random
    statuses, channels = summary.statuses, summary.channels
    sampled = Counter()
    dossier_lines: list[str] = []
    event_lines: list[str] = []
    rating_lines: list[str] = []
    late_count = 0
    event_count = rating_count = 0

    try:
        for i, count in enumerate(per_day):
            if not count:
                continue
            sequence = Counter()
            is_working = working[i]
            short = calendar.short[i]
            for _ in range(count):
                unit = pick_workday.pick(rng) if is_working else pick_dayoff.pick(rng)
                agency = unit["agency"]
                procedure = (unit["workday"] if is_working else unit["dayoff"]).pick(rng)
                if is_working:
                    channel_draw = random_()
                    shares = channel_table[procedure.code]
                    channel = (
                        "direct"
                        if channel_draw < shares[0]
                        else "online"
                        if channel_draw < shares[1]
                        else "postal"
                    )
                else:
                    channel = "online"
                if channel == "online":
                    minute = online_hour.pick(rng) * 60 + int(random_() * 60)
                else:
                    minute = _office_minute(rng)
                received = i * DAY + minute
                sequence[agency.code] += 1
                code = f"{unit['prefix']}{short}-{sequence[agency.code]:04d}"

                first = next_index[i] if is_working and minute < LATE_INTAKE else next_index[i + 1]
                days = procedure.processing_days
                due_index = first + days
                due = dates[due_index] * DAY + DUE_TIME

                draw = random_()
                late = closed = False
                if draw < CLOSED_SHARE:
                    closed = True
                    finish_index = first + int(random_() * (max(days // 2, 0) + 1))
                elif draw < CLOSED_SHARE + agency.late:
                    late = True
                    extra = rng.expovariate(1 / (2 + days * 0.3))
                    if random_() < 0.15:  # stuck: waiting on another agency for weeks
                        extra += 10 + int(random_() * 30)
                    finish_index = due_index + 1 + int(extra)
                elif days and random_() < agency.early:
                    finish_index = first + int((due_index - first) * random_() ** 0.7)
                else:
                    finish_index = due_index
                finished = dates[finish_index] * DAY + _office_minute(rng)
                if finished <= received:
                    finished = received + 15 + int(random_() * 105)

                four = (
                    "1"
                    if procedure.four_on_site and channel != "postal" and (random_() < 0.85)
                    else "0"
                )
                digits = (4, 4, 4, 5, 6, 6)[int(random_() * 6)]
                verifier = f"{int(random_() * (10**digits)):0{digits}d}"
                resolved_text = returned_text = return_channel = extended = ""
                apology = "0"
                returned = None
                if finished >= exported:  # not finished when the data was exported
                    elapsed = exported - received
                    if elapsed < DAY // 2 or (elapsed < 2 * DAY and random_() < 0.5):
                        status = "received"
                    elif random_() < 0.12:
                        status = "supplement"
                    else:
                        status = "processing"
                    if late and random_() < 0.3:
                        apology = "1"
                        extended = text(dates[finish_index + 2] * DAY + DUE_TIME)
                elif closed:
                    status = "rejected" if random_() < 0.6 else "withdrawn"
                    resolved_text = text(finished)
                else:
                    resolved_text = text(finished)
                    draw = random_()
                    if draw < 0.065 and procedure.postal:
                        return_channel = "postal"
                        returned = finished + DAY * (1 + int(random_() * 3)) + int(random_() * 240)
                    elif channel == "online" and procedure.online_level == "full" and draw < 0.7:
                        return_channel = "online"
                        returned = finished + 5 + int(random_() * 90)
                    else:
                        return_channel = "direct"
                        k = int(random_() * 4) if random_() < 0.8 else 4 + int(random_() * 10)
                        returned = dates[finish_index + k] * DAY + _office_minute(rng)
                        if returned <= finished:
                            returned = finished + 10 + int(random_() * 60)
                    if returned >= exported or random_() < 0.015:
                        status, returned, return_channel = "resolved", None, ""
                    else:
                        status = "returned"
                        returned_text = text(returned)
                    if late:
                        late_count += 1
                        if random_() < 0.6:
                            apology = "1"
                            extended_index = finish_index + int(random_() * 3)
                            extended = text(dates[extended_index] * DAY + DUE_TIME)
                received_text = text(received)
                dossier_lines.append(
                    f"{code},{procedure.code},{agency.code},{channel},{received_text},"
                    f"{text(due)},{resolved_text},{returned_text},{return_channel},{status},"
                    f"{four},{verifier},{extended},{apology}\n"
                )
                statuses[status] += 1
                channels[channel] += 1
                kind = status if resolved_text or due >= exported else "overdue"
                if apology == "1" and not resolved_text:
                    kind = "apology"  # open, with a letter of apology and a new date
                if sampled[kind] < 3:
                    sampled[kind] += 1
                    summary.samples.append(
                        {
                            "code": code,
                            "verifier": verifier,
                            "status": status,
                            "overdue": kind == "overdue",
                            "apology": apology == "1",
                            "due_at": text(due),
                            "agency_code": agency.code,
                            "procedure_code": procedure.code,
                            "received_at": received_text,
                            "resolved_at": resolved_text or None,
                        }
                    )

                if events:
                    steps = [("received", received)]
                    if status != "received":
                        limit = (finished if status in FINISHED_STATUSES else exported) - received
                        transferred = received + max(1, min(10 + int(random_() * 240), limit // 3))
                        steps.append(("transferred", transferred))
                        if status == "supplement":
                            asked = transferred + (exported - transferred) // 3
                            steps.append(("supplement", asked))
                        elif status in ("rejected", "withdrawn"):
                            steps.append((status, finished))
                        elif status == "processing":
                            if random_() < 0.6:
                                steps.append(("appraised", (transferred + exported) // 2))
                        else:
                            steps.append(("appraised", (transferred * 2 + finished * 3) // 5))
                            steps.append(("approved", finished))
                            if returned is not None:
                                steps.append(("returned", returned))
                    if apology == "1":
                        # Sent the working day before the original due date, when the delay
                        # shows: between the receipt and the export like every step.
                        letter = min(max(due - DAY, received + 1), exported - 1)
                        steps.append(("apology", letter))
                        steps.sort(key=itemgetter(1))
                    previous_at = -1
                    for step, at in steps:
                        if at <= previous_at:
                            at = previous_at + 1
                        previous_at = at
                        vi, en = STEPS[step]
                        event_lines.append(f"{code},{text(at)},{vi},{en},{agency.code}\n")
                    event_count += len(steps)

                if ratings and status in ("resolved", "returned"):
                    if random_() < RATED_SHARE:
                        rated = (returned or finished) + 5 + int(random_() * (3 * DAY))
                        if rated < exported:
                            draw = random_()
                            if late:
                                score = (
                                    "unsatisfied"
                                    if draw < 0.15
                                    else "satisfied"
                                    if draw < 0.4
                                    else "very_satisfied"
                                )
                            else:
                                score = (
                                    "unsatisfied"
                                    if draw < 0.01
                                    else "satisfied"
                                    if draw < 0.08
                                    else "very_satisfied"
                                )
                            rating_lines.append(f"{code},{text(rated)},{score}\n")
                            rating_count += 1

            streams["dossiers"].write("".join(dossier_lines))
            dossier_lines.clear()
            if events:
                streams["events"].write("".join(event_lines))
                event_lines.clear()
            if ratings:
                streams["ratings"].write("".join(rating_lines))
                rating_lines.clear()
    finally:
        for stream in streams.values():
            stream.close()

    summary.dossiers = sum(statuses.values())
    summary.events, summary.ratings, summary.late = event_count, rating_count, late_count
    return files
