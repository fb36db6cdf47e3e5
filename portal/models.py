"""The data model: typed SQLAlchemy models only, no query logic.

Times are stored as naive local times (Asia/Ho_Chi_Minh, which keeps UTC+7 all year): every
published figure is defined on local calendar dates, so storing local time keeps the
definitions one comparison away. The ``*_day`` integers (YYYYMMDD) repeat those dates in a
form both engines group and compare alike.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

LEVELS = ("province", "district", "commune")
ONLINE_LEVELS = ("none", "partial", "full")
CHANNELS = ("direct", "online", "postal")
STATUSES = ("received", "processing", "supplement", "resolved", "returned", "rejected", "withdrawn")
RESOLVED_STATUSES = ("resolved", "returned")
CLOSED_STATUSES = ("rejected", "withdrawn")
FINISHED_STATUSES = RESOLVED_STATUSES + CLOSED_STATUSES
SCORES = ("very_satisfied", "satisfied", "unsatisfied")
ROLES = ("editor", "publisher", "admin")


class Agency(db.Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16), index=True)
    parent_code: Mapped[str | None] = mapped_column(String(64), index=True)
    # Units change (CONTRACT §5): active from active_from to active_to inclusive (empty: no
    # bound); successor_code names the unit that took over its work. See portal.agencies.units.
    active_from: Mapped[date | None] = mapped_column(Date)
    active_to: Mapped[date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(64))
    # Where its one-stop desk receives citizens (optional agencies.csv columns).
    address: Mapped[str | None] = mapped_column(Text)
    hours_vi: Mapped[str | None] = mapped_column(Text)
    hours_en: Mapped[str | None] = mapped_column(Text)


class Procedure(db.Model):
    __tablename__ = "procedure"

    # Small columns first: filters and sorting then never read past the long texts.
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    processing_days: Mapped[int] = mapped_column(Integer)
    online_level: Mapped[str] = mapped_column(String(16), default="none", index=True)
    postal: Mapped[bool] = mapped_column(Boolean, default=False)
    four_on_site: Mapped[bool] = mapped_column(Boolean, default=False)
    # Staff editing: a draft is invisible to the public; version guards against lost updates.
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    field_vi: Mapped[str | None] = mapped_column(Text)
    field_en: Mapped[str | None] = mapped_column(Text)
    # Folded, tokenised copies (portal.text.fold_tokens) that the full-text index is built on.
    search_name: Mapped[str] = mapped_column(Text, default="")
    fee_vi: Mapped[str | None] = mapped_column(Text)
    documents_vi: Mapped[str | None] = mapped_column(Text)
    steps_vi: Mapped[str | None] = mapped_column(Text)
    legal_basis_vi: Mapped[str | None] = mapped_column(Text)
    result_vi: Mapped[str | None] = mapped_column(Text)
    search_body: Mapped[str] = mapped_column(Text, default="")
    # Dossiers received in the last 12 months, refreshed by every dossier import: search ranks
    # the procedures people really use first, at no cost per query.
    yearly_dossiers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    agency: Mapped[Agency] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_procedure_listing", "published", "search_name", "code"),)


class ProcedureRevision(db.Model):
    __tablename__ = "procedure_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_revision_procedure", "procedure_id", "version"),)


class Dossier(db.Model):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    # Upper-cased code: look-ups ignore case, and the key is unique in that form.
    code_key: Mapped[str] = mapped_column(String(64), unique=True)
    # Indexed by ix_dossier_procedure_finished, which starts with it.
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    channel: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    return_channel: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))
    four_on_site: Mapped[bool] = mapped_column(Boolean, default=False)
    verifier_hash: Mapped[str | None] = mapped_column(String(64))
    # Local calendar dates as YYYYMMDD integers, derived on import (see the module docstring).
    received_day: Mapped[int] = mapped_column(Integer)
    due_day: Mapped[int] = mapped_column(Integer)
    finished_day: Mapped[int | None] = mapped_column(Integer)
    # Seconds between resolved_at and an earlier due_at, for the "time saved" figure.
    saved_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    # Where the agency issued an apology letter with a new date (optional import columns).
    extended_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    apology: Mapped[bool] = mapped_column(Boolean, default=False)

    procedure: Mapped[Procedure] = relationship()
    agency: Mapped[Agency] = relationship()

    __table_args__ = (
        Index("ix_dossier_agency_received", "agency_id", "received_day"),
        Index("ix_dossier_agency_finished", "agency_id", "finished_day"),
        # Covers a procedure's processing times (dossiers/queries.py _TIMING): read from
        # the index alone (migration 0023).
        Index(
            "ix_dossier_procedure_finished",
            "procedure_id",
            "finished_day",
            "received_day",
            "due_day",
            "status",
        ),
        # Counts each procedure's dossiers of the last 12 months (catalogue/usage.py).
        Index("ix_dossier_procedure_received", "procedure_id", "received_day"),
    )


class DossierEvent(db.Model):
    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    step_vi: Mapped[str] = mapped_column(String(300))
    step_en: Mapped[str | None] = mapped_column(String(300))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))

    __table_args__ = (UniqueConstraint("dossier_id", "at", "step_vi", name="uq_event_key"),)


class ProcedureForm(db.Model):
    """A blank form (mẫu đơn, tờ khai) staff attached to a procedure, kept in the database."""

    __tablename__ = "procedure_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # Deferred: listing a procedure's forms never reads the files themselves.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    __table_args__ = (Index("ix_procedure_form_procedure", "procedure_id"),)


DEMO_FLAG = "demo"  # set by seed-demo with the sample dossiers; any import removes it


class SiteFlag(db.Model):
    """A named fact about this installation, e.g. that seed-demo loaded its data."""

    __tablename__ = "site_flag"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)


class Rating(db.Model):
    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), unique=True
    )
    rated_at: Mapped[datetime] = mapped_column(DateTime)
    rated_day: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[str] = mapped_column(String(16))
    # Optional criteria a citizen ticks when rating on the portal (JSON list of keys).
    criteria: Mapped[list | None] = mapped_column(JSON)


class StaffUser(db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # TOTP second factor: the base32 secret (set while enrolling), when enrolment was
    # confirmed (None: not in use), and the last time step accepted, so no code is used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)


class StaffSession(db.Model):
    """One signed-in browser: the cookie holds a random token, the database its hash."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    second_factor: Mapped[bool] = mapped_column(Boolean, default=False)
    reauthenticated_at: Mapped[datetime | None] = mapped_column(DateTime)


