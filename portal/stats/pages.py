"""What the statistics pages show, assembled from the published figures: labels, sections,
sorting, comparisons, the list of periods and the charts. The figures themselves come from
portal.stats.reports; nothing here counts a dossier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request, url_for
from flask_babel import gettext as _

from ..agencies.units import load_units
from ..i18n import lazy_gettext as _l
from ..i18n import level_label, number, page_parameters, pct
from . import charts, figures, reports
from .periods import Period, month_before
from .regroup import DEFAULT_UNITS, UNITS
from .summary import anchor

CHANNELS = ("direct", "online", "postal")
SCORES = ("very_satisfied", "satisfied", "unsatisfied")
LEVELS = ("province", "district", "commune")

# Where a figure's name differs on the page from its name in portal.stats.figures.
PAGE_LABELS = {
    "late_pct": _l("Late rate"),
    "timely_pct": _l("Resolved early or on time"),
    "satisfied_pct": _l("Satisfied or very satisfied"),
}


# The two ways of counting (CONTRACT §5), as the pages offer them, and what each one means.
UNITS_LABELS = {
    "recorded": _l("As the units were then"),
    "current": _l("As today’s units"),
}
UNITS_EXPLAINED = {
    "recorded": _l(
        "Shown as the units were then: each dossier counts for the agency that received it, "
        "even if that agency has since merged or closed."
    ),
    "current": _l(
        "Shown as today’s units: each dossier counts for the unit that does its agency’s work "
        "today, so a merged unit’s figures include those of the units it took over. The totals "
        "are the same either way."
    ),
}


@dataclass
class UnitsChoice:
    """One way of counting offered on a page: its words, the address showing it, whether shown."""

    value: str
    label: str
    url: str
    shown: bool


def units_choices(units: str) -> list[UnitsChoice]:
    """Both ways of counting, each a link to this page counted that way, filters kept."""
    choices = []
    for value in UNITS:
        args = {k: v for k, v in page_parameters().items() if k != "units"}
        if value != DEFAULT_UNITS:
            args["units"] = value
        url = url_for(request.endpoint, **request.view_args, **args)
        choices.append(UnitsChoice(value, str(UNITS_LABELS[value]), url, value == units))
    return choices


def units_explained(units: str) -> str:
    return str(UNITS_EXPLAINED[units])


def agency_url(code: str) -> str:
    """The page of an agency, in the page's language."""
    return url_for("agencies.detail", code=code)


def period_levels(period: Period, selected: str | None = None) -> list[str]:
    """The levels of the agencies active at some time in the period, in the usual order.

    No district after June 2025: the districts were dissolved. A level asked for in the
    address stays offered, so the form shows what is shown.
    """
    existing = {
        unit.level
        for unit in load_units()
        if (unit.active_from is None or unit.active_from <= period.last_day)
        and (unit.active_to is None or unit.active_to >= period.start)
    }
    return [level for level in LEVELS if level in existing or level == selected]


@dataclass
class MonthFigures:
    """One published month's figures, ready to show in a month-by-month table
    (templates/components/figures.html: months_table)."""

    month: str
    received_new: int
    resolved: int
    late_pct: float | None
    timely_pct: float | None
    pending_overdue: int


def month_figures(series: list[dict]) -> list[MonthFigures]:
    """The published months of a monthly series (reports.monthly_series), in its order."""
    return [
        MonthFigures(
            s["month"],
            s["totals"]["received_new"],
            s["totals"]["resolved"],
            s["rates"]["late_pct"],
            s["rates"]["timely_pct"],
            s["totals"]["pending_overdue"],
        )
        for s in series
        if s["published"]
    ]


def unit_months(code: str) -> list[MonthFigures]:
    """A unit's figures in every published month with any, newest first, as today's units.

    A merged unit's months include those of the units it took over (``units=current``),
    from before it existed too: the history of its work, not of its name.
    """
    months = sorted(m["period"] for m in reports.published_months())
    series = reports.monthly_series(months, agency=code, units="current")
    return month_figures([s for s in reversed(series) if any(_counts(s["totals"]))])


