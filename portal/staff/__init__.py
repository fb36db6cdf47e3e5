"""The staff area: sign-in, catalogue editing, imports, publishing, audit and accounts."""

from flask import Blueprint

from ..i18n import LANG_RULE

bp = Blueprint("staff", __name__, url_prefix=f"/{LANG_RULE}/staff")
