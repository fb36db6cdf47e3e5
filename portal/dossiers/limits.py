"""The look-up's rate limit, one budget per client for the page and the JSON API alike."""

from flask import current_app

from ..extensions import limiter

# The page and the JSON API share one budget per client: guessing through both gains nothing.
lookup_limit = limiter.shared_limit(
    lambda: current_app.config["LOOKUP_RATE_LIMIT"], scope="dossier-lookup", methods=["POST"]
)
