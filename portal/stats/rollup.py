"""The monthly rollup (month × agency) that imports refresh in their own transaction."""

from sqlalchemy.orm import Session


def refresh(session: Session, kind: str) -> None:
    """Recompute the rollup after an import of `kind`, inside the caller's transaction.

    The statistics feature fills this in; until then there is nothing to keep current.
    """
