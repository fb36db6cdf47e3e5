"""Locale from the URL (/vi/..., /en/...) and the Babel formatting filters every page uses."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Flask, current_app, g, request, url_for
from flask_babel import (
    format_decimal,
    get_locale,
    get_translations,
)
from flask_babel import gettext as _
from flask_babel import gettext as flask_gettext
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup

LANG_RULE = "<any(vi, en):lang>"


def select_locale() -> str:
    """Pick the page's locale: the URL's, else the browser's preference, else Vietnamese."""
    lang = g.get("lang")
    if lang:
        return lang
    # An address that matched no page still says its language: /en/no-such-page is English.
    prefix = request.path.split("/")[1] if request.path.count("/") >= 2 else ""
    if prefix in ("vi", "en"):
        g.lang = prefix
        return prefix
    return preferred_language()


def preferred_language() -> str:
    """Return the visitor's language: English only when the browser prefers it to Vietnamese."""
    return request.accept_languages.best_match(["vi", "en"], default="vi") or "vi"


def round_half_up(value: float | Decimal, places: int = 2) -> Decimal:
    """Round the way the published reports do (0.125 → 0.13), not banker's rounding."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8)
def _symbols(locale_name: str) -> dict[int, str]:
    """Babel's group and decimal symbols for a locale, as a str.translate table."""
    locale = Locale.parse(locale_name)
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})


def page_lang() -> str:
    """The page's language code, read once per call without Babel's lookups."""
    return g.get("lang") or select_locale()


def number(value) -> str:
    """Format an integer for the page's locale: 16.903 (vi), 16,903 (en).

    Whole numbers take a fast path with Babel's own symbols (a results page formats dozens);
    tests check it against babel.numbers.format_decimal.
    """
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".translate(_symbols(page_lang()))
    return format_decimal(value, format="#,##0")


def working_days(days: int | None) -> Markup:
    """The text "12 working days" in the page's language, as a template's ngettext writes it
    (marked safe, the number formatted): a results page shows one per line, a look-up
    several."""
    return _working_days(days, page_lang())


@lru_cache(maxsize=1024)
def _working_days(days: int | None, lang: str) -> Markup:
    """working_days' text in one language, remembered: the same few limits come back."""
    text = get_translations().ungettext("%(num)s working day", "%(num)s working days", days)
    return Markup(text) % {"num": number(days)}


def pct(value) -> str:
    """Format a percentage with two decimals: 75,84% (vi), 75.84% (en); a dash for no value."""
    if value is None:
        return "–"
    return f"{round_half_up(value):,.2f}".translate(_symbols(page_lang())) + "%"


def decimal1(value) -> str:
    """Format a number with one decimal place for the page's locale."""
    if value is None:
        return "–"
    return format_decimal(round_half_up(value, 1), format="#,##0.0")


DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMMM yyyy"}
LONG_DATE_PATTERNS = {"vi": "'ngày' d 'tháng' M 'năm' yyyy", "en": "d MMMM yyyy"}
TIME_PATTERN = "HH:mm"


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@lru_cache(maxsize=4096)
def _formatted(value: date, pattern: str, locale: Locale | None) -> str:
    """Babel's formatting of a date, remembered: what Flask-Babel's format_date gives for a
    pattern (it adds only the locale look-up), and the same days come up on every page."""
    return babel_format_date(value, pattern, locale=locale)


def day(value: date | datetime | None) -> str:
    """A calendar date as the page's readers write it: 16/10/2026 (vi), 16 October 2026 (en)."""
    if value is None:
        return "–"
    return _formatted(_as_date(value), DATE_PATTERNS[page_lang()], get_locale())


def long_day(value: date | datetime | None) -> str:
    """A date for prose: ngày 16 tháng 10 năm 2026 (vi), 16 October 2026 (en)."""
    if value is None:
        return "–"
    return _formatted(_as_date(value), LONG_DATE_PATTERNS[page_lang()], get_locale())


def moment(value: datetime | None, zone: bool = False) -> str:
    """A local time (stored naive, Asia/Ho_Chi_Minh): 08:19, 02/10/2026 or 2 October 2026, 08:19.

    With zone=True the time says which clock it is on ("giờ Việt Nam" / "Vietnam time"),
    for pages read from abroad or beside UTC times (feeds, the API).
    """
    if value is None:
        return "–"
    text = _moment(value, page_lang(), get_locale())
    if zone:
        text += " " + _("(Vietnam time, UTC+7)")
    return text


