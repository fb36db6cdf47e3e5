"""Public statistics pages: the periods, a period's report, the late agencies and the feed."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock
from ..catalogue.queries import list_agencies
from ..extensions import db
from ..http_cache import shared
from ..i18n import LANG_RULE, level_label, localized
from ..kept_answers import keep
from ..links import absolute_url
from . import cache, pages, regroup, reports
from .explanations import explanations_for, last_change
from .feed import corrections as feed_corrections
from .feed import events as feed_events
from .periods import Period, parse_period
from .summary import period_name, summary_paragraph

bp = Blueprint("stats", __name__, url_prefix=f"/{LANG_RULE}")


class PageError(Exception):
    """A request answered with a message rather than figures (a bad or unpublished period)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@bp.errorhandler(PageError)
def page_error(error: PageError):
    return render_template(
        "stats/error.html", status=error.status, message=error.message
    ), error.status


def read_period(text: str) -> Period:
    """The period in the address, or a 400 that says how to write one."""
    try:
        return parse_period(text)
    except ValueError:
        raise PageError(
            400,
            _(
                "“%(period)s” is not a period. Write a month as 2022-07, a "
                "quarter as 2022-Q3, a year as 2022 or a range of months as "
                "2022-01..2022-09.",
                period=text[:40],
            ),
        ) from None


def read_level() -> str | None:
    level = request.args.get("level") or None
    if level and level not in pages.LEVELS:
        raise PageError(400, _("The level must be province, district or commune."))
    return level


def read_minimum() -> int:
    """The smallest number of resolved dossiers for an agency to be ranked (`min=`)."""
    text = request.args.get("min", "")
    if not text:
        return pages.DEFAULT_MIN_RESOLVED
    if not text.isdigit() or len(text) > 6:
        raise PageError(400, _("The minimum number of resolved dossiers must be a whole number."))
    return int(text)


def read_units() -> str:
    """How to count, from ``units=``: ``recorded`` (default) or ``current``; a 400 otherwise."""
    try:
        return regroup.check_units(request.args.get("units"))
    except ValueError:
        raise PageError(
            400,
            _(
                "Choose how to count the dossiers: “as the units were then” (units=recorded) "
                "or “as today’s units” (units=current)."
            ),
        ) from None


def figures_for(
    period, level=None, agency=None, units=None, *, required: bool = True
) -> dict | None:
    """A period's published figures; a 404 (or None) when one of its months is unpublished."""
    try:
        return reports.report(period, level=level, agency=agency, units=units)
    except reports.NotPublished:
        if not required:
            return None
        raise PageError(
            404,
            _("The figures for %(period)s have not been published.", period=period_name(period)),
        ) from None
    except reports.UnknownAgency:
        raise PageError(
            400, _("No agency has the code “%(code)s”.", code=(agency or "")[:64])
        ) from None


# The query parameters the pages understand, with their valid values (None: any).
PAGE_ARGS = {
    "level": pages.LEVELS,
    "agency": None,
    "sort": pages.SORT_KEYS,
    "dir": ("asc", "desc"),
    "min": None,
    "units": regroup.UNITS,
}


def cached(render, units: bool = False):
    """The page's HTML, rendered once per address until the next publication.

    Published figures are frozen, so a page is a function of its address (language, period,
    filters, sorting) and the publications; cache.memo forgets everything when anything
    is (re)published, checked by one small query. Only addresses made of the parameters the
    pages understand are kept, so made-up query strings cannot crowd the memory out; the
    page frame (base.html) is the same for every visitor. ``units``: the page also depends
    on today's units (the levels it offers, the units it counts by), kept until they change.
    """
    args = request.args
    for name in args:
        values = args.getlist(name)
        allowed = PAGE_ARGS.get(name, ())
        if len(values) > 1 or (allowed is not None and values[0] and values[0] not in allowed):
            return render()
    return cache.memo(("stats-page", request.full_path), render, units=units)


@bp.context_processor
def period_picker():
    """The published periods for the picker on every statistics page, looked up when shown."""

    def choices() -> list:
        return pages.period_choices(
            reports.published_months(), lambda label: period_name(parse_period(label))
        )

    return {"period_choices": choices}


@bp.get("/stats")
@shared(last_modified=lambda **_: last_change())
@keep
def index():
    """List the published periods, newest first, with the latest month's headline figures.

    The period picker's choice (`?period=`) leads to that period's page, counted the same way.
    """
    chosen = request.args.get("period")
    if chosen:
        period, units = read_period(chosen), read_units()
        kept = {"units": units} if units != regroup.DEFAULT_UNITS else {}
        return redirect(url_for("stats.period", period=period.label, **kept), code=303)
    return cached(render_index)


