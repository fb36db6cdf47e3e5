"""Public catalogue pages: search with filters, and one procedure."""

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup, escape
from werkzeug.routing import PathConverter

from .. import clock
from ..agencies.units import handover, load_units
from ..dossiers.queries import procedure_timing
from ..extensions import db
from ..http_cache import shared
from ..i18n import LANG_RULE, page_lang, page_parameters
from ..kept_answers import each_time, keep
from ..text import loggable_words
from . import attachments, changes, queries, rendered, searchlog
from .forms import choices
from .schema import government_service, online_filing_url

bp = Blueprint("catalogue", __name__, url_prefix=f"/{LANG_RULE}/procedures")


def page_number(value: str | None) -> int:
    """Read a page number; anything that is not a positive number means the first page."""
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


@bp.get("")
@keep
def index():
    """Search and filter the procedure catalogue (today's units unless active=all)."""
    today = clock.today()
    active_on = None if request.args.get("active") == "all" else today
    filters = queries.Filters.clean(
        request.args.get("q"),
        request.args.get("agency"),
        request.args.get("level"),
        request.args.get("online"),
        active_on=active_on,
    )
    page = page_number(request.args.get("page"))
    content, total = search_content(filters, page, today)
    # Counted on every request, also when the page was rendered before.
    if filters.q and page == 1:
        each_time(searchlog.record_search, filters.q, total, today)
    return render_template("catalogue/index.html", filters=filters, content=Markup(content))


def search_content(filters: queries.Filters, page: int, today: date) -> tuple[str, int]:
    """The search page's content and result count, rendered once per catalogue version,
    language, filters, page and day (the staff's edits and imports move the version)."""
    state = queries.search_state()
    language = str(get_locale())
    parameters = tuple(sorted((k, tuple(v)) for k, v in page_parameters().items()))
    key = (language, filters.key(), page, parameters, today)
    kept = state.page(key)
    if kept is not None:
        return kept
    per_page = current_app.config["PER_PAGE"]
    found = queries.search_page(filters, page, per_page, state=state, lines=True)
    html = render_template(
        "catalogue/_search.html",
        filters=filters,
        search_form=search_form(filters, language, state),
        # Result links carry the query so that opening one counts (no cookie, no script).
        results=result_lines(found.items, loggable_words(filters.q) or None, today),
        total=found.total,
        page=found.page,
        last_page=max(1, -(-found.total // per_page)),
        reading=found.reading,
        suggestions=queries.most_used(state=state) if filters.q and not found.total else [],
    )
    state.keep_page(key, html, found.total)
    return html, found.total


# Stands in for the query in the kept search form (letters and digits: never escaped).
_QUERY_MARK = "0kept0search0query0mark0"


def search_form(filters: queries.Filters, language: str, state: queries.SearchState) -> Markup:
    """The search page's heading and form (catalogue/_search_form.html), the same for every
    query with the same filters: kept rendered per language and filters while the catalogue
    stays the same, with a mark where the query goes, and each query put in escaped (the
    agency list alone is dozens of options)."""
    key = ("search form", language, filters.key()[1:])
    html = state.rendered_page(key)
    if html is None:
        html = render_template(
            "catalogue/_search_form.html",
            filters=replace(filters, q=_QUERY_MARK),
            agencies=queries.agency_options(filters.active_on, language, state),
            levels=choices("level"),
            online_levels=choices("online"),
        )
        state.keep_rendered(key, html)
    # The query's field comes before anything else that could hold the mark.
    return Markup(html.replace(_QUERY_MARK, str(escape(filters.q)), 1))


class ResultLine(NamedTuple):
    """What one search result shows, read from its procedure once."""

    href: str
    name: str
    agency: str
    ended: bool
    processing_days: int
    online_level: str
    code: str


# Stands in for a procedure's code in the one link url_for builds per page.
_CODE_MARK = "0CODE0"


def result_lines(rows: list, searched: str | None, today: date) -> list[ResultLine]:
    """The results' lines in the page's language, from rows of queries.LINE_COLUMNS. The
    link is built once by url_for and each code put in with the quoting url_for's path
    converter gives it, not one url_for per result; the name columns are chosen once
    (English falls back to Vietnamese). The rows are unpacked in LINE_COLUMNS' order: read
    by name, their values cost 8 us a row (160 of the 190 us a page of lines took)."""
    if not rows:
        return []
    head, tail = url_for("catalogue.detail", code=_CODE_MARK, q=searched).split(_CODE_MARK, 1)
    quote = PathConverter(current_app.url_map).to_url
    english = page_lang() == "en"
    lines = []
    for _id, code, name_vi, name_en, days, online, agency_vi, agency_en, agency_to in rows:
        lines.append(
            ResultLine(
                f"{head}{quote(code)}{tail}",
                (english and name_en) or name_vi,
                (english and agency_en) or agency_vi,
                bool(agency_to and agency_to < today),
                days,
                online,
                code,
            )
        )
    return lines


@bp.get("/changes")
@keep
def changes_page():
    """List the changes to the public procedures, newest first (?procedure= for one)."""
    return rendered.kept(render_changes)


def render_changes() -> str:
    code = (request.args.get("procedure") or "").strip()[:64] or None
    results = db.paginate(
        changes.changes_query(code),
        page=page_number(request.args.get("page")),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
        count=True,
    )
    return render_template(
        "catalogue/changes.html",
        changes=results,
        code=code,
        field_labels=changes.FIELD_LABELS,
    )


@bp.get("/changes.atom")
@keep
def changes_feed():
    """The newest changes to the public procedures as an Atom feed."""
    return Response(rendered.kept(render_changes_feed), mimetype="application/atom+xml")


def render_changes_feed() -> str:
    newest = db.session.scalars(changes.changes_query().limit(50)).all()
    return render_template(
        "catalogue/changes.xml",
        changes=newest,
        field_labels=changes.FIELD_LABELS,
        feed_url=current_app.config["PUBLIC_URL"] + url_for("catalogue.changes_feed"),
        page_url=current_app.config["PUBLIC_URL"] + url_for("catalogue.changes_page"),
    )


@bp.get("/<path:code>")
@shared()
@keep
def detail(code: str):
    """Show everything a citizen needs to know before filing a procedure.

    Kept rendered per catalogue version and day (its real processing times and the units
    that handle it are the day's); an opened search result is counted on every request."""
    today = clock.today()
    # The online filing address is a setting the page shows: part of the key, as the day is.
    online = current_app.config.get("ONLINE_FILING_URL")
    html = rendered.kept(lambda: render_detail(code, today), today, online)
    if request.args.get("q"):
        each_time(searchlog.record_opened, request.args["q"][:200], today)
    return html


def render_detail(code: str, today: date) -> str:
    procedure = queries.get_procedure(code)
    if procedure is None:
        abort(404)
    return render_template(
        "catalogue/detail.html",
        procedure=procedure,
        json_ld=government_service(procedure),
        timing=procedure_timing(procedure.id, today),
        handover=handover(load_units(), procedure.agency.code, today),
        online_url=online_filing_url(procedure),
        forms=attachments.forms_of(procedure.id),
        type_label=attachments.type_label,
        last_changed=changes.last_change(procedure.id) or procedure.updated_at,
    )