def _counts(totals: dict):
    for value in totals.values():
        yield from _counts(value) if isinstance(value, dict) else (value,)


def level_choices(levels: list[str]) -> list[tuple[str, str]]:
    """(value, text) pairs for a level filter offering these levels."""
    return [(level, level_label(level)) for level in levels]


def field_label(name: str) -> str:
    """A figure's name in the page's language; the key itself when it names no figure."""
    if name in PAGE_LABELS:
        return str(PAGE_LABELS[name])
    if name in figures.BY_KEY:
        return figures.label(name)
    return name


# The share shown beside each count, and the rate that is the count's own.
SHARES = {
    "received_by_channel.direct": "direct_pct",
    "received_by_channel.online": "online_pct",
    "received_by_channel.postal": "postal_pct",
    "resolved_early": "early_pct",
    "resolved_on_time": "on_time_pct",
    "resolved_late": "late_pct",
    "returned_by_postal": "postal_return_pct",
}
RATES = {"timely_pct", "satisfied_pct", "late_pct"}

SECTIONS = (
    (
        "received",
        _l("Received"),
        (
            "received_new",
            "carried_over",
            "received_by_channel.direct",
            "received_by_channel.online",
            "received_by_channel.postal",
            "four_on_site",
        ),
    ),
    (
        "resolved",
        _l("Resolved"),
        (
            "resolved",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "timely_pct",
            "returned_by_postal",
            "closed_without_result",
            "time_saved_hours",
            "working_hours_saved",
        ),
    ),
    ("pending", _l("Still being processed"), ("pending", "pending_overdue")),
    (
        "satisfaction",
        _l("Satisfaction"),
        ("ratings.very_satisfied", "ratings.satisfied", "ratings.unsatisfied", "satisfied_pct"),
    ),
)

# Columns of the agency table: (key, label, is a number); the first two sort as text.
AGENCY_COLUMNS = (
    ("name", _l("Agency"), False),
    ("level", _l("Level"), False),
    ("received_new", _l("Received (new)"), True),
    ("resolved", _l("Resolved"), True),
    ("resolved_late", _l("Resolved late"), True),
    ("late_pct", _l("Late rate"), True),
    ("timely_pct", _l("Early or on time"), True),
    ("pending", _l("Pending"), True),
    ("pending_overdue", _l("Pending and overdue"), True),
    ("satisfied_pct", _l("Satisfied"), True),
)
SORT_KEYS = {key for key, _label, _num in AGENCY_COLUMNS}

COMPARED = (
    "received_new",
    "resolved",
    "timely_pct",
    "resolved_late",
    "late_pct",
    "pending",
    "pending_overdue",
    "satisfied_pct",
)


def change_value(name: str, value) -> str:
    """An old or new value of a corrected figure, formatted for its kind."""
    if value is None:
        return "–"
    if name.endswith(".level"):
        return level_label(value)
    if isinstance(value, str):
        return value
    return pct(value) if name.endswith("_pct") else number(value)


@dataclass
class Change:
    """One line of a correction: what changed (a figure, or an agency's figure), old, new."""

    what: str
    old: str
    new: str


def correction_lines(changed: dict, names: dict[str, str]) -> list[Change]:
    """A correction's changes, the centre's totals first, then agency by agency."""
    lines = []
    for key, (old, new) in changed.items():
        if key.startswith("agencies."):
            rest = key[len("agencies.") :]
            # Agency codes may hold dots too: split off the longest known field name.
            name = max(
                (k for k in figures.FIELD_KEYS + ("level", "name_vi") if rest.endswith("." + k)),
                key=len,
                default="",
            )
            code = rest[: -len(name) - 1] if name else rest
            label = {"level": str(_l("Level")), "name_vi": str(_l("Name"))}.get(
                name
            ) or field_label(name)
            what = f"{names.get(code, code)}: {label}"
        else:
            what = field_label(key)
        lines.append(Change(what, change_value(key, old), change_value(key, new)))
    return lines


