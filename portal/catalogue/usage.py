"""How much each procedure is used: dossiers received in the last 12 months, for ranking."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import Dossier, Procedure


def refresh_yearly_dossiers(session: Session, today: date) -> None:
    """Store each procedure's dossiers received in the 12 months up to today.

    Run by each dossier import, in its transaction; only procedures whose count moved are
    written, so an import that changes nothing leaves the search caches alone. Each count reads
    the index ix_dossier_procedure_received (procedure, received day) over the last year alone.
    """
    since = today - timedelta(days=365)
    received = (
        select(func.count())
        .where(
            Dossier.procedure_id == Procedure.id,
            Dossier.received_day > since.year * 10000 + since.month * 100 + since.day,
        )
        .scalar_subquery()
    )
    session.execute(
        update(Procedure)
        .where(Procedure.yearly_dossiers != received)
        .values(yearly_dossiers=received)
        .execution_options(synchronize_session=False)
    )
