"""The portal of a provincial Public Administrative Service Centre: the application factory."""

import logging
import os
from pathlib import Path

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Config, check_settings, settle
from .extensions import babel, csrf, db, migrate

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN_HOST = "400 Bad Request: this site does not answer to that host name.\n"


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the portal application."""
    app = Flask(
        __name__,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("INSTANCE_PATH")
        or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(Config())
    if test_config:
        app.config.update(test_config)
    check_settings(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'portal.sqlite3'}"
        )
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    settle(app.config, app.instance_path)

    register_extensions(app)
    register_blueprints(app)
    register_import_kinds(app)
    register_errors(app)
    register_kept_answers(app)
    register_security_headers(app)
    register_input_guard(app)
    register_proxy_fix(app)
    register_cli(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # WAL lets readers go on while an import writes; the busy timeout waits out short locks.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def register_extensions(app: Flask) -> None:
    from . import bodies, caching, frame, i18n, links, plumbing

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    bodies.init_app(app)  # first: the CSRF check reads the body
    csrf.init_app(app)
    plumbing.init_app(app)  # the session cookie and the rate limiter
    i18n.init_app(app)
    frame.init_app(app)
    links.init_app(app)
    caching.init_app(app)


def register_proxy_fix(app: Flask) -> None:
    """Outermost: every part below sees the client's address and scheme the proxy gave."""
    if app.config["TRUSTED_PROXIES"] > 0:
        # x_proto too: behind a proxy that ends TLS, HSTS and Secure cookies need to know.
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def register_blueprints(app: Flask) -> None:
    from .agencies.views import bp as agencies_bp
    from .alerts.views import bp as alerts_bp
    from .api import bp as api_bp
    from .catalogue.filing import bp as filing_bp
    from .catalogue.views import bp as catalogue_bp
    from .dossiers.views import bp as dossiers_bp
    from .main.views import bp as main_bp
    from .staff import bp as staff_bp
    from .stats import views as stats_views

    app.register_blueprint(main_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(agencies_bp)
    app.register_blueprint(filing_bp)
    app.register_blueprint(dossiers_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(stats_views.bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)


def register_import_kinds(app: Flask) -> None:
    from .catalogue.imports import AgencyKind, ProcedureKind
    from .dossiers.imports import DOSSIER_KINDS
    from .imports import register_kinds

    register_kinds(app, {"agencies": AgencyKind, "procedures": ProcedureKind, **DOSSIER_KINDS})


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_errors(app: Flask) -> None:
    messages = {
        400: lambda: _("The request could not be understood. Please check what you entered."),
        403: lambda: _("You do not have permission to do that."),
        404: lambda: _("We could not find that page."),
        405: lambda: _("That action is not allowed here."),
        413: lambda: _("The file is too large."),
        429: lambda: _("Too many attempts. Please wait a minute and try again."),
        500: lambda: _("Something went wrong on our side. Please try again later."),
    }
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        429: "rate_limited",
        500: "server_error",
    }

    def render_error(status: int, message: str | None = None):
        status = status if status in messages else (500 if status >= 500 else 400)
        text = message or messages[status]()
        if _wants_json():
            return jsonify(error=codes[status], message=text), status
        return render_template("errors/error.html", status=status, message=text), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _(
                "Your form expired or was not sent from this site. "
                "Please reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if isinstance(error, SecurityError):
            # A Host outside TRUSTED_HOSTS: no address can be built for it, so no page either.
            return app.response_class(UNKNOWN_HOST, 400, mimetype="text/plain")
        # An error of the portal's own may say more than its status's general message.
        message = error.plain_message() if hasattr(error, "plain_message") else None
        body, status = render_error(error.code or 500, message)
        response = app.make_response((body, status))
        if getattr(error, "valid_methods", None):  # a 405 says what is allowed (RFC 9110)
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(Exception)
    def server_error(error):
        logging.getLogger("portal").exception("unhandled error on %s", request.path)
        db.session.rollback()
        return render_error(500)


def register_kept_answers(app: Flask) -> None:
    """Public pages given again from memory while the site's stamp stays the same (see
    kept_answers); not while app-wide rate limits are set, which every request must pass."""
    from .catalogue.queries import VERSION_PART
    from .kept_answers import KeptAnswers
    from .plumbing import app_wide_limits
    from .stats import cache, explanations

    if app_wide_limits(app):
        return
    parts = (VERSION_PART, *cache.STAMP_PARTS, *explanations.STAMP_PARTS)
    app.wsgi_app = KeptAnswers(app, parts)


def register_security_headers(app: Flask) -> None:
    """The security headers on every answer (see plumbing.SecurityHeaders)."""
    from .plumbing import SecurityHeaders

    app.wsgi_app = SecurityHeaders(app.wsgi_app)


def register_input_guard(app: Flask) -> None:
    """Refuse a NUL character anywhere in the address or a form: no real input has one, and
    PostgreSQL cannot store or even compare text holding it (it would be a 500 there)."""

    @app.before_request
    def no_nul_characters():
        # The query is parsed only when its raw form could hold one (%00): most hold none.
        query = request.query_string
        sources = [request.args] if b"%00" in query or b"\x00" in query else []
        if request.method == "POST":
            sources.append(request.form)
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for values in sources
            for key, value in values.items(multi=True)
        ):
            abort(400)


def register_cli(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
