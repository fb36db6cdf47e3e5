"""Configuration read from the environment; tests pass a dict on top."""

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"  # UTC+7 all year; stored times are local to it


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _list(value: str | None) -> list[str] | None:
    """A comma-separated setting as a list; None when unset or empty."""
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    return items or None


def _flag(value: str | None) -> bool | None:
    return None if value is None or value == "" else value == "1"


class Config:
    """Settings for one application instance, each overridable by an environment variable."""

    def __init__(self) -> None:
        self._read_core()
        self._read_limits()
        self._read_mail()
        self._read_centre()

    def _read_core(self) -> None:
        """Keys, addresses, database, languages and the staff session."""
        env = os.environ.get
        self.SECRET_KEY = env("SECRET_KEY")  # None: generated once into the instance folder
        self.VERIFIER_KEY = env("VERIFIER_KEY")  # None: derived from SECRET_KEY
        # The site's address: every absolute link, in pages and e-mails, starts with it.
        self.PUBLIC_URL = env("PUBLIC_URL")  # None: required, but for development (make run's)
        self.TRUSTED_HOSTS = _list(env("TRUSTED_HOSTS"))  # None: PUBLIC_URL's host only
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
        self.SESSION_COOKIE_SECURE = _flag(env("SESSION_COOKIE_SECURE"))  # None: by PORTAL_ENV
        self.PERMANENT_SESSION_LIFETIME = _int("STAFF_IDLE_MINUTES", 30) * 60

    def _read_limits(self) -> None:
        """Rate limits, body sizes and sign-in locks."""
        env = os.environ.get
        self.RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
        # Sites (or test runs) sharing one Redis keep their counts apart.
        self.RATELIMIT_KEY_PREFIX = env("RATELIMIT_KEY_PREFIX", "")
        self.RATELIMIT_ENABLED = env("RATELIMIT_ENABLED", "1") == "1"
        self.RATELIMIT_HEADERS_ENABLED = True
        # Redis away: count in each process meanwhile rather than refuse every look-up.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.LOOKUP_RATE_LIMIT = env("LOOKUP_RATE_LIMIT", "10 per minute")
        self.LOGIN_RATE_LIMIT = env("LOGIN_RATE_LIMIT", "5 per minute")
        # Wrong verifiers one dossier code may take, from all addresses together.
        self.CODE_GUESS_LIMIT = env("CODE_GUESS_LIMIT", "10 per hour")
        # Largest request body: small for everyone; only a signed-in publisher's CSV upload
        # may send up to MAX_UPLOAD_MB. Larger ones get the 413 page.
        self.MAX_CONTENT_LENGTH = _int("MAX_BODY_KB", 64) * 1024
        self.MAX_UPLOAD_BYTES = _int("MAX_UPLOAD_MB", 200) * 1024 * 1024
        # Per account, whatever the address: failures before a lock, and the lock's length.
        self.LOGIN_ACCOUNT_FAILURES = _int("LOGIN_ACCOUNT_FAILURES", 10)
        self.LOGIN_ACCOUNT_LOCK_MINUTES = _int("LOGIN_ACCOUNT_LOCK_MINUTES", 15)
        self.STAFF_SESSION_HOURS = _int("STAFF_SESSION_HOURS", 12)  # capped at 12 in any case
        self.TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
        self.PER_PAGE = 20

    def _read_mail(self) -> None:
        """Status alerts' mail server and sender."""
        env = os.environ.get
        # Status alerts (CONTRACT §6): smtp://host:port or smtp+starttls://user:password@host:port
        self.MAIL_URL = env("MAIL_URL", "smtp://127.0.0.1:25")
        self.MAIL_FROM = env("MAIL_FROM", "no-reply@localhost")
        # send-alerts waits this long before its first retry of an unreachable mail server,
        # doubling each time.
        self.MAIL_RETRY_SECONDS = float(env("MAIL_RETRY_SECONDS", "2"))

    def _read_centre(self) -> None:
        """The deployment kind and the centre's details shown on every page."""
        env = os.environ.get
        # "development" (make run, tests) fills the centre's details from the demo province and
        # relaxes the rules on keys, PUBLIC_URL and cookies; anything else is a real deployment,
        # which must state them (see check_settings and settle).
        self.PORTAL_ENV = env("PORTAL_ENV", "development")
        self.PROVINCE_VI = env("PROVINCE_VI")
        self.PROVINCE_EN = env("PROVINCE_EN")
        self.CENTRE_NAME_VI = env("CENTRE_NAME_VI")  # default: "... tỉnh <PROVINCE_VI>"
        self.CENTRE_NAME_EN = env("CENTRE_NAME_EN")
        self.CENTRE_ADDRESS = env("CENTRE_ADDRESS")
        # The search log is counted in memory and written at most this often (seconds), never
        # waiting for a lock: a search must not queue behind an import.
        self.SEARCH_LOG_FLUSH_SECONDS = _int("SEARCH_LOG_FLUSH_SECONDS", 30)
        # Bytes of public answers each worker keeps whole (portal.kept_answers); 0: none.
        self.KEPT_ANSWERS_BYTES = _int("KEPT_ANSWERS_BYTES", 32 * 1024 * 1024)
        # How long a worker trusts the site's stamp before reading it again (milliseconds):
        # what another worker or an import commits shows on kept pages within this time.
        self.KEPT_ANSWERS_RECHECK_MS = _int("KEPT_ANSWERS_RECHECK_MS", 200)
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
    """A real deployment lacks a setting, or has one that would leave it open: no start."""


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
    (PORTAL_ENV other than "development") must name its province, centre and address
    (settle checks the keys and PUBLIC_URL).
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
    if problems:
        raise SettingsError(
            "the portal cannot start: "
            + "; ".join(problems)
            + ". Set them in the environment (see deploy/portal.env.example), or set "
            "PORTAL_ENV=development to use the demo province's details."
        )


