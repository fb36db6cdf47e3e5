"""Configuration read from the environment; tests pass a dict on top."""

import os
import re

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"  # UTC+7 all year; stored times are local to it


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


class Config:
    """Settings for one application instance, each overridable by an environment variable."""

    def __init__(self) -> None:
        env = os.environ.get
        self.SECRET_KEY = env("SECRET_KEY", "dev-only-change-me")
        self.SQLALCHEMY_DATABASE_URI = env("DATABASE_URL")  # None: SQLite in the instance folder
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {}
        self.SQLALCHEMY_TRACK_MODIFICATIONS = False
        self.BABEL_DEFAULT_LOCALE = "vi"
        self.TIME_ZONE = env("TIME_ZONE", DEFAULT_TIME_ZONE)
        self.BABEL_DEFAULT_TIMEZONE = self.TIME_ZONE
        self.LANGUAGES = ("vi", "en")
        self.WTF_CSRF_TIME_LIMIT = None  # a form left open all morning must still submit
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env("SESSION_COOKIE_SECURE", "0") == "1"
        self.PERMANENT_SESSION_LIFETIME = _int("STAFF_IDLE_MINUTES", 30) * 60
        self.RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_ENABLED = env("RATELIMIT_ENABLED", "1") == "1"
        self.RATELIMIT_HEADERS_ENABLED = True
        # Redis away: count in each process meanwhile rather than refuse every look-up.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.LOOKUP_RATE_LIMIT = env("LOOKUP_RATE_LIMIT", "10 per minute")
        self.LOGIN_RATE_LIMIT = env("LOGIN_RATE_LIMIT", "5 per minute")
        # Largest request body (an uploaded CSV); larger ones get the 413 page.
        self.MAX_CONTENT_LENGTH = _int("MAX_UPLOAD_MB", 200) * 1024 * 1024
        self.TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
        self.PER_PAGE = 20
        # The site's public address (https://...), for every absolute link in pages and e-mails.
        self.PUBLIC_URL = env("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
        # Status alerts (CONTRACT §6): smtp://host:port or smtp+starttls://user:password@host:port
        self.MAIL_URL = env("MAIL_URL", "smtp://127.0.0.1:25")
        self.MAIL_FROM = env("MAIL_FROM", "no-reply@localhost")
        # send-alerts waits this long before its first retry of an unreachable mail server,
        # doubling each time.
        self.MAIL_RETRY_SECONDS = float(env("MAIL_RETRY_SECONDS", "2"))
        # "development" (make run, tests) fills the centre's details from the demo province;
        # anything else is a real deployment, which must state them (see check_settings).
        self.PORTAL_ENV = env("PORTAL_ENV", "development")
        self.PROVINCE_VI = env("PROVINCE_VI")
        self.PROVINCE_EN = env("PROVINCE_EN")
        self.CENTRE_NAME_VI = env("CENTRE_NAME_VI")  # default: "... tỉnh <PROVINCE_VI>"
        self.CENTRE_NAME_EN = env("CENTRE_NAME_EN")
        self.CENTRE_ADDRESS = env("CENTRE_ADDRESS")
        # The search log is counted in memory and written at most this often (seconds), never
        # waiting for a lock: a search must not queue behind an import.
        self.SEARCH_LOG_FLUSH_SECONDS = _int("SEARCH_LOG_FLUSH_SECONDS", 30)
        self.CENTRE_PHONE = env("CENTRE_PHONE", "0200 3 812 345")
        self.CENTRE_HOURS_VI = env(
            "CENTRE_HOURS_VI", "Thứ Hai – Thứ Sáu: 7:30–11:30, 13:30–17:00; Thứ Bảy: 7:30–11:30"
        )
        self.CENTRE_HOURS_EN = env(
            "CENTRE_HOURS_EN", "Monday–Friday: 7:30–11:30, 13:30–17:00; Saturday: 7:30–11:30"
        )
        # Where a procedure can be filed online; {code} becomes the national procedure code.
        self.ONLINE_FILING_URL = env(
            "ONLINE_FILING_URL",
            "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
            "?ma_thu_tuc={code}",
        )
        self.MAX_FORM_MB = _int("MAX_FORM_MB", 10)  # largest form file staff may attach


class SettingsError(RuntimeError):
    """A real deployment is missing a setting citizens would otherwise see wrong."""


def _centre_names(config: dict) -> None:
    if not config.get("CENTRE_NAME_VI") and config.get("PROVINCE_VI"):
        config["CENTRE_NAME_VI"] = f"Trung tâm Phục vụ hành chính công tỉnh {config['PROVINCE_VI']}"
    if not config.get("CENTRE_NAME_EN") and config.get("PROVINCE_EN"):
        config["CENTRE_NAME_EN"] = (
            f"{config['PROVINCE_EN']} Provincial Public Administrative Service Centre"
        )


def check_settings(config: dict) -> None:
    """Complete the centre's details, or refuse to start a real deployment without them.

    In development the demo province supplies what is unset; a real deployment
    (PORTAL_ENV other than "development") must name its province, centre and address,
    and PUBLIC_URL, when set, must be an absolute http(s) address.
    """
    if config.get("PORTAL_ENV") == "development":
        from .demo.province import demo_centre

        for key, value in demo_centre().items():
            config[key] = config.get(key) or value
    _centre_names(config)
    missing = [
        key
        for key in ("PROVINCE_VI", "CENTRE_NAME_VI", "CENTRE_NAME_EN", "CENTRE_ADDRESS")
        if not (config.get(key) or "").strip()
    ]
    problems = [f"{key} is not set" for key in missing]
    public_url = config.get("PUBLIC_URL")
    if public_url and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", public_url):
        problems.append(f"PUBLIC_URL is not an absolute http(s) address: {public_url!r}")
    if problems:
        raise SettingsError(
            "the portal cannot start: "
            + "; ".join(problems)
            + ". Set them in the environment (see deploy/portal.env.example), or set "
            "PORTAL_ENV=development to use the demo province's details."
        )
