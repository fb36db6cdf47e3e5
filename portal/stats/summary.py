"""The ready-to-quote paragraph of a period's figures, and how each language names a period.

The paragraph follows the centres' own monthly reports ("Trong tháng 7 năm 2022, Trung tâm
tiếp nhận mới 16.903 hồ sơ, trong đó tiếp nhận trực tiếp 3.956 hồ sơ (chiếm 23,40%) ...") so a
journalist can quote it instead of retyping a press release. Every number is formatted by
Babel for the page's locale and links to its definition on the page (``#def-<field>``).
"""

from __future__ import annotations

import re

from babel.dates import get_month_names
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..i18n import number, pct

ROMAN = ("I", "II", "III", "IV")

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
    """
    t, r = report["totals"], report["rates"]

    def n(field: str) -> Markup:
        return _link(field, number(_count(t, field)), base)

    def p(field: str) -> Markup:
        return _link(field, pct(r.get(field)), base)

    def say(text: str) -> Markup:
        # The translated text is ours; the values are escaped Markup already.
        return Markup(text)

    values = {
        name: n(name)
        for name in (
            "received_new",
            "carried_over",
            "resolved",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "closed_without_result",
            "pending",
            "pending_overdue",
            "returned_by_postal",
            "four_on_site",
        )
    }
    for channel in ("direct", "online", "postal"):
        values[channel] = n(f"received_by_channel.{channel}")
    for rate in r:
        values[rate] = p(rate)
    values["opening"] = escape(period_opening(period))
    values["subject"] = escape(subject)
    values["period"] = escape(period_name(period))

    sentences: list[Markup] = []
    received = _count(t, "received_new")
    if received:
        sentences.append(
            say(
                ngettext(
                    "%(opening)s, %(subject)s received %(received_new)s new dossier: %(direct)s in "
                    "person (%(direct_pct)s), %(online)s online (%(online_pct)s) and %(postal)s by "
                    "post (%(postal_pct)s)",
                    "%(opening)s, %(subject)s received %(received_new)s new dossiers: %(direct)s in "  # noqa: E501
                    "person (%(direct_pct)s), %(online)s online (%(online_pct)s) and %(postal)s by "
                    "post (%(postal_pct)s)",
                    received,
                    **values,
                )
            )
        )
    else:
        sentences.append(say(_("%(opening)s, %(subject)s received no new dossiers", **values)))

    resolved = _count(t, "resolved")
    if resolved:
        late = _count(t, "resolved_late")
        late_clause = (
            say(_("%(resolved_late)s late (%(late_pct)s)", **values))
            if late
            else say(_("none late"))
        )
        clause = say(
            ngettext(
                "%(resolved)s dossier was resolved: %(resolved_early)s early (%(early_pct)s), "
                "%(resolved_on_time)s on time (%(on_time_pct)s), %(late_clause)s",
                "%(resolved)s dossiers were resolved: %(resolved_early)s early (%(early_pct)s), "
                "%(resolved_on_time)s on time (%(on_time_pct)s), %(late_clause)s",
                resolved,
                late_clause=late_clause,
                **values,
            )
        )
        postal = say(
            ngettext(
                "%(returned_by_postal)s result was returned by post (%(postal_return_pct)s)",
                "%(returned_by_postal)s results were returned by post (%(postal_return_pct)s)",
                _count(t, "returned_by_postal"),
                **values,
            )
        )
        sentences[-1] = sentences[-1] + Markup("; ") + clause + Markup(", ") + postal
    else:
        sentences[-1] = sentences[-1] + Markup("; ") + say(_("no dossier was resolved"))

    pending = _count(t, "pending")
    overdue = _count(t, "pending_overdue")
    pending_text = say(
        ngettext(
            "%(pending)s dossier was still being processed at the end of the period",
            "%(pending)s dossiers were still being processed at the end of the period",
            pending,
            **values,
        )
    )
    if overdue:
        pending_text += say(
            ngettext(
                ", %(pending_overdue)s of them overdue",
                ", %(pending_overdue)s of them overdue",
                overdue,
                **values,
            )
        )
    sentences[-1] = sentences[-1] + Markup("; ") + pending_text + Markup(".")

    extra = [
        say(
            ngettext(
                "%(carried_over)s dossier was carried over from before the period",
                "%(carried_over)s dossiers were carried over from before the period",
                _count(t, "carried_over"),
                **values,
            )
        )
    ]
    if _count(t, "closed_without_result"):
        extra.append(
            say(
                ngettext(
                    "%(closed_without_result)s was closed without a result (rejected or withdrawn)",
                    "%(closed_without_result)s were closed without a result (rejected or withdrawn)",  # noqa: E501
                    _count(t, "closed_without_result"),
                    **values,
                )
            )
        )
    if _count(t, "four_on_site"):
        extra.append(
            say(
                ngettext(
                    "%(four_on_site)s new dossier followed the “4 on site” process",
                    "%(four_on_site)s new dossiers followed the “4 on site” process",
                    _count(t, "four_on_site"),
                    **values,
                )
            )
        )
    sentences.append(_capitalise(Markup("; ").join(extra)) + Markup("."))

    ratings = sum(
        _count(t, f"ratings.{score}") for score in ("very_satisfied", "satisfied", "unsatisfied")
    )
    if ratings:
        values["ratings"] = _link("ratings.very_satisfied", number(ratings), base)
        values["very_satisfied"] = n("ratings.very_satisfied")
        sentences.append(
            say(
                ngettext(
                    "People rated the service %(ratings)s time in the period: %(satisfied_pct)s "
                    "satisfied or very satisfied, %(very_satisfied)s very satisfied.",
                    "People rated the service %(ratings)s times in the period: %(satisfied_pct)s "
                    "satisfied or very satisfied, %(very_satisfied)s very satisfied.",
                    ratings,
                    **values,
                )
            )
        )
    return Markup(" ").join(sentences)


def _capitalise(text: Markup) -> Markup:
    """Upper-case the first letter a reader sees, skipping any leading tag."""
    match = re.match(r"((?:<[^>]+>)*)(\w)", str(text))
    if not match:
        return text
    start = match.end(1)
    return Markup(str(text)[:start] + str(text)[start].upper() + str(text)[start + 1 :])
