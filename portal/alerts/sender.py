"""send-alerts: deliver the outbox over SMTP, each message marked as soon as it is sent.

Senders take small batches on a lease ("host:pid:run", until when): on PostgreSQL the batch
is chosen with SELECT ... FOR UPDATE SKIP LOCKED so several senders never wait for or take
each other's rows; on SQLite, the one writer at a time, the claim is a conditional UPDATE that
only one sender can win. A sender killed mid-run leaves its lease behind: a later run on the
same host takes it back at once (the process is gone), another host after the lease.
The only mail that can go twice is the one in flight at the kill (sent, not yet marked); it
keeps its Message-ID, so mail clients show it once.

A batch is read in a few queries and composed before its first message goes (so whether a
subscription is still active is checked then, a fraction of a second before sending); then
its messages go one after another over the one connection, each marked sent and committed
before the next goes.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import bindparam, or_, select, text, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import AlertOutbox, AlertSubscription, Dossier
from .messages import Composer
from .subscriptions import expire, mask, mask_all

log = logging.getLogger("portal.alerts")

OUTBOX = AlertOutbox.__table__

HOST = socket.gethostname()
LEASE = timedelta(minutes=10)
CLAIM_BATCH = 50
MAX_ATTEMPTS = 8  # a message the server keeps deferring: about 4 hours of tries, then failed
CONNECT_TRIES = 3


class ServerUnavailable(Exception):
    """The mail server cannot be reached or refuses to work: stop, leave the mail queued."""


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None


def parse_mail_url(url: str) -> MailServer:
    """Read MAIL_URL: smtp://host:port or smtp+starttls://user:password@host:port."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtp+starttls") or not parts.hostname:
        raise ValueError(
            "MAIL_URL must look like smtp://host:port or smtp+starttls://user:password@host:port"
        )
    return MailServer(
        host=parts.hostname,
        port=parts.port or 25,
        starttls=parts.scheme == "smtp+starttls",
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


class Mailer:
    """One SMTP connection, opened on first use and again after a drop, with backoff."""

    def __init__(self, server: MailServer, retry_seconds: float, timeout: float = 30):
        self.server = server
        self.retry_seconds = retry_seconds
        self.timeout = timeout
        self.smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.server.host, self.server.port, timeout=self.timeout)
        if self.server.starttls:
            smtp.starttls()
        if self.server.user:
            smtp.login(self.server.user, self.server.password or "")
        return smtp

    def connect(self) -> None:
        delay = self.retry_seconds
        for attempt in range(1, CONNECT_TRIES + 1):
            try:
                self.smtp = self._open()
                return
            except (OSError, smtplib.SMTPException) as error:
                log.warning(
                    "mail server unreachable (try %s of %s): %s",
                    attempt,
                    CONNECT_TRIES,
                    type(error).__name__,
                )
                if attempt < CONNECT_TRIES:
                    time.sleep(delay)
                    delay *= 2
        raise ServerUnavailable("the mail server could not be reached")

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        """Send one message; a dropped connection is reopened once before giving up."""
        for retry in (False, True):
            if self.smtp is None:
                self.connect()
            try:
                self.smtp.sendmail(sender, [recipient], message)
                return
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError):
                self.smtp = None
                if retry:
                    raise ServerUnavailable("the mail server dropped the connection") from None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None


@dataclass
class Report:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    cancelled: int = 0
    ended_subscriptions: int = 0
    unavailable: str | None = None

    @property
    def ok(self) -> bool:
        return self.unavailable is None and not self.deferred and not self.failed

    @property
    def summary(self) -> str:
        return (
            f"sent {self.sent}, deferred {self.deferred}, failed {self.failed}, "
            f"cancelled {self.cancelled}, subscriptions ended {self.ended_subscriptions}"
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_claims(now: datetime) -> None:
    """Take back the leases of senders on this host that are no longer running."""
    holders = db.session.scalars(
        select(AlertOutbox.claimed_by)
        .where(
            AlertOutbox.status == "queued",
            AlertOutbox.claimed_until >= now,
            AlertOutbox.claimed_by.like(f"{HOST}:%"),
        )
        .distinct()
    ).all()
    dead = [h for h in holders if not _pid_alive(int(h.split(":")[1]))]
    if dead:
        db.session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.claimed_by.in_(dead), AlertOutbox.status == "queued")
            .values(claimed_by=None, claimed_until=None)
        )
    db.session.commit()


