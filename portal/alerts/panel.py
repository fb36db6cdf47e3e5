"""What the look-up result page needs for its alert and feed forms."""

from __future__ import annotations

from flask import current_app, render_template
from markupsafe import Markup

from ..fragments import kept_part
from ..i18n import page_lang
from ..models import Dossier
from . import feeds, tokens
from .forms import ProofForm, SubscribeForm

# A stand-in for the signed proof in the kept section (letters and digits: never escaped).
PROOF_MARK = "0kept0alerts0proof0mark0"


def panel(dossier_id: int, proof: str, dossier_feeds: list | None = None) -> dict:
    """The forms (each carrying the signed proof of the look-up) and the dossier's feeds."""
    return {
        "subscribe_form": SubscribeForm(formdata=None, proof=proof, lang=page_lang()),
        "feed_form": ProofForm(formdata=None, proof=proof),
        "feeds": feeds.feeds_of(dossier_id) if dossier_feeds is None else dossier_feeds,
    }


def section(dossier: Dossier, followed: bool) -> Markup:
    """The result page's "keep me informed" section (dossiers/_alerts.html); ``followed``
    says whether the dossier has private feeds.

    Without feeds (nearly always) it is the same for every visitor of one language but for
    the token and the proof: kept, and theirs put in. With feeds it is rendered afresh.
    """
    proof = tokens.proof(current_app.config["SECRET_KEY"], dossier.id)
    if followed:
        alerts = panel(dossier.id, proof)
        return Markup(render_template("dossiers/_alerts.html", alerts=alerts))
    return kept_part(
        "alerts",
        lambda: render_template("dossiers/_alerts.html", alerts=panel(dossier.id, PROOF_MARK, [])),
        {PROOF_MARK: proof},
    )
