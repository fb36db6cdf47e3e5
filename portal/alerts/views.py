"""Alert pages: subscribe from the result page, confirm, unsubscribe (RFC 8058 one-click too),
and the private Atom feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request

from .. import clock
from ..dossiers import queries
from ..dossiers.limits import guessable
from ..dossiers.words import STATUS_WORDS
from ..extensions import csrf
from ..i18n import LANG_RULE, page_lang
from . import feeds, subscriptions, tokens
from .forms import ProofForm, RevokeFeedForm, SubscribeForm, UnsubscribeForm
from .messages import public_url

bp = Blueprint("alerts", __name__, url_prefix=f"/{LANG_RULE}/alerts")


@bp.after_request
def private(response):
    # Every page here is about one person's dossier or address: keep it out of caches.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _proven_dossier(form: ProofForm):
    """The dossier the form's proof names; a stale or forged proof is a 400 page."""
    dossier_id = tokens.read_proof(current_app.config["SECRET_KEY"], form.proof.data or "")
    dossier = queries.dossier_by_id(dossier_id) if dossier_id is not None else None
    if dossier is None:
        abort(Response(render_template("alerts/expired.html"), status=400))
    return dossier


@bp.post("/subscribe")
@guessable
def subscribe():
    """Ask for e-mail alerts about the dossier just looked up."""
    form = SubscribeForm()
    dossier = _proven_dossier(form)
    if not form.validate():
        return render_template("alerts/subscribe.html", form=form, dossier=dossier), 400
    subscriptions.subscribe(dossier.id, form.email.data, form.lang.data, clock.now())
    return render_template("alerts/check_email.html", dossier=dossier)


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Start the alerts the link was sent for (the double opt-in)."""
    outcome = subscriptions.confirm(token[:100], clock.now())
    return render_template("alerts/confirmed.html", outcome=outcome), (
        404 if outcome == "unknown" else 200
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail client posts without a token; the link's token authorises
def unsubscribe(token: str):
    """Show a button to stop the alerts; on POST (the button, or a one-click client), stop."""
    token = token[:100]
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        return render_template("alerts/unsubscribed.html")
    known = subscriptions.find_by_unsubscribe_token(token) is not None
    return render_template("alerts/unsubscribe.html", form=UnsubscribeForm(), known=known), (
        200 if known else 404
    )


@bp.post("/feeds")
@guessable
def create_feed():
    """Make a private feed address for the dossier just looked up; show it once."""
    form = ProofForm()
    dossier = _proven_dossier(form)
    if not form.validate():
        abort(400)
    token = feeds.create(dossier.id, clock.now())
    feed_url = None
    if token:
        feed_url = public_url(f"/{page_lang()}/alerts/feed/{token}.atom")
    alerts = {
        "feeds": feeds.feeds_of(dossier.id),
        "feed_form": ProofForm(formdata=None, proof=form.proof.data),
    }
    page = render_template(
        "alerts/feed_created.html", dossier=dossier, feed_url=feed_url, alerts=alerts
    )
    return page, (201 if token else 409)


@bp.post("/feeds/revoke")
def revoke_feed():
    """Stop one private feed of the dossier just looked up."""
    form = RevokeFeedForm()
    dossier = _proven_dossier(form)
    if not form.validate():
        abort(400)
    stopped = feeds.revoke(form.feed.data, dossier.id)
    return render_template("alerts/feed_revoked.html", dossier=dossier, stopped=stopped), (
        200 if stopped else 404
    )


@bp.get("/feed/<token>.atom")
def feed(token: str):
    """The private feed: the dossier's changes, with no personal data."""
    dossier = feeds.dossier_of(token[:100])
    if dossier is None:
        abort(404)
    body = render_template(
        "alerts/feed.xml",
        dossier=dossier,
        entries=feeds.entries(dossier),
        feed_id=f"urn:sha256:{tokens.digest(token)}",
        self_url=public_url(request.path),
        status_words=STATUS_WORDS,
    )
    return Response(body, mimetype="application/atom+xml")
