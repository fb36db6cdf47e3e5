"""The JSON API's blueprint (/api/v1): no cookies, any origin, errors as {"error", "message"}."""

from flask import Blueprint, jsonify

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status: int, code: str, message: str):
    """An error answer of the API: its HTTP status, a stable code and a sentence."""
    return jsonify(error=code, message=message), status


@bp.after_request
def no_cookies(response):
    """Send no cookie and let any site read the answers: the API is public and read-only."""
    response.headers.pop("Set-Cookie", None)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