def render_index() -> str:
    months = reports.published_months()
    latest = None
    if months:
        period = parse_period(months[0]["period"])
        report = figures_for(period)
        latest = {
            "period": period,
            "report": report,
            "published_at": months[0]["published_at"],
            "summary": summary_paragraph(
                report,
                period,
                _("agencies across the province"),
                base=url_for("stats.period", period=period.label),
            ),
        }
    return render_template(
        "stats/index.html",
        groups=pages.year_groups(months),
        latest=latest,
        period_name=period_name,
        parse_period=parse_period,
    )


@bp.get("/stats/<period>", endpoint="period")
@shared(last_modified=lambda **_: last_change())
@keep
def period_page(period: str):
    """Show a period's published figures like the centre's monthly report."""
    period = read_period(period)
    level, units = read_level(), read_units()
    agency = (request.args.get("agency") or "").strip() or None
    return cached(lambda: render_period(period, level, agency, units), units=True)


def agency_names(period, report: dict, level, agency, units) -> dict[str, str]:
    """The agencies with figures in the period (the filter's choices), code → name."""
    everyone = report if not (level or agency) else figures_for(period, units=units)
    names = {row["code"]: localized(row, "name") for row in everyone["agencies"]}
    if agency and agency not in names:  # an agency with no figures in this period
        names.update(
            {
                a.code: localized(a, "name")
                for a in db.session.scalars(list_agencies())
                if a.code == agency
            }
        )
    return names


def subject_of(names: dict[str, str], level, agency) -> str:
    """Who did the work, in the summary's running text."""
    if agency:
        return names.get(agency, agency)
    if level:
        return _("%(level)s agencies", level=level_label(level).lower())
    return _("agencies across the province")


def render_period(period: Period, level: str | None, agency: str | None, units: str) -> str:
    report = figures_for(period, level, agency, units)
    agency = report["agency"]
    names = agency_names(period, report, level, agency, units)
    levels = pages.period_levels(period, level)
    filters = {k: v for k, v in (("level", level), ("agency", agency)) if v}
    if units != regroup.DEFAULT_UNITS:
        filters["units"] = units
    published_at = {m["period"]: m["published_at"] for m in reports.published_months()}
    by_level = []
    if not level and not agency:
        by_level = [(lv, figures_for(period, lv, units=units)) for lv in levels]
    rows, sort, direction = pages.sort_agencies(
        report["agencies"], request.args.get("sort"), request.args.get("dir"), names
    )

    def sort_url(key: str, direction: str) -> str:
        return (
            url_for("stats.period", period=period.label, sort=key, dir=direction, **filters)
            + "#agencies"
        )

    return render_template(
        "stats/period.html",
        period=period,
        report=report,
        level=level,
        levels=pages.level_choices(levels),
        agency=agency,
        units=units,
        units_choices=pages.units_choices(units),
        units_explained=pages.units_explained(units),
        filters=filters,
        names=names,
        title=period_name(period),
        summary=summary_paragraph(report, period, subject_of(names, level, agency)),
        sections=pages.sections(report),
        published_at=max(
            (published_at[m] for m in period.months if m in published_at), default=None
        ),
        by_level=by_level,
        level_chart=pages.level_chart(by_level) if by_level else None,
        channel_chart=pages.channel_chart(report),
        timeliness_chart=pages.timeliness_chart(report),
        rows=pages.agency_rows(rows, names),
        sort=sort,
        direction=direction,
        columns=pages.AGENCY_COLUMNS,
        sort_url=sort_url,
        corrections=corrections_of(report, names),
        query="?" + urlencode(filters) if filters else "",
        field_label=pages.field_label,
        period_name=period_name,
        parse_period=parse_period,
        agency_url=pages.agency_url,
        **history_of(period, report, level, agency, units),
    )


def corrections_of(report: dict, names: dict[str, str]) -> list[dict]:
    """The report's corrections, each with its lines ready to show."""
    return [
        dict(
            c,
            published_at=c["published_at"],
            lines=pages.correction_lines(c["changed"], names),
        )
        for c in report["corrections"]
    ]


def history_of(period, report: dict, level, agency, units) -> dict:
    """The comparisons with earlier periods and the twelve months' trend, for the template."""
    previous, year_ago = period.previous(), period.year_before()
    before = figures_for(previous, level, agency, units, required=False)
    last_year = figures_for(year_ago, level, agency, units, required=False)
    trend_months = pages.last_months(period.last_month)
    series = reports.monthly_series(trend_months, level, agency, units)
    return {
        "previous": previous if before else None,
        "year_ago": year_ago if last_year else None,
        "comparisons": pages.comparisons(report, before, last_year),
        "months": pages.month_figures(series),
        "trend": pages.trend_charts(series) if any(s["published"] for s in series) else None,
    }


