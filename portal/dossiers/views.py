"""The citizen look-up: a dossier's status and timeline by code and verifier, the rating, and
the printable QR code that links a receipt to the prefilled look-up."""

from __future__ import annotations

import io
import re

import segno
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from .. import clock
from ..alerts.panel import section as alerts_section
from ..demo.samples import demo_samples
from ..fragments import csrf_token, kept_html, kept_part
from ..i18n import LANG_RULE
from ..i18n import lazy_gettext as _l
from ..links import absolute_url
from . import queries
from .forms import CRITERIA, SCORE_LABELS, LookupForm, RatingForm
from .limits import find_dossier_guarded, guessable
from .verifier import rating_token, read_rating_token
from .words import CHANNEL_WORDS, STATUS_WORDS

bp = Blueprint("dossiers", __name__, url_prefix=f"/{LANG_RULE}")


# What each demo dossier offered on the look-up page lets a visitor try.
SITUATION_WORDS = {
    "processing": _l("being processed, within its time limit"),
    "apology": _l("late, with a letter of apology and a new date"),
    "overdue": _l("past its due date"),
    "returned": _l("finished, result returned: it can be rated"),
}


def render_lookup(form: LookupForm, status: int = 200, samples=None, **context):
    """The look-up form, with the demo's dossiers to try when the database is the demo."""
    return render_template(
        "dossiers/lookup.html",
        form=form,
        demo_samples=demo_samples() if samples is None else samples,
        situation_words=SITUATION_WORDS,
        **context,
    ), status


def not_found_message() -> str:
    return _(
        "We found no dossier with this code and verification number. Check both on your "
        "receipt and try again."
    )


# A prefilled code of these characters reads the same in the form's field and in the
# language switch's link (nothing to escape or quote), so one kept page serves every such
# code: the page is kept with CODE_MARK in their place.
PLAIN_CODE = re.compile(r"[A-Za-z0-9._-]{1,64}")
CODE_MARK = "0kept0lookup0code0mark0"


def kept_form_code() -> str | None:
    """The code the kept form can show ("" for none), or None when the address holds
    anything else and the form is rendered afresh."""
    if not request.args:
        return ""
    codes = request.args.getlist("code")
    if list(request.args) == ["code"] and len(codes) == 1 and PLAIN_CODE.fullmatch(codes[0]):
        return codes[0]
    return None


def kept_form(code: str):
    """The look-up form, blank or prefilled from a receipt's link: the same page for every
    visitor but for the form's token (and the code), so each worker keeps it per address
    and demo dossiers, and puts each visitor's own token in (the pages most look-up
    visitors open)."""
    samples = demo_samples()
    # This visitor's own token, in their session, made first: the kept page, if rendered
    # now, is rendered around it (none while CSRF protection is off).
    token = csrf_token()
    key = (request.path, repr(samples), bool(code))
    # A few addresses and demo sets at most: 32 kept pages.
    html, its_token = kept_html(
        "kept_lookup_forms", key, lambda: form_page(samples, bool(code)), 32
    )
    if its_token and token:
        html = html.replace(its_token, token)
    return html.replace(CODE_MARK, code) if code else html


def form_page(samples: list[dict], prefilled: bool) -> tuple[str, str | None]:
    """The form's page as it is kept, with CODE_MARK for a prefilled code; and the token
    it was rendered with, for each visitor's to replace."""
    query = {"code": CODE_MARK} if prefilled else {}
    with current_app.test_request_context(request.path, request.url_root, query_string=query):
        current_app.preprocess_request()  # the page's language, as for the visitor's request
        form = LookupForm()
        form.code.data = CODE_MARK if prefilled else ""
        html, _status = render_lookup(form, samples=samples)
        field = getattr(form, "csrf_token", None)
        return html, field.current_token if field is not None else None


@bp.route("/lookup", methods=["GET", "POST"])
@guessable
def lookup():
    """Show the look-up form; on POST, the dossier's status and timeline."""
    code = kept_form_code() if request.method == "GET" else None
    if code is not None:
        return kept_form(code)
    form = LookupForm()
    if request.method == "GET":
        form.code.data = (request.args.get("code") or "").strip()[:64]
        return render_lookup(form)
    if not form.validate():
        return render_lookup(form, 400)
    dossier = find_dossier_guarded(form.code.data, form.verifier.data)
    if dossier is None:
        return render_lookup(form, 404, not_found=not_found_message())
    return render_result(dossier)


