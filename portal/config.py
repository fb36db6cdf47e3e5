"""Configuration read from the environment; tests pass a dict on top."""

import os

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
        self.CENTRE_NAME_VI = env("CENTRE_NAME_VI", "Trung tâm Phục vụ hành chính công tỉnh")
        self.CENTRE_NAME_EN = env(
            "CENTRE_NAME_EN", "Provincial Public Administrative Service Centre"
        )
        self.CENTRE_ADDRESS = env("CENTRE_ADDRESS", "Số 1 đường Trần Hưng Đạo, thành phố tỉnh lỵ")
        self.CENTRE_PHONE = env("CENTRE_PHONE", "0200 3 812 345")
        self.CENTRE_HOURS_VI = env(
            "CENTRE_HOURS_VI", "Thứ Hai – Thứ Sáu: 7:30–11:30, 13:30–17:00; Thứ Bảy: 7:30–11:30"
        )
        self.CENTRE_HOURS_EN = env(
            "CENTRE_HOURS_EN", "Monday–Friday: 7:30–11:30, 13:30–17:00; Saturday: 7:30–11:30"
        )
