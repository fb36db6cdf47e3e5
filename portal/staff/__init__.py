"""The staff area: sign-in, catalogue editing, imports, publishing, audit and accounts."""

from . import (  # noqa: F401  (each adds its routes to bp)
    accounts,
    alerts,
    attachments,
    dictionary,
    editing,
    explanations,
    operations,
    own_account,
    publishing,
    views,
)
from .blueprint import bp

__all__ = ["bp"]