def render_result(dossier, rating_form: RatingForm | None = None, status: int = 200):
    """Render everything the portal may say about a dossier the visitor has proven to hold."""
    rateable = dossier.status in ("resolved", "returned")
    rated, followed = queries.rated_or_followed(dossier.id)
    already_rated = rateable and rated
    rating = rating_part(dossier, rating_form) if rateable and not already_rated else None
    timing = queries.procedure_timing(dossier.procedure_id)
    steps = queries.timeline(dossier.id)
    return render_template(
        "dossiers/result.html",
        dossier=dossier,
        progress=queries.progress(dossier),
        steps=steps,
        letter=queries.apology_letter(steps),
        timing=timing,
        rateable=rateable,
        already_rated=already_rated,
        rating=rating,
        status_words=STATUS_WORDS,
        channel_words=CHANNEL_WORDS,
        alerts=alerts_section(dossier, followed),
        qr=qr_part(dossier.code),
    ), status


# A stand-in for the signed rating token in the kept form (letters and digits: never escaped).
RATING_MARK = "0kept0rating0token0mark0"


def rating_part(dossier, rating_form: RatingForm | None) -> Markup:
    """The rating form: a blank one is the same for every visitor of one language but for
    the tokens, so it is kept and theirs put in; one sent back with errors is rendered."""
    if rating_form is not None:
        return Markup(render_template("dossiers/_rating_form.html", rating_form=rating_form))

    def render() -> str:
        blank = RatingForm(formdata=None)
        blank.token.data = RATING_MARK
        return render_template("dossiers/_rating_form.html", rating_form=blank)

    token = rating_token(current_app.config["SECRET_KEY"], dossier.id)
    return kept_part("rating", render, {RATING_MARK: token})


def qr_part(code: str) -> Markup:
    """The QR code's section: the same for every dossier of one language but for its code,
    kept with CODE_MARK in its place when the code reads the same unescaped and unquoted."""
    if not PLAIN_CODE.fullmatch(code):
        return Markup(render_template("dossiers/_qr_on_phone.html", dossier={"code": code}))

    def render() -> str:
        return render_template("dossiers/_qr_on_phone.html", dossier={"code": CODE_MARK})

    return kept_part("qr", render, {CODE_MARK: code})


@bp.post("/lookup/rating")
@guessable
def rate():
    """Record the citizen's one rating of a returned dossier."""
    form = RatingForm()
    dossier_id = read_rating_token(current_app.config["SECRET_KEY"], form.token.data or "")
    dossier = queries.dossier_by_id(dossier_id) if dossier_id is not None else None
    if dossier is None or dossier.status not in ("resolved", "returned"):
        return render_template("dossiers/rated.html", outcome="expired"), 400
    if not form.validate():
        return render_result(dossier, rating_form=form, status=400)
    if not queries.add_rating(dossier.id, form.score.data, form.criteria.data, clock.now()):
        return render_template("dossiers/rated.html", outcome="already"), 409
    return render_template(
        "dossiers/rated.html",
        outcome="thanks",
        score=SCORE_LABELS[form.score.data],
        criteria=[CRITERIA[key] for key in form.criteria.data],
    )


def _qr_code() -> str:
    code = (request.args.get("code") or "").strip()
    if not queries.CODE_PATTERN.match(code):
        abort(400)
    return code


def _qr_target(code: str) -> str:
    return absolute_url("dossiers.lookup", code=code)


@bp.get("/lookup/qr")
def qr_page():
    """Show a printable QR code that opens the look-up with the dossier code filled in."""
    code = _qr_code()
    return render_template("dossiers/qr.html", code=code, target=_qr_target(code))


@bp.get("/lookup/qr.svg")
def qr_svg():
    """Draw the QR code for a dossier code as SVG."""
    buffer = io.BytesIO()
    segno.make(_qr_target(_qr_code()), error="m").save(
        buffer, kind="svg", scale=8, border=4, xmldecl=False, title=_("Track a dossier")
    )
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
