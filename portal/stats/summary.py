"""The ready-to-quote paragraph of a period's figures, and how each language names a period.

The paragraph follows the centres' own monthly reports ("Trong tháng 7 năm 2022, Trung tâm
tiếp nhận mới 16.903 hồ sơ, trong đó tiếp nhận trực tiếp 3.956 hồ sơ (chiếm 23,40%) ...") so a
journalist can quote it instead of retyping a press release. Every number is formatted by
Babel for the page's locale and links to its definition on the page (``#def-<field>``).
"""

from __future__ import annotations

import re

from babel.dates import get_month_names
from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from ..i18n import number, pct
from .figures import FIELD_KEYS

ROMAN = ("I", "II", "III", "IV")
RATING_SCORES = ("very_satisfied", "satisfied", "unsatisfied")

# A rate is defined beside the count it is the share of.
RATE_ANCHORS = {
    "direct_pct": "received_by_channel.direct",
    "online_pct": "received_by_channel.online",
    "postal_pct": "received_by_channel.postal",
    "early_pct": "resolved_early",
    "on_time_pct": "resolved_on_time",
    "late_pct": "resolved_late",
    "postal_return_pct": "returned_by_postal",
}


def anchor(field: str) -> str:
    """The id of a figure's definition on the page: def-resolved_late, def-ratings_satisfied."""
    field = RATE_ANCHORS.get(field, field)
    return "def-" + field.replace(".", "_")


def period_kind(label: str) -> str:
    """month, quarter, year or range, read from a period's canonical label."""
    if ".." in label:
        return "range"
    if "Q" in label.upper():
        return "quarter"
    if re.fullmatch(r"\d{4}", label):
        return "year"
    return "month"


def _lang() -> str:
    return "vi" if str(get_locale()) == "vi" else "en"


def _month_name(month: str, lang: str, with_year: bool = True) -> str:
    year, m = month.split("-")
    if lang == "vi":
        return f"tháng {int(m)} năm {year}" if with_year else f"tháng {int(m)}"
    name = get_month_names("wide", locale="en")[int(m)]
    return f"{name} {year}" if with_year else name


def period_name(period) -> str:
    """How the page's language names a period in running text.

    Vietnamese: tháng 7 năm 2022, quý III năm 2022, năm 2022, từ tháng 1 đến tháng 9 năm 2022.
    English: July 2022, Q3 2022, 2022, January to September 2022.
    These are grammar rather than phrases to translate, so they are written out per language,
    the way Babel writes dates.
    """
    lang, kind, months = _lang(), period_kind(period.label), period.months
    first, last = months[0], months[-1]
    year = first[:4]
    if kind == "month":
        return _month_name(first, lang)
    if kind == "quarter":
        quarter = (int(first[5:7]) - 1) // 3
        return f"quý {ROMAN[quarter]} năm {year}" if lang == "vi" else f"Q{quarter + 1} {year}"
    if kind == "year":
        return f"năm {year}" if lang == "vi" else year
    same_year = first[:4] == last[:4]
    if lang == "vi":
        return f"từ {_month_name(first, lang, not same_year)} đến {_month_name(last, lang)}"
    return f"{_month_name(first, lang, not same_year)} to {_month_name(last, lang)}"


def period_opening(period) -> str:
    """The words a report opens with: Trong tháng 7 năm 2022 / Từ tháng 1 đến ... / In July 2022."""
    name, lang = period_name(period), _lang()
    if period_kind(period.label) == "range":
        return name[0].upper() + name[1:] if lang == "vi" else f"From {name}"
    return f"Trong {name}" if lang == "vi" else f"In {name}"


def _link(field: str, text: str, base: str = "") -> Markup:
    return Markup('<a href="{}#{}">{}</a>').format(base, anchor(field), text)


def _count(totals: dict, field: str) -> int:
    value = totals
    for part in field.split("."):
        value = value.get(part) or 0 if isinstance(value, dict) else 0
    return int(value or 0)


def summary_paragraph(report: dict, period, subject: str, base: str = "") -> Markup:
    """The period's figures as sentences to quote, each number linked to its definition.

    report: a period's figures as the JSON API gives them (totals and rates); subject: who
    did the work, in running text (the agencies of the province, an agency's name, ...);
    base: the address of the page holding the definitions, when it is another page.
    The sentences are templates/stats/_summary.html; this fills in the numbers.
    """
    totals, rates = report["totals"], report["rates"]
    # Every figure by the last part of its key: received_new, direct (received_by_channel.
    # direct), very_satisfied (ratings.very_satisfied), ...; counts choose the plurals.
    counts = {key.rpartition(".")[2]: _count(totals, key) for key in FIELD_KEYS}
    values = {
        key.rpartition(".")[2]: _link(key, number(_count(totals, key)), base) for key in FIELD_KEYS
    }
    for rate in rates:
        values[rate] = _link(rate, pct(rates.get(rate)), base)
    counts["ratings"] = sum(counts[score] for score in RATING_SCORES)
    values["ratings"] = _link("ratings.very_satisfied", number(counts["ratings"]), base)
    return Markup(
        render_template(
            "stats/_summary.html",
            counts=counts,
            opening=period_opening(period),
            subject=subject,
            capitalise=_capitalise,
            **values,
        )
    )


def _capitalise(text: Markup) -> Markup:
    """Upper-case the first letter a reader sees, skipping any leading tag."""
    match = re.match(r"((?:<[^>]+>)*)(\w)", str(text))
    if not match:
        return text
    start = match.end(1)
    return Markup(str(text)[:start] + str(text)[start].upper() + str(text)[start + 1 :])