def value_of(data: dict, field_name: str):
    """A figure from a report's totals, rates or agency row: 'received_by_channel.direct' too."""
    value = data
    for part in field_name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


@dataclass
class Entry:
    """One figure as the page shows it: label, value, its share, definition and anchor."""

    field: str
    label: str
    value: object
    is_rate: bool
    share: float | None
    definition: str
    anchor: str


def sections(report: dict) -> list[tuple[str, str, list[Entry]]]:
    """The report's figures in the order of the centres' monthly reports, each with its
    definition beside it."""
    totals, rates = report["totals"], report["rates"]
    result = []
    for key, title, fields in SECTIONS:
        entries = []
        for name in fields:
            is_rate = name in RATES
            value = rates.get(name) if is_rate else value_of(totals, name)
            share = rates.get(SHARES[name]) if name in SHARES else None
            text = figures.definition(name)
            if name in SHARES:
                text += " " + figures.definition(SHARES[name])
            entries.append(
                Entry(name, field_label(name), value, is_rate, share, text, anchor(name))
            )
        result.append((key, str(title), entries))
    return result


def sort_agencies(
    rows: list[dict], sort: str | None, direction: str | None, names: dict[str, str]
) -> tuple[list[dict], str | None, str]:
    """Order the agency rows by a column; unknown columns keep the report's order.

    Rows without a value (a rate with nothing to divide) go last either way.
    """
    direction = "asc" if direction == "asc" else "desc"
    if sort not in SORT_KEYS:
        return rows, None, direction
    if sort == "name":

        def key(row):
            return names.get(row["code"], row["name_vi"]).casefold()

    elif sort == "level":

        def key(row):
            return (LEVELS.index(row["level"]) if row["level"] in LEVELS else 9, row["code"])

    else:

        def key(row):
            return value_of(row, sort)

    known = [row for row in rows if key(row) is not None]
    unknown = [row for row in rows if key(row) is None]
    known.sort(key=key, reverse=direction == "desc")
    return known + unknown, sort, direction


@dataclass
class AgencyRow:
    """One line of the agency table, every cell already formatted for the page's language."""

    code: str
    name: str
    level: str
    cells: list[str]


def agency_rows(rows: list[dict], names: dict[str, str]) -> list[AgencyRow]:
    """The agency table's lines, in the order of rows (a table of a province's agencies is
    long: formatting here is much quicker than in the template)."""
    levels = {level: level_label(level) for level in LEVELS}
    keys = [key for key, _label, _num in AGENCY_COLUMNS[2:]]
    return [
        AgencyRow(
            row["code"],
            names.get(row["code"], row["name_vi"]),
            levels.get(row["level"], row["level"]),
            [
                pct(value_of(row, key)) if key.endswith("_pct") else number(value_of(row, key))
                for key in keys
            ],
        )
        for row in rows
    ]


def last_months(month: str, count: int = 12) -> list[str]:
    """The `count` months ending with `month`, oldest first."""
    months = [month]
    while len(months) < count:
        months.insert(0, month_before(months[0]))
    return months


@dataclass
class Comparison:
    """A figure now, in the previous period and a year before, with the changes."""

    field: str
    label: str
    is_rate: bool
    now: object
    before: object = None
    year_ago: object = None
    change_before: str = ""
    change_year: str = ""


def comparisons(report: dict, previous: dict | None, year_ago: dict | None) -> list[Comparison]:
    """The key figures beside the previous period's and the same period's a year before."""
    rows = []
    for name in COMPARED:
        is_rate = name in RATES

        def get(data, name=name, is_rate=is_rate):
            if data is None:
                return None
            return data["rates"].get(name) if is_rate else value_of(data["totals"], name)

        now = get(report)
        row = Comparison(name, field_label(name), is_rate, now, get(previous), get(year_ago))
        row.change_before = change(now, row.before, is_rate)
        row.change_year = change(now, row.year_ago, is_rate)
        rows.append(row)
    return rows