@lru_cache(maxsize=4096)
def _moment(value: datetime, lang: str, locale: Locale | None) -> str:
    """A moment's text, remembered: a result page shows several, and the same come back."""
    clock = value.strftime("%H:%M")
    on = _formatted(_as_date(value), DATE_PATTERNS[lang], locale)
    return f"{clock}, {on}" if lang == "vi" else f"{on}, {clock}"


def localized(obj, field: str) -> str:
    """Return obj.field_en on English pages when present, else the Vietnamese field."""
    if page_lang() == "en":
        english = (
            getattr(obj, f"{field}_en", None)
            if not isinstance(obj, dict)
            else obj.get(f"{field}_en")
        )
        if english:
            return english
    return obj[f"{field}_vi"] if isinstance(obj, dict) else getattr(obj, f"{field}_vi")


# The query parameters the public pages read. The language switch carries these and nothing
# else: a made-up name (endpoint, _method, _scheme, lang ...) must never reach url_for.
PAGE_PARAMETERS = (
    "q",
    "agency",
    "level",
    "online",
    "page",
    "code",
    "period",
    "sort",
    "dir",
    "units",
    "active",
    "min",
)


def page_parameters() -> dict[str, list[str]]:
    """The request's query parameters that pages read, safe to pass on to url_for."""
    args = request.args  # read once: each use of `request` looks up the request anew
    if not args:  # most addresses: nothing to look through
        return {}
    taken = request.view_args or {}
    return {
        name: args.getlist(name) for name in PAGE_PARAMETERS if name in args and name not in taken
    }


# Stands in for the page number in the one address a pagination builds (page_address).
_PAGE_MARK = "0page0number0mark0"


def page_address(endpoint: str, args: dict) -> Callable[[int], str]:
    """The address of page n of a list, url_for(endpoint, **dict(args, page=n)), built by one
    url_for with a mark for the number instead of one per link (a pagination shows up to
    seven). Arguments that hold the mark themselves get one url_for per page."""
    marked = url_for(endpoint, **dict(args, page=_PAGE_MARK))
    if marked.count(_PAGE_MARK) != 1:
        return lambda n: url_for(endpoint, **dict(args, page=n))
    head, tail = marked.split(_PAGE_MARK)
    return lambda n: f"{head}{n}{tail}"


def switch_language_url(lang: str) -> str:
    """Return the current page's address in another language, keeping its own filters."""
    endpoint = request.endpoint
    if not endpoint or request.url_rule is None or "lang" not in request.url_rule.arguments:
        return url_for("main.home", lang=lang)
    return url_for(endpoint, **{**(request.view_args or {}), **page_parameters(), "lang": lang})


def centre_name() -> str:
    """The centre's configured name in the page's language."""
    key = "CENTRE_NAME_EN" if str(get_locale()) == "en" else "CENTRE_NAME_VI"
    return current_app.config[key]


MENU = (
    ("catalogue.index", lambda: _("Procedures")),
    ("dossiers.lookup", lambda: _("Track a dossier")),
    ("stats.index", lambda: _("Statistics")),
    ("stats.late_agencies", lambda: _("Late agencies")),
)


def main_menu() -> list[tuple[str, str]]:
    """The main navigation: only the features this instance serves."""
    endpoints = current_app.view_functions
    return [(endpoint, label()) for endpoint, label in MENU if endpoint in endpoints]


LATE_PAGES = ("stats.late_agencies", "stats.late_period")


def menu_current(endpoint: str) -> bool:
    """Whether the page belongs to a menu entry: its feature, the late list apart from stats."""
    here = request.endpoint or ""
    if endpoint in LATE_PAGES:
        return here in LATE_PAGES
    return here.split(".")[0] == endpoint.split(".")[0] and here not in LATE_PAGES


LEVEL_LABELS = {
    "province": lambda: _("Province"),
    "district": lambda: _("District"),
    "commune": lambda: _("Commune"),
}


def level_label(level: str | None) -> str:
    """An agency level in the page's language."""
    return LEVEL_LABELS[level]() if level in LEVEL_LABELS else _("All levels")


def level_options() -> list[tuple[str, str]]:
    """The three agency levels as (value, text) pairs for a level filter."""
    return [(level, label()) for level, label in LEVEL_LABELS.items()]


