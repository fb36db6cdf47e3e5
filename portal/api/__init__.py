"""The JSON API (/api/v1): each module adds its routes to the one blueprint."""

from . import late_csv, lookup, openapi, stats, subscriptions, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