class RecoveryCode(db.Model):
    """A single-use code that stands in for the authenticator app; only its hash is kept."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class LoginThrottle(db.Model):
    """Failed sign-in attempts per account name (hashed), known account or not."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    actor: Mapped[str] = mapped_column(String(254))  # email, or "cli"
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_key: Mapped[str | None] = mapped_column(String(128))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    # Where a web request came from (finding 8 of issue 11); empty for the command line.
    address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(256))


class MonthlyFigure(db.Model):
    """Live rollup: one row per month × agency, refreshed by imports in the same transaction."""

    __tablename__ = "monthly_figure"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    figures: Mapped[dict] = mapped_column(JSON)


class RollupJournal(db.Model):
    """Dossiers changed since the rollup's last refresh, with what they were before.

    Filled by database triggers (migration 0020), emptied by ``portal.stats.rollup.refresh``:
    one row per update or delete of a dossier whose counted columns changed, holding the old
    values; on PostgreSQL also one row per inserted dossier (``present`` false: it was not
    there before). SQLite finds inserted dossiers by ``RollupMark.dossier_id`` instead.
    """

    __tablename__ = "rollup_journal"

    seq: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(Integer, index=True)
    present: Mapped[bool] = mapped_column(Boolean)
    agency_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(8))
    return_channel: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str | None] = mapped_column(String(12))
    four_on_site: Mapped[bool | None] = mapped_column(Boolean)
    received_day: Mapped[int | None] = mapped_column(Integer)
    due_day: Mapped[int | None] = mapped_column(Integer)
    finished_day: Mapped[int | None] = mapped_column(Integer)
    saved_seconds: Mapped[int | None] = mapped_column(BigInteger)


