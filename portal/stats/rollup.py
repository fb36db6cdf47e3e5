"""The monthly rollup (month × agency) that imports refresh in their own transaction.

``refresh`` recounts every figure of ``portal.stats.figures`` per month and agency with one
GROUP BY pass over the dossiers' integer day columns (YYYYMMDD; ``day / 100`` is YYYYMM in
SQLite and PostgreSQL alike) and one over the ratings, folds the few thousand groups in Python,
and writes only the rows that changed into ``monthly_figure``. It never handles dossiers one
by one in Python. After a ratings import only the ratings are recounted.

Why cumulative sums give the contract's stocks. Write r, d, f for a dossier's received, due
and finished month (f: none while unfinished) and m for a month, whose E is the first day of
the month after: "before E" is "in month m or earlier", "before S" is "before month m".

* pending(m) = #{r ≤ m and not f ≤ m} = #{r ≤ m} − #{r ≤ m and f ≤ m}
             = Σ_{k ≤ m} received(k) − Σ_{k ≤ m} finished_by_max(r, f)(k)
* carried_over(m) = #{r < m and not f < m} = pending(m − 1)
* pending_overdue(m) = #{r ≤ m and d ≤ m and not f ≤ m}
             = #{max(r, d) ≤ m} − #{max(r, d, f) ≤ m, f known}
             = Σ_{k ≤ m} by_max(r, d)(k) − Σ_{k ≤ m} finished_by_max(r, d, f)(k)

Counting by the maxima (not by f and d alone) keeps these exact even for a dossier whose dates
are out of order; as the month of a later day is never earlier, the maxima are taken over the
three months. The flows (received, resolved, closed, postal returns, "4 tại chỗ", ratings,
time saved) are plain counts by month. Together they satisfy, for every month and agency,
received_new + carried_over = resolved + closed_without_result + pending, given that a dossier
is never finished before it is received (the import refuses such rows).

A row is kept for every agency and month from the earliest data month up to the current month
(or the latest data month, if later) in which any figure is non-zero; a month × agency with no
row has every figure 0.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import (
    Integer,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from ..dossiers.workdays import from_day_int, working_days_between
from ..models import (
    CLOSED_STATUSES,
    RESOLVED_STATUSES,
    Dossier,
    MonthlyFigure,
    Rating,
)
from .figures import STORED_KEYS
from .periods import current_month

# Kinds whose import can change a figure; agencies, procedures and events cannot.
KINDS_WITH_FIGURES = {"dossiers", "ratings", "all"}
LOCK_KEY = 4_2022_07  # PostgreSQL advisory lock shared with publishing


def lock(session: Session) -> None:
    """Serialise rollup refreshes and publications (PostgreSQL; SQLite has one writer anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def _month(day):
    # Integer division renders as plain "day / 100" on both engines (the true-division
    # operator "/" would make SQLAlchemy cast to a decimal).
    return day // literal_column("100", Integer)


def _by_position(count: int) -> list:
    # GROUP BY 1, 2, ...: PostgreSQL would not match a CASE with bound parameters in the select
    # list to the same CASE repeated in GROUP BY (each copy gets its own parameters).
    return [literal_column(str(i)) for i in range(1, count + 1)]


def _next(month: int) -> int:
    return month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1


OUTCOMES = (None, "resolved_early", "resolved_on_time", "resolved_late", "closed_without_result")
RATING_KEYS = tuple(k for k in STORED_KEYS if k.startswith("ratings."))


def _dossier_counts(session: Session):
    """One pass over the dossiers, grouped by everything the figures tell apart.

    One GROUP BY instead of one per figure: SQLite sorts once (the sort is what costs), and
    PostgreSQL hashes once. Month first in the grouping, so SQLite scans the table in order
    instead of walking an index and jumping to each row.
    """
    d = Dossier.__table__
    r, due, f = d.c.received_day, d.c.due_day, d.c.finished_day
    outcome = case(
        (d.c.status.in_(RESOLVED_STATUSES), case((f < due, 1), (f == due, 2), else_=3)),
        (d.c.status.in_(CLOSED_STATUSES), 4),
        else_=0,
    )
    postal = case((d.c.return_channel == "postal", 1), else_=0)
    # month(max(a, b)) = max(month(a), month(b)): the stocks' maxima are taken in Python from
    # these three months, which keeps the grouping (and SQLite's sort) small.
    keys = (
        _month(r),
        d.c.agency_id,
        _month(due),
        _month(f),
        d.c.channel,
        d.c.four_on_site,
        outcome,
        postal,
    )
    saved = func.sum(case((d.c.saved_seconds > 0, d.c.saved_seconds), else_=0))
    return session.execute(select(*keys, func.count(), saved).group_by(*_by_position(len(keys))))


def _rating_counts(session: Session):
    d, r = Dossier.__table__, Rating.__table__
    return session.execute(
        select(d.c.agency_id, _month(r.c.rated_day), r.c.score, func.count())
        .select_from(r.join(d, d.c.id == r.c.dossier_id))
        .group_by(*_by_position(3))
    )


def _early_days(session: Session):
    """Dossiers resolved before their due date, grouped by agency, result day and due day."""
    d = Dossier.__table__
    f, due = d.c.finished_day, d.c.due_day
    return session.execute(
        select(d.c.agency_id, _month(f), f, due, func.count())
        .where(d.c.status.in_(RESOLVED_STATUSES), f < due)
        .group_by(*_by_position(4))
    )


def _add_working_hours(flows: dict, session: Session) -> None:
    """Working hours saved: the working days from result to due date, 8 hours each."""
    for agency, f_month, finished, due, n in _early_days(session):
        days = working_days_between(from_day_int(finished), from_day_int(due))
        flows[(f_month, agency)]["working_hours_saved"] += 8 * days * n


def _label(month: int) -> str:
    return f"{month // 100:04d}-{month % 100:02d}"


def compute(session: Session) -> dict[tuple[str, int], dict]:
    """Every non-zero month × agency: {("2022-07", agency_id): flat figures}."""
    flows: dict[tuple[int, int], dict] = defaultdict(lambda: dict.fromkeys(STORED_KEYS, 0))
    # Stocks as month deltas per agency, summed up cumulatively below.
    received = defaultdict(lambda: defaultdict(int))  # by r
    finished_rf = defaultdict(lambda: defaultdict(int))  # by max(r, f)
    due_rd = defaultdict(lambda: defaultdict(int))  # by max(r, d)
    finished_rdf = defaultdict(lambda: defaultdict(int))  # by max(r, d, f)

    for (
        r_month,
        agency,
        d_month,
        f_month,
        channel,
        four,
        outcome,
        by_post,
        n,
        seconds,
    ) in _dossier_counts(session):
        row = flows[(r_month, agency)]
        row["received_new"] += n
        row[f"received_by_channel.{channel}"] += n
        if four:
            row["four_on_site"] += n
        received[agency][r_month] += n
        rd = max(r_month, d_month)
        due_rd[agency][rd] += n
        if f_month is None:
            continue
        finished_rf[agency][max(r_month, f_month)] += n
        finished_rdf[agency][max(rd, f_month)] += n
        if outcome:
            row = flows[(f_month, agency)]
            row[OUTCOMES[outcome]] += n
            if outcome < 4:
                row["resolved"] += n
                row["time_saved_seconds"] += int(seconds or 0)
                if by_post:
                    row["returned_by_postal"] += n

    _add_working_hours(flows, session)
    for agency, month, score, n in _rating_counts(session):
        key = f"ratings.{score}"
        if key in STORED_KEYS:
            flows[(month, agency)][key] += n

    months = {m for m, _ in flows} | {m for per in due_rd.values() for m in per}
    if not months:
        return {}
    now = int(current_month().replace("-", ""))
    first, last = min(months), max(max(months), now)

    out: dict[tuple[str, int], dict] = {}
    agencies = set(received) | set(due_rd) | {a for _, a in flows}
    for agency in agencies:
        pending = overdue = 0
        month = first
        while month <= last:
            carried = pending
            pending += received[agency].get(month, 0) - finished_rf[agency].get(month, 0)
            overdue += due_rd[agency].get(month, 0) - finished_rdf[agency].get(month, 0)
            row = flows.get((month, agency))
            if row or pending or carried or overdue:
                row = dict(row) if row else dict.fromkeys(STORED_KEYS, 0)
                row["carried_over"], row["pending"], row["pending_overdue"] = (
                    carried,
                    pending,
                    overdue,
                )
                out[(_label(month), agency)] = row
            month = _next(month)
    return out


def with_new_ratings(session: Session, old: dict[tuple[str, int], dict]) -> dict:
    """The rollup after a ratings import: the dossier figures kept, the ratings recounted."""
    new = {key: dict(row, **dict.fromkeys(RATING_KEYS, 0)) for key, row in old.items()}
    for agency, month, score, n in _rating_counts(session):
        key = f"ratings.{score}"
        if key in STORED_KEYS:
            row = new.setdefault((_label(month), agency), dict.fromkeys(STORED_KEYS, 0))
            row[key] += n
    return {key: row for key, row in new.items() if any(row.values())}


def refresh(session: Session, kind: str = "all") -> int:
    """Recompute the rollup after an import of `kind`, inside the caller's transaction.

    Writes only the month × agency rows that changed; returns how many it wrote or removed.
    The caller commits (or rolls back) — an import and its rollup land together or not at all.
    """
    if kind not in KINDS_WITH_FIGURES:
        return 0
    lock(session)
    table = MonthlyFigure.__table__
    old = {
        (m, a): f
        for m, a, f in session.execute(select(table.c.month, table.c.agency_id, table.c.figures))
    }
    # A ratings import changes only the ratings: no need to go over the dossiers again.
    new = with_new_ratings(session, old) if kind == "ratings" else compute(session)
    gone = [key for key in old if key not in new]
    added = [
        {"month": m, "agency_id": a, "figures": f} for (m, a), f in new.items() if (m, a) not in old
    ]
    changed = [
        {"m": m, "a": a, "figures": f}
        for (m, a), f in new.items()
        if (m, a) in old and old[(m, a)] != f
    ]
    for month, agency in gone:
        session.execute(delete(table).where(table.c.month == month, table.c.agency_id == agency))
    if added:
        session.execute(insert(table), added)
    if changed:
        session.execute(
            update(table)
            .where(table.c.month == bindparam("m"), table.c.agency_id == bindparam("a"))
            .values(figures=bindparam("figures")),
            changed,
        )
    return len(gone) + len(added) + len(changed)