def _claimable(now: datetime):
    return (
        AlertOutbox.status == "queued",
        AlertOutbox.next_attempt_at <= now,
        or_(AlertOutbox.claimed_until.is_(None), AlertOutbox.claimed_until < now),
    )


def claim(me: str, now: datetime, size: int = CLAIM_BATCH) -> list[int]:
    """Lease the next due messages to this sender; return their ids, oldest first."""
    candidates = db.session.scalars(
        select(AlertOutbox.id)
        .where(*_claimable(now))
        .order_by(AlertOutbox.id)
        .limit(size)
        .with_for_update(skip_locked=True)
    ).all()
    if not candidates:
        db.session.commit()
        return []
    db.session.execute(
        update(AlertOutbox)
        .where(AlertOutbox.id.in_(candidates), *_claimable(now))
        .values(claimed_by=me, claimed_until=now + LEASE)
    )
    mine = db.session.scalars(
        select(AlertOutbox.id)
        .where(AlertOutbox.id.in_(candidates), AlertOutbox.claimed_by == me)
        .order_by(AlertOutbox.id)
    ).all()
    db.session.commit()
    return list(mine)


def _finish(row_id: int, me: str, **values) -> None:
    """Record a message's outcome, if the lease is still this sender's; commit at once, so a
    sender killed after this message goes does not send it again."""
    db.session.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id == row_id, OUTBOX.c.claimed_by == me)
        .values(claimed_by=None, claimed_until=None, **values)
    )
    db.session.commit()


ASYNC_COMMIT = text("SET LOCAL synchronous_commit TO OFF")
# One statement for every sent message, built once (its cache key too).
MARK_SENT = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("row_id"), OUTBOX.c.claimed_by == bindparam("me"))
    .values(
        status="sent",
        sent_at=bindparam("at"),
        attempts=bindparam("tries"),
        last_error=None,
        claimed_by=None,
        claimed_until=None,
    )
)


def _mark_sent(item: Outgoing, me: str, now: datetime) -> None:
    """Mark a message sent and commit before the next one goes: a kill can repeat only the
    one in flight.

    On PostgreSQL this commit does not wait for the disk (synchronous_commit off, for this
    transaction only), which would otherwise cost more than the rest of a message: a killed
    sender loses nothing, the server has the mark; only a crash of the database server itself
    could forget the marks of its last fraction of a second, and those messages would go again
    with their Message-ID, as SQLite's synchronous=NORMAL already accepts.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(ASYNC_COMMIT)
    db.session.execute(
        MARK_SENT, {"row_id": item.row_id, "me": me, "at": now, "tries": item.attempts + 1}
    )
    db.session.commit()


def _release(row_ids: list[int], me: str) -> None:
    if row_ids:
        db.session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.id.in_(row_ids), AlertOutbox.claimed_by == me)
            .values(claimed_by=None, claimed_until=None)
        )
        db.session.commit()


def backoff(attempts: int) -> timedelta:
    """How long to wait before trying a deferred message again: 2, 4, 8 … minutes."""
    return timedelta(minutes=min(2**attempts, 240))


def _refusal(error: smtplib.SMTPException) -> tuple[int, str]:
    """The SMTP code and reason of a refused message, with any address in it masked."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
    else:
        code, text = getattr(error, "smtp_code", 0), getattr(error, "smtp_error", b"")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return code, mask_all(f"{code} {text}")[:300]


@dataclass(frozen=True)
class Outgoing:
    """One composed e-mail of a leased batch, ready to go."""

    row_id: int
    kind: str
    attempts: int
    sender: str
    recipient: str
    message: bytes

    @property
    def masked(self) -> str:
        """The recipient as the log may name it."""
        return mask(self.recipient)