def change(now, before, is_rate: bool) -> str:
    """The difference, signed: +1.234 dossiers, or +1,20 percentage points for a rate."""
    if now is None or before is None:
        return "–"
    diff = now - before
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    if is_rate:
        return _("%(sign)s%(value)s points", sign=sign, value=pct(abs(diff)).rstrip("%"))
    return f"{sign}{number(abs(diff))}"


@dataclass
class YearGroup:
    """A year of published months, with the year and its quarters when they are complete."""

    year: str
    complete: bool
    quarters: list[str] = field(default_factory=list)
    months: list[dict] = field(default_factory=list)


def year_groups(published: list[dict]) -> list[YearGroup]:
    """Published months by year, newest first, with the complete quarters and years."""
    done = {item["period"] for item in published}
    groups: dict[str, YearGroup] = {}
    for item in sorted(published, key=lambda i: i["period"], reverse=True):
        year = item["period"][:4]
        group = groups.setdefault(year, YearGroup(year, False))
        group.months.append(item)
    for year, group in groups.items():
        group.complete = all(f"{year}-{m:02d}" in done for m in range(1, 13))
        group.quarters = [
            f"{year}-Q{q}"
            for q in (4, 3, 2, 1)
            if all(f"{year}-{m:02d}" in done for m in range(3 * q - 2, 3 * q + 1))
        ]
    return list(groups.values())