def late_page(period: Period | None, level: str | None, minimum: int, units: str):
    """The late list of a period, each agency with its late rate over the last 12 months."""
    months = reports.published_months()
    if period is None:
        return render_template(
            "stats/late.html", period=None, months=months, period_name=period_name
        )
    try:
        data = reports.late_agencies(period, level=level, units=units)
    except reports.NotPublished:
        figures_for(period)  # raises the page's 404
    ranked, few = pages.split_by_volume(data["items"], minimum)
    maximum, lines = late_lines(period, level, units, data["items"])
    filters = {k: v for k, v in (("level", level), ("units", units)) if v and v != "recorded"}
    return render_template(
        "stats/late.html",
        period=period,
        level=level,
        levels=pages.level_choices(pages.period_levels(period, level)),
        units=units,
        units_choices=pages.units_choices(units),
        units_explained=pages.units_explained(units),
        filters=filters,
        query="?" + urlencode(filters) if filters else "",
        minimum=minimum,
        ranked=ranked,
        few=few,
        explanations=explanations_for(period.months),
        lines=lines,
        maximum=maximum,
        months=months,
        title=period_name(period),
        period_name=period_name,
        parse_period=parse_period,
        agency_url=pages.agency_url,
    )


def late_lines(period: Period, level: str | None, units: str, items: list[dict]):
    """Each listed agency's late rate over the 12 months to the period's end, on one scale.

    As today's units, a merged unit's line runs through the months of the units it took over.
    """
    history_months = pages.last_months(period.last_month)
    history = reports.late_series(history_months, level=level, units=units)
    rates = {
        item["code"]: [(m or {}).get("late_pct") for m in history.get(item["code"], [])]
        or [None] * len(history_months)
        for item in items
    }
    top = max([r for line in rates.values() for r in line if r is not None], default=0)
    maximum = max(10.0, -(-top // 10) * 10)  # one scale for every line, up to the next 10%
    lines = {
        item["code"]: pages.late_sparkline(
            item["code"], localized(item, "name"), history_months, rates[item["code"]], maximum
        )
        for item in items
    }
    return maximum, lines


@bp.get("/late-agencies")
@shared(last_modified=lambda **_: last_change())
@keep
def late_agencies():
    """List the agencies that resolved late or hold overdue dossiers, latest month first."""
    level, minimum, units = read_level(), read_minimum(), read_units()
    latest = reports.latest_published_month()
    period = parse_period(latest) if latest else None
    return cached(lambda: late_page(period, level, minimum, units), units=True)


@bp.get("/late-agencies/<period>")
@shared(last_modified=lambda **_: last_change())
@keep
def late_period(period: str):
    """List the late agencies of a given published period."""
    period, level = read_period(period), read_level()
    minimum, units = read_minimum(), read_units()
    return cached(lambda: late_page(period, level, minimum, units), units=True)


@bp.get("/stats/feed.atom")
@shared(last_modified=lambda **_: last_change())
@keep
def feed():
    """Announce each publication and correction as an Atom feed."""
    return Response(cached(render_feed), mimetype="application/atom+xml")


def render_feed(corrections_only: bool = False) -> str:
    entries = []
    for event in feed_events():
        if corrections_only and not event.correction:
            continue
        period = parse_period(event.month)
        url = absolute_url("stats.period", period=period.label)
        name = period_name(period)
        if event.correction:
            entries.append(
                {
                    "id": f"{url}#correction-{event.correction}",
                    "url": f"{url}#corrections",
                    "updated": event.at,
                    "title": _("Correction to the figures for %(period)s", period=name),
                    "summary": event.note or _("The figures were published again with new data."),
                }
            )
        else:
            entries.append(
                {
                    "id": f"{url}#published",
                    "url": url,
                    "updated": event.at,
                    "title": _("Figures published for %(period)s", period=name),
                    "summary": event.note
                    or _("The figures for %(period)s are published.", period=name),
                }
            )
    return render_template(
        "stats/feed.xml",
        corrections_only=corrections_only,
        entries=entries,
        updated=entries[0]["updated"] if entries else datetime(2000, 1, 1),
    )


@bp.get("/stats/corrections")
@shared(last_modified=lambda **_: last_change())
@keep
def corrections():
    """List every correction made to published figures, across all periods, newest first."""
    return cached(render_corrections)


def render_corrections() -> str:
    names = {a.code: localized(a, "name") for a in db.session.scalars(list_agencies())}
    items = [
        {
            "month": c.month,
            "period": parse_period(c.month),
            "published_at": c.published_at,
            "note": c.note,
            "lines": pages.correction_lines(c.changed, names),
        }
        for c in feed_corrections()
    ]
    return render_template("stats/corrections.html", items=items, period_name=period_name)


@bp.get("/stats/corrections.atom")
@shared(last_modified=lambda **_: last_change())
@keep
def corrections_feed():
    """Announce each correction, and only corrections, as an Atom feed."""
    return Response(
        cached(lambda: render_feed(corrections_only=True)), mimetype="application/atom+xml"
    )


@bp.app_template_filter("rfc3339")
def rfc3339(value: datetime) -> str:
    """A stored local time as an Atom date, with its offset (+07:00)."""
    return clock.with_zone(value.replace(microsecond=0)).isoformat()
