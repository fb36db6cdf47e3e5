"""What the look-up result page needs for its alert and feed forms."""

from __future__ import annotations

from flask import current_app

from ..i18n import page_lang
from ..models import Dossier
from . import feeds, tokens
from .forms import ProofForm, SubscribeForm


def panel(dossier: Dossier) -> dict:
    """The forms (each carrying the signed proof of the look-up) and the dossier's feeds."""
    proof = tokens.proof(current_app.config["SECRET_KEY"], dossier.id)
    return {
        "subscribe_form": SubscribeForm(formdata=None, proof=proof, lang=page_lang()),
        "feed_form": ProofForm(formdata=None, proof=proof),
        "feeds": feeds.feeds_of(dossier.id),
    }