def prepare(batch: list[int], me: str, now: datetime, report: Report) -> list[Outgoing]:
    """Compose a leased batch's e-mails from a few queries; the ones nobody should get any
    more (unsubscribed, or the address already deleted) are marked cancelled."""
    rows = db.session.scalars(
        select(AlertOutbox)
        .where(AlertOutbox.id.in_(batch), AlertOutbox.claimed_by == me)
        .order_by(AlertOutbox.id)
    ).all()
    wanted = {row.subscription_id for row in rows if row.subscription_id is not None}
    subscriptions = {
        s.id: s
        for s in db.session.scalars(
            select(AlertSubscription).where(AlertSubscription.id.in_(wanted))
        )
    }
    dossiers = {
        d.id: d
        for d in db.session.scalars(
            select(Dossier)
            .where(Dossier.id.in_({s.dossier_id for s in subscriptions.values()}))
            .options(joinedload(Dossier.procedure))
        )
    }
    composer = Composer(now)
    outgoing, cancelled = [], []
    for row in rows:
        subscription = subscriptions.get(row.subscription_id)
        if subscription is None or (row.kind != "confirm" and subscription.status != "active"):
            cancelled.append(row.id)
            continue
        message = composer.compose(row, subscription, dossiers[subscription.dossier_id])
        outgoing.append(
            Outgoing(
                row.id,
                row.kind,
                row.attempts,
                composer.envelope_sender,
                subscription.email,
                message,
            )
        )
    if cancelled:
        db.session.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(cancelled), OUTBOX.c.claimed_by == me)
            .values(claimed_by=None, claimed_until=None, status="cancelled")
        )
        report.cancelled += len(cancelled)
    db.session.commit()
    return outgoing


def _refused(item: Outgoing, me: str, error: smtplib.SMTPException, now, report: Report) -> None:
    """A message the server refused: deferred with backoff (4xx), else failed."""
    code, reason = _refusal(error)
    attempts = item.attempts + 1
    if 400 <= code < 500 and attempts < MAX_ATTEMPTS:
        _finish(
            item.row_id,
            me,
            attempts=attempts,
            last_error=reason,
            next_attempt_at=now + backoff(attempts),
        )
        report.deferred += 1
        log.warning("alert %s to %s deferred: %s", item.row_id, item.masked, reason)
    else:
        _finish(item.row_id, me, attempts=attempts, last_error=reason, status="failed")
        report.failed += 1
        log.warning("alert %s to %s failed: %s", item.row_id, item.masked, reason)


def deliver(item: Outgoing, me: str, mailer: Mailer, clock: Callable[[], datetime], report):
    """Send one composed message and record at once what became of it."""
    try:
        mailer.send(item.sender, item.recipient, item.message)
    except smtplib.SMTPSenderRefused as error:
        raise ServerUnavailable(
            f"the mail server refused the sender: {_refusal(error)[1]}"
        ) from None
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
        _refused(item, me, error, clock(), report)
        return
    _mark_sent(item, me, clock())
    report.sent += 1
    log.info("alert %s (%s) sent to %s", item.row_id, item.kind, item.masked)


def _send_batch(batch: list[int], me: str, mailer: Mailer, clock, report: Report) -> None:
    """Compose a leased batch, then send it message by message over one connection."""
    outgoing = prepare(batch, me, clock(), report)
    for index, item in enumerate(outgoing):
        try:
            deliver(item, me, mailer, clock, report)
        except ServerUnavailable:
            db.session.rollback()
            _release([o.row_id for o in outgoing[index:]], me)
            raise


def send_due(mailer: Mailer, clock: Callable[[], datetime], limit: int | None = None) -> Report:
    """Send every message due now (at most ``limit``); stop at the first server outage."""
    report = Report()
    me = f"{HOST}:{os.getpid()}:{secrets.token_hex(4)}"
    report.ended_subscriptions = expire(clock())
    release_dead_claims(clock())
    handled = 0
    try:
        while limit is None or handled < limit:
            size = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - handled)
            batch = claim(me, clock(), size)
            if not batch:
                break
            try:
                _send_batch(batch, me, mailer, clock, report)
            except ServerUnavailable as error:
                report.unavailable = str(error)
                return report
            handled += len(batch)
    finally:
        mailer.close()
    return report


def mailer_from_config() -> Mailer:
    config = current_app.config
    return Mailer(parse_mail_url(config["MAIL_URL"]), config["MAIL_RETRY_SECONDS"])