class RollupMark(db.Model):
    """Where the rollup stands: the last dossier id counted (SQLite) and the data's last month."""

    __tablename__ = "rollup_mark"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(Integer, default=0)
    last_month: Mapped[int | None] = mapped_column(Integer)  # YYYYMM


class PublishedMonth(db.Model):
    __tablename__ = "published_month"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class PublishedFigure(db.Model):
    """Frozen copy of a month's figures per agency, as the public sees them."""

    __tablename__ = "published_figure"

    month: Mapped[str] = mapped_column(
        ForeignKey("published_month.month", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    figures: Mapped[dict] = mapped_column(JSON)


class Correction(db.Model):
    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    published_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)
    changed: Mapped[dict] = mapped_column(JSON)


class SearchLog(db.Model):
    """Catalogue queries counted per day (folded, no personal numbers), so staff see what
    citizens look for, what they miss, and which results nobody opened."""

    __tablename__ = "search_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[int] = mapped_column(Integer)
    query: Mapped[str] = mapped_column(String(200))
    # Searches that found nothing.
    count: Mapped[int] = mapped_column(Integer, default=0)
    searches: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Result pages opened from this query's results page.
    opened: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (UniqueConstraint("day", "query", name="uq_search_log"),)


class LateExplanation(db.Model):
    """An agency's own explanation of its late dossiers in a month, entered by staff."""

    __tablename__ = "late_explanation"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("agency_id", "month", name="uq_late_explanation"),)


class AlertSubscription(db.Model):
    """A citizen's e-mail alerts for one dossier (CONTRACT §6); no account, double opt-in.

    The address is kept only while the subscription lives. Its tokens are never stored: they
    are derived from ``token_nonce`` with the app's SECRET_KEY when a mail is written, and
    only their SHA-256 is kept, to find the subscription a link names.
    """

    __tablename__ = "alert_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    email_masked: Mapped[str] = mapped_column(String(254))
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(8))  # pending | active
    token_nonce: Mapped[str] = mapped_column(String(64))
    confirm_hash: Mapped[str] = mapped_column(String(64), unique=True)
    unsubscribe_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)


class AlertOutbox(db.Model):
    """One e-mail to send, written in the transaction of the change that caused it."""

    __tablename__ = "alert_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert_subscription.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))  # confirm | status | event
    change: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(10), default="queued"
    )  # queued|sent|failed|cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    # A sender's lease: "host:pid" and until when; a crashed sender's lease is taken back.
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_alert_outbox_due", "status", "next_attempt_at"),)


class AlertFeed(db.Model):
    """A private Atom feed of one dossier's changes; only the token's SHA-256 is stored."""

    __tablename__ = "alert_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ProcedureChange(db.Model):
    """One change to a public procedure, by an import or the staff area, field by field."""

    __tablename__ = "procedure_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(8))  # import | staff
    kind: Mapped[str] = mapped_column(String(8))  # added | changed
    fields: Mapped[list] = mapped_column(JSON)  # the names of the fields that changed

    procedure: Mapped[Procedure] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (Index("ix_procedure_change_procedure", "procedure_id", "at"),)


class SearchTerm(db.Model):
    """A dictionary entry added by staff: words citizens use → words procedures use."""

    __tablename__ = "search_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(200), unique=True)  # folded (portal.text)
    term_text: Mapped[str] = mapped_column(String(200))  # as staff typed it
    meaning: Mapped[str] = mapped_column(String(500))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
