"""The staff area's blueprint (/<lang>/staff) and the id converter its addresses use."""

from flask import Blueprint

from ..i18n import LANG_RULE

bp = Blueprint("staff", __name__, url_prefix=f"/{LANG_RULE}/staff")

# Ids in addresses: larger numbers are simply not found, instead of overflowing PostgreSQL.
ID = "int(max=2147483647)"
