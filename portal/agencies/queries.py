"""Agency queries for the agency pages: the procedures a unit owns."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import load_only

from ..models import Procedure


def procedures_of(agency_id: int) -> Select:
    """Return a select() of an agency's published procedures, by name."""
    return (
        select(Procedure)
        .where(Procedure.agency_id == agency_id, Procedure.published.is_(True))
        .options(load_only(Procedure.code, Procedure.name_vi, Procedure.name_en))
        .order_by(Procedure.name_vi, Procedure.code)
    )
