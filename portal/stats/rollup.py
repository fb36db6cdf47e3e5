"""The monthly rollup (month × agency) that imports refresh in their own transaction.

``refresh`` recounts every figure of ``portal.stats.figures`` per month and agency with four
GROUP BY queries over the integer day columns (YYYYMMDD; ``day / 100`` is YYYYMM in SQLite and
PostgreSQL alike) and writes only the rows that changed into ``monthly_figure``. It never scans
dossiers one by one in Python, so it stays quick at a province's full volume.

Why cumulative sums give the contract's stocks. Write r, d, f for a dossier's received, due
and finished month (f: none while unfinished) and m for a month, whose E is the first day of
the month after: "before E" is "in month m or earlier", "before S" is "before month m".

* pending(m) = #{r ≤ m and not f ≤ m} = #{r ≤ m} − #{r ≤ m and f ≤ m}
             = Σ_{k ≤ m} received(k) − Σ_{k ≤ m} finished_by_max(r, f)(k)
* carried_over(m) = #{r < m and not f < m} = pending(m − 1)
* pending_overdue(m) = #{r ≤ m and d ≤ m and not f ≤ m}
             = #{max(r, d) ≤ m} − #{max(r, d, f) ≤ m, f known}
             = Σ_{k ≤ m} by_max(r, d)(k) − Σ_{k ≤ m} finished_by_max(r, d, f)(k)

Grouping by the maxima (not by f and d alone) keeps these exact even for a dossier whose dates
are out of order. The flows (received, resolved, closed, postal returns, "4 tại chỗ", ratings,
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

from ..models import (
    CLOSED_STATUSES,
    RESOLVED_STATUSES,
    Dossier,
    MonthlyFigure,
    Rating,
)
from .figures import STORED_KEYS, current_month

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


def _greatest(a, b):
    return case((a > b, a), else_=b)


def _by_position(count: int) -> list:
    # GROUP BY 1, 2, ...: PostgreSQL would not match a CASE with bound parameters in the select
    # list to the same CASE repeated in GROUP BY (each copy gets its own parameters).
    return [literal_column(str(i)) for i in range(1, count + 1)]


def _next(month: int) -> int:
    return month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1


def compute(session: Session) -> dict[tuple[str, int], dict]:
    """Every non-zero month × agency: {("2022-07", agency_id): flat figures}."""
    d = Dossier.__table__
    flows: dict[tuple[int, int], dict] = defaultdict(lambda: dict.fromkeys(STORED_KEYS, 0))
    # Stocks as month deltas per agency, summed up cumulatively below.
    received = defaultdict(lambda: defaultdict(int))  # by r
    finished_rf = defaultdict(lambda: defaultdict(int))  # by max(r, f)
    due_rd = defaultdict(lambda: defaultdict(int))  # by max(r, d)
    finished_rdf = defaultdict(lambda: defaultdict(int))  # by max(r, d, f)

    r_month = _month(d.c.received_day)
    for agency, month, channel, four, n in session.execute(
        select(d.c.agency_id, r_month, d.c.channel, d.c.four_on_site, func.count())
        .group_by(*_by_position(4))
    ):
        row = flows[(month, agency)]
        row["received_new"] += n
        row[f"received_by_channel.{channel}"] += n
        if four:
            row["four_on_site"] += n
        received[agency][month] += n

    rd = _greatest(d.c.received_day, d.c.due_day)
    rd_month = _month(rd)
    for agency, month, n in session.execute(
        select(d.c.agency_id, rd_month, func.count()).group_by(*_by_position(2))
    ):
        due_rd[agency][month] += n

    f_month = _month(d.c.finished_day)
    rf_month = _month(_greatest(d.c.received_day, d.c.finished_day))
    rdf_month = _month(_greatest(rd, d.c.finished_day))
    timing = case((d.c.finished_day < d.c.due_day, -1), (d.c.finished_day == d.c.due_day, 0),
                  else_=1)
    kind = case((d.c.status.in_(RESOLVED_STATUSES), "resolved"),
                (d.c.status.in_(CLOSED_STATUSES), "closed"), else_="other")
    postal = case((d.c.return_channel == "postal", 1), else_=0)
    saved = func.sum(case((d.c.saved_seconds > 0, d.c.saved_seconds), else_=0))
    keys = (d.c.agency_id, f_month, rf_month, rdf_month, kind, timing, postal)
    for agency, month, rf, rdf, what, when, by_post, n, seconds in session.execute(
        select(*keys, func.count(), saved)
        .where(d.c.finished_day.is_not(None))
        .group_by(*_by_position(len(keys)))
    ):
        finished_rf[agency][rf] += n
        finished_rdf[agency][rdf] += n
        row = flows[(month, agency)]
        if what == "resolved":
            row["resolved"] += n
            row[("resolved_early", "resolved_on_time", "resolved_late")[when + 1]] += n
            if by_post:
                row["returned_by_postal"] += n
            row["time_saved_seconds"] += int(seconds or 0)
        elif what == "closed":
            row["closed_without_result"] += n

    r = Rating.__table__
    rated_month = _month(r.c.rated_day)
    for agency, month, score, n in session.execute(
        select(d.c.agency_id, rated_month, r.c.score, func.count())
        .select_from(r.join(d, d.c.id == r.c.dossier_id))
        .group_by(*_by_position(3))
    ):
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
                    carried, pending, overdue)
                out[(f"{month // 100:04d}-{month % 100:02d}", agency)] = row
            month = _next(month)
    return out


def refresh(session: Session, kind: str = "all") -> int:
    """Recompute the rollup after an import of `kind`, inside the caller's transaction.

    Writes only the month × agency rows that changed; returns how many it wrote or removed.
    The caller commits (or rolls back) — an import and its rollup land together or not at all.
    """
    if kind not in KINDS_WITH_FIGURES:
        return 0
    lock(session)
    new = compute(session)
    table = MonthlyFigure.__table__
    old = {(m, a): f for m, a, f in session.execute(
        select(table.c.month, table.c.agency_id, table.c.figures))}
    gone = [key for key in old if key not in new]
    added = [{"month": m, "agency_id": a, "figures": f} for (m, a), f in new.items()
             if (m, a) not in old]
    changed = [{"m": m, "a": a, "figures": f} for (m, a), f in new.items()
               if (m, a) in old and old[(m, a)] != f]
    for month, agency in gone:
        session.execute(delete(table).where(table.c.month == month,
                                            table.c.agency_id == agency))
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