def paragraphs(value: str | None) -> Markup:
    """Show multi-line catalogue text: one paragraph per line, escaped."""
    if not value:
        return Markup("")
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(line) for line in lines)


_gettext_cache: dict[tuple[str, str], str] = {}


def _cached_gettext(string: str) -> str:
    # A message's translation never changes while the process runs: look it up once per
    # language instead of walking Flask-Babel's context on every call of every render.
    key = (page_lang(), string)
    found = _gettext_cache.get(key)
    if found is None:
        found = _gettext_cache[key] = get_translations().ugettext(string)
    return found


@pass_eval_context
def _template_gettext(eval_context, string: str, /, **variables) -> str:
    """Jinja's newstyle gettext (jinja2.ext._make_new_gettext) over _cached_gettext: marked
    safe under autoescape, and always formatted with the variables, even none."""
    if eval_context.autoescape and not variables:  # most calls: a label, a heading
        return _shown_markup(string)
    found = _cached_gettext(string)
    if eval_context.autoescape:
        found = Markup(found)
    return found % variables


_markup_cache: dict[tuple[str, str], Markup] = {}


def _shown_markup(string: str) -> Markup:
    """A message without variables as an autoescaped page shows it (marked safe, formatted
    with no variables: "%%" is written "%"), made once per language instead of per call."""
    key = (page_lang(), string)
    found = _markup_cache.get(key)
    if found is None:
        found = _markup_cache[key] = Markup(_cached_gettext(string)) % {}
    return found


def _cached_ngettext(singular: str, plural: str, n: int) -> str:
    key = (page_lang(), singular if n == 1 else plural, n == 1)
    found = _gettext_cache.get(key)
    if found is None:
        found = _gettext_cache[key] = get_translations().ungettext(singular, plural, n)
    return found


_lazy_cache: dict[tuple, str] = {}


def _lazy_translate(string: str, **variables) -> str:
    """Translate a lazy string in the locale Babel uses now (the page's, or the one
    force_locale sets), looked up once per process: a statistics page shows hundreds of
    lazily translated labels, and each of Flask-Babel's look-ups walks its context anew."""
    try:
        context = g.get("_flask_babel")
    except RuntimeError:  # outside an application: Babel's own answer (no translation)
        context = None
    locale = getattr(context, "babel_locale", None)
    if locale is None:  # the request's first translation: Babel settles its locale
        return flask_gettext(string, **variables)
    key = (locale.language, locale.territory, string)
    found = _lazy_cache.get(key)
    if found is None:
        found = _lazy_cache[key] = flask_gettext(string)
    return found % variables if variables else found


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's lazy_gettext, translated through a per-process table (same strings)."""
    return LazyString(_lazy_translate, string, **variables)


def init_app(app: Flask) -> None:
    """Pull the locale out of URLs, put it back into generated ones, register the filters."""

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            g.lang = values.pop("lang")

    # Whether an endpoint's address has a language, looked up once per endpoint: url_for runs
    # this for every link of every page, and the URL map's own look-up walks all its rules.
    expects_lang: dict[str, bool] = {}

    @app.url_defaults
    def add_lang(endpoint, values):
        if "lang" in values:
            return
        expected = expects_lang.get(endpoint)
        if expected is None:
            expected = expects_lang[endpoint] = app.url_map.is_endpoint_expecting(endpoint, "lang")
        if expected:
            values["lang"] = g.get("lang") or select_locale()

    app.jinja_env.install_gettext_callables(
        gettext=_cached_gettext,
        ngettext=_cached_ngettext,
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
    # _() and gettext() as Jinja's newstyle gettext does them, without its two context
    # look-ups per call: a page calls them dozens of times (issue 15).
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _template_gettext
    for name, func in {
        "number": number,
        "pct": pct,
        "decimal1": decimal1,
        "day": day,
        "long_day": long_day,
        "moment": moment,
        "paragraphs": paragraphs,
    }.items():
        app.add_template_filter(func, name)
    app.add_template_global(localized)
    app.add_template_global(switch_language_url)
    app.add_template_global(page_parameters)
    app.add_template_global(get_locale)
    app.add_template_global(centre_name)
    app.add_template_global(main_menu)
    app.add_template_global(menu_current)
    app.add_template_global(level_label)
    app.add_template_global(level_options)
    app.add_template_global(working_days)
    app.add_template_global(page_address)