# --- settling what depends on other settings, and refusing unsafe ones -----------------------

# Values that have stood in sample files and old defaults: a site running on one can have its
# sessions and rating tokens forged by anyone who has read them.
PLACEHOLDER_KEYS = frozenset(
    {
        "dev-only-change-me",
        "change-me-to-a-long-random-value",
        "change-me",
        "changeme",
        "secret",
        "secret-key",
        "development",
        "dev",
        "test",
    }
)
MIN_KEY_BYTES = 32
SECRET_KEY_FILE = "secret_key"
VERIFIER_KEY_LABEL = b"portal.dossier-verifier-key.v1"
DEVELOPMENT_URL = "http://127.0.0.1:5000"  # where make run serves


def is_development(config) -> bool:
    """Whether this instance runs for a developer or the tests, not for the public."""
    return config["PORTAL_ENV"] == "development" or bool(config["TESTING"] or config["DEBUG"])


def settle(config, instance_path: str) -> None:
    """Fill in the settings that depend on others; refuse unsafe ones outside development."""
    development = is_development(config)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret(Path(instance_path) / SECRET_KEY_FILE)
    check_key("SECRET_KEY", config["SECRET_KEY"], development)
    if config.get("VERIFIER_KEY"):
        check_key("VERIFIER_KEY", config["VERIFIER_KEY"], development)
    else:
        config["VERIFIER_KEY"] = derived_verifier_key(config["SECRET_KEY"])
    settle_public_url(config, development)
    if config["SESSION_COOKIE_SECURE"] is None:
        config["SESSION_COOKIE_SECURE"] = not development
    if config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_NAME"] == "session":
        # __Host-: browsers take it only over HTTPS, for this host and path /, so neither a
        # sibling subdomain nor a plain-HTTP page can plant or overwrite the staff session.
        config["SESSION_COOKIE_NAME"] = "__Host-session"


def instance_secret(path: Path) -> str:
    """The instance's own random key: made once (mode 0600), then read by every process."""
    if not path.exists():
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as stream:
            stream.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)  # atomic: two processes starting together keep the first key
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def check_key(name: str, value: str, development: bool) -> None:
    if development:
        return
    if value.strip().lower() in PLACEHOLDER_KEYS:
        raise SettingsError(
            f"the portal cannot start: {name} is a placeholder from a sample file; set a "
            "random value, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))', "
            f"or leave {name} unset to use a key generated in the instance folder"
        )
    if len(value.encode("utf-8")) < MIN_KEY_BYTES:
        raise SettingsError(
            f"the portal cannot start: {name} is shorter than {MIN_KEY_BYTES} bytes; set a long "
            "random value, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def derived_verifier_key(secret_key: str) -> str:
    """The verifier key when none is set: the secret key hashed under a label of its own."""
    return hmac.new(secret_key.encode("utf-8"), VERIFIER_KEY_LABEL, hashlib.sha256).hexdigest()


def settle_public_url(config, development: bool) -> None:
    """Check PUBLIC_URL and trust only its host, unless TRUSTED_HOSTS says otherwise."""
    url = (config.get("PUBLIC_URL") or "").rstrip("/")
    if not url and development:
        url = DEVELOPMENT_URL
    if not url:
        raise SettingsError(
            "the portal cannot start: PUBLIC_URL is not set: give the site's address, e.g. "
            "PUBLIC_URL=https://dichvucong.example.gov.vn (links in pages and e-mails "
            "are built from it, never from the request)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise SettingsError(
            f"the portal cannot start: PUBLIC_URL is not an absolute http(s) address of scheme "
            f"and host only, e.g. https://dichvucong.example.gov.vn (got {url!r})"
        )
    config["PUBLIC_URL"] = url
    if config.get("TRUSTED_HOSTS") is None and not development:
        config["TRUSTED_HOSTS"] = [parts.hostname]