def period_choices(published: list[dict], name_of) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods a reader can pick, grouped: months, quarters, whole years, years so far.

    A year not yet complete is offered from its January to its latest published month
    (2026-01..2026-10) when every month in between is published.
    """
    groups = year_groups(published)
    done = {item["period"] for item in published}
    so_far = []
    for group in groups:
        last = group.months[0]["period"] if group.months else None
        months_so_far = [f"{group.year}-{m:02d}" for m in range(1, int(last[5:]) + 1)]
        if not group.complete and len(months_so_far) > 1 and set(months_so_far) <= done:
            so_far.append(f"{group.year}-01..{last}")
    options = [
        (_("Months"), [item["period"] for g in groups for item in g.months]),
        (_("Quarters"), [q for g in groups for q in g.quarters]),
        (_("Years"), [g.year for g in groups if g.complete]),
        (_("Year to date"), so_far),
    ]
    return [(label, [(v, name_of(v)) for v in values]) for label, values in options if values]


# Charts: each drawn from the same numbers as the table shown beside it.


def channel_chart(report: dict) -> str:
    """Where new dossiers came in: the share of each channel."""
    rates, totals = report["rates"], report["totals"]
    bars = [
        charts.Bar(
            field_label(f"received_by_channel.{c}"),
            rates.get(f"{c}_pct"),
            _(
                "%(pct)s (%(count)s)",
                pct=pct(rates.get(f"{c}_pct")),
                count=number(value_of(totals, f"received_by_channel.{c}")),
            ),
        )
        for c in CHANNELS
    ]
    return charts.bar_chart(
        "chart-channels",
        _("New dossiers by channel"),
        _("Share of new dossiers received in person, online and by post."),
        [(None, bars)],
        maximum=100,
    )


TIMELINESS = (
    ("resolved_early", "early_pct", "primary"),
    ("resolved_on_time", "on_time_pct", "ok"),
    ("resolved_late", "late_pct", "late"),
)


def _timeliness_bars(data: dict) -> list[charts.Bar]:
    rates, totals = data["rates"], data["totals"]
    return [
        charts.Bar(
            field_label(count),
            rates.get(rate),
            _(
                "%(pct)s (%(count)s)",
                pct=pct(rates.get(rate)),
                count=number(value_of(totals, count)),
            ),
            tone,
        )
        for count, rate, tone in TIMELINESS
    ]


def timeliness_chart(report: dict) -> str:
    """How resolved dossiers stood against their due dates."""
    return charts.bar_chart(
        "chart-timeliness",
        _("Resolved dossiers against their due date"),
        _("Share of resolved dossiers resolved early, on time and late."),
        [(None, _timeliness_bars(report))],
        maximum=100,
    )


def level_chart(by_level: list[tuple[str, dict]]) -> str:
    """Timeliness at each level of government."""
    groups = [(level_label(level), _timeliness_bars(data)) for level, data in by_level]
    return charts.bar_chart(
        "chart-levels",
        _("Resolved dossiers against their due date, by level"),
        _(
            "For each level of government in the period: share of resolved dossiers "
            "resolved early, on time and late."
        ),
        groups,
        maximum=100,
    )


def month_label(month: str) -> str:
    """A month on a chart axis: 07/2022 (never a two-digit year)."""
    return f"{month[5:7]}/{month[:4]}"


def trend_charts(series: list[dict]) -> list[tuple[str, str | None]]:
    """Twelve months of volume, then each rate on an axis fitted to it: (chart, axis) pairs."""
    volume = [
        charts.Point(
            month_label(s["month"]),
            (value_of(s["totals"] or {}, "received_new"), value_of(s["totals"] or {}, "resolved")),
        )
        for s in series
    ]
    top = max([v for p in volume for v in p.values if v is not None], default=0)
    ticks = [(t, number(t)) for t in charts.nice_ticks(top)]
    volume_svg = charts.column_chart(
        "chart-trend-volume",
        _("Dossiers received and resolved per month"),
        _(
            "Columns for each of the last twelve published months: new dossiers received "
            "(filled) and dossiers resolved (outlined)."
        ),
        volume,
        [(field_label("received_new"), "primary"), (field_label("resolved"), "neutral")],
        ticks,
    )
    return [(volume_svg, None)] + [
        rate_trend(series, *spec)
        for spec in (
            ("chart-trend-timely", "timely_pct", "ok", _("Resolved early or on time per month")),
            ("chart-trend-late", "late_pct", "late", _("Resolved late per month")),
        )
    ]


def rate_trend(series: list[dict], chart_id: str, rate: str, tone: str, title: str):
    """One rate's line over the months, its axis fitted to the values so a change shows.

    Returns the chart and the sentence that states the axis (it rarely starts at zero).
    """
    values = [(s["rates"] or {}).get(rate) for s in series]
    ticks = charts.rate_ticks([v for v in values if v is not None])
    points = [
        charts.Point(month_label(s["month"]), (v,)) for s, v in zip(series, values, strict=True)
    ]
    low, high = pct(ticks[0]), pct(ticks[-1])
    axis = _("The axis runs from %(low)s to %(high)s.", low=low, high=high)
    svg = charts.line_chart(
        chart_id,
        title,
        _("A line over the last twelve published months.") + " " + axis,
        points,
        [(field_label(rate), tone)],
        [(t, pct(t)) for t in ticks],
    )
    return svg, axis


# Below this many resolved dossiers a late rate swings on one or two dossiers: such agencies
# are listed apart, not ranked against agencies that resolved hundreds.
DEFAULT_MIN_RESOLVED = 20


def split_by_volume(items: list[dict], minimum: int) -> tuple[list[dict], list[dict]]:
    """The late list's agencies with at least `minimum` resolved dossiers, and the others.

    Both keep the contract's order (late rate, then late dossiers, then code).
    """
    ranked = [item for item in items if item["resolved"] >= minimum]
    few = [item for item in items if item["resolved"] < minimum]
    return ranked, few


def late_sparkline(
    code: str, name: str, months: list[str], rates: list[float | None], maximum: float
) -> str:
    """An agency's late rate month by month, with the same words for those who cannot see it."""
    none = _("no figures")
    words = "; ".join(
        f"{month_label(m)}: {none if r is None else pct(r)}"
        for m, r in zip(months, rates, strict=True)
    )
    return charts.sparkline(
        f"spark-{code}",
        _("Late rate of %(agency)s, last 12 months", agency=name),
        words,
        rates,
        maximum,
    )
