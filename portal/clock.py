"""The portal's one clock: the centre's time zone, and now and today in it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from .config import DEFAULT_TIME_ZONE


def zone() -> ZoneInfo:
    """The configured TIME_ZONE (Asia/Ho_Chi_Minh); its default outside an application."""
    # The demo generator also runs on its own, with no application to configure it.
    return ZoneInfo(current_app.config["TIME_ZONE"] if has_app_context() else DEFAULT_TIME_ZONE)


def utc_now() -> datetime:
    """The present instant, timezone-aware: the portal's only reading of the host's clock."""
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware time as the naive local time the database stores."""
    return moment.astimezone(zone()).replace(tzinfo=None)


def with_zone(value: datetime) -> datetime:
    """A stored naive local time with its zone attached, e.g. for ISO 8601 with an offset."""
    return value.replace(tzinfo=zone())


def now() -> datetime:
    """The current local time, naive and to the second, as the models store times."""
    return to_local(utc_now()).replace(microsecond=0)


def today() -> date:
    """Today's local calendar date."""
    return today_in(zone())


def today_in(time_zone: ZoneInfo) -> date:
    """Today's calendar date in that zone (for callers outside an application context)."""
    return utc_now().astimezone(time_zone).date()
