"""The monthly rollup (month × agency) that imports refresh in their own transaction.

A full recount (``compute``) counts every figure of ``portal.stats.figures`` per month and
agency with one GROUP BY pass over the dossiers' integer day columns (YYYYMMDD; ``day / 100``
is YYYYMM in SQLite and PostgreSQL alike) and one over the ratings, folds the few thousand
groups in Python, and never handles dossiers one by one in Python.

``refresh`` does not recount: every figure is a sum over dossiers (the stocks as running sums
of monthly changes, below), so the rollup is taken apart into those sums (``Parts``), the
changed dossiers are taken away as they were at the last refresh and added as they are now —
the same GROUP BY, over them alone — and the sums are folded back into rows. Every month ×
agency a changed dossier counted in, before or after, follows, and no other. Database
triggers (migration 0020) journal the old values of every dossier whose counted columns
change or that is deleted, and (PostgreSQL) every inserted one; SQLite's inserted dossiers
are those above the last id counted (``rollup_mark``). Above ``FULL_RECOUNT_ABOVE`` changes,
on an empty rollup, or a first refresh, it recounts everything. Only the rows that changed
are written into ``monthly_figure``. After a ratings import only the ratings are recounted.

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
    or_,
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
    RollupJournal,
    RollupMark,
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


def _dossier_counts(session: Session, d=None):
    """One pass over the dossiers (or ``d``, a selectable with the same columns), grouped by
    everything the figures tell apart.

    One GROUP BY instead of one per figure: SQLite sorts once (the sort is what costs), and
    PostgreSQL hashes once. Month first in the grouping, so SQLite scans the table in order
    instead of walking an index and jumping to each row.
    """
    d = Dossier.__table__ if d is None else d
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


def _rating_counts(session: Session, d=None):
    d = Dossier.__table__ if d is None else d
    r = Rating.__table__
    return session.execute(
        select(d.c.agency_id, _month(r.c.rated_day), r.c.score, func.count())
        .select_from(r.join(d, d.c.id == r.c.dossier_id))
        .group_by(*_by_position(3))
    )


def _early_days(session: Session, d=None):
    """Dossiers resolved before their due date, grouped by agency, result day and due day."""
    d = Dossier.__table__ if d is None else d
    f, due = d.c.finished_day, d.c.due_day
    return session.execute(
        select(d.c.agency_id, _month(f), f, due, func.count())
        .where(d.c.status.in_(RESOLVED_STATUSES), f < due)
        .group_by(*_by_position(4))
    )


def _label(month: int) -> str:
    return f"{month // 100:04d}-{month % 100:02d}"


def _number(label: str) -> int:
    return int(label[:4]) * 100 + int(label[5:7])


def _previous(month: int) -> int:
    return month - 1 if month % 100 > 1 else (month // 100 - 1) * 100 + 12


STOCK_KEYS = ("carried_over", "pending", "pending_overdue")
FLOW_KEYS = tuple(k for k in STORED_KEYS if k not in STOCK_KEYS)


class Parts:
    """The rollup taken apart into sums over dossiers, so that parts can be added and taken away.

    ``flows``: {(month, agency): {flow figure: n}}; ``pending`` and ``overdue``: the month's
    change of the two stocks, {(month, agency): n}; ``months``: every month a figure is counted
    in (the received, due, finished and rated months), which decides how far the rollup runs.
    """

    def __init__(self, sign: int = 1):
        self.sign = sign
        self.flows: dict[tuple[int, int], dict] = defaultdict(lambda: dict.fromkeys(FLOW_KEYS, 0))
        self.pending: dict[tuple[int, int], int] = defaultdict(int)
        self.overdue: dict[tuple[int, int], int] = defaultdict(int)
        self.months: set[int] = set()

    def count_dossiers(self, rows) -> None:
        """Stocks as month deltas per agency: pending = Σ by r − Σ by max(r, f); overdue =
        Σ by max(r, d) − Σ by max(r, d, f) (see the module's docstring)."""
        sign = self.sign
        for r_month, agency, d_month, f_month, channel, four, outcome, by_post, n, seconds in rows:
            n *= sign
            row = self.flows[(r_month, agency)]
            row["received_new"] += n
            row[f"received_by_channel.{channel}"] += n
            if four:
                row["four_on_site"] += n
            rd = max(r_month, d_month)
            self.pending[(r_month, agency)] += n
            self.overdue[(rd, agency)] += n
            self.months.add(rd)
            if f_month is None:
                continue
            self.pending[(max(r_month, f_month), agency)] -= n
            self.overdue[(max(rd, f_month), agency)] -= n
            if outcome:
                self._outcome(self.flows[(f_month, agency)], outcome, by_post, n, seconds)

    def _outcome(self, row: dict, outcome: int, by_post: int, n: int, seconds) -> None:
        row[OUTCOMES[outcome]] += n
        if outcome < 4:
            row["resolved"] += n
            row["time_saved_seconds"] += self.sign * int(seconds or 0)
            if by_post:
                row["returned_by_postal"] += n

    def count_early_days(self, rows) -> None:
        """Working hours saved: the working days from result to due date, 8 hours each."""
        for agency, f_month, finished, due, n in rows:
            days = working_days_between(from_day_int(finished), from_day_int(due))
            self.flows[(f_month, agency)]["working_hours_saved"] += self.sign * 8 * days * n

    def count_ratings(self, rows) -> None:
        for agency, month, score, n in rows:
            key = f"ratings.{score}"
            if key in STORED_KEYS:
                self.flows[(month, agency)][key] += self.sign * n

    def count(self, session: Session, d=None) -> Parts:
        """Count every dossier (``d`` None) or those of the selectable ``d``, ratings included."""
        self.count_dossiers(_dossier_counts(session, d))
        self.count_early_days(_early_days(session, d))
        self.count_ratings(_rating_counts(session, d))
        self.months |= {m for m, _ in self.flows}
        return self

    def add(self, other: Parts) -> Parts:
        for key, row in other.flows.items():
            mine = self.flows[key]
            for name, n in row.items():
                mine[name] += n
        for mine, theirs in ((self.pending, other.pending), (self.overdue, other.overdue)):
            for key, n in theirs.items():
                mine[key] += n
        self.months |= other.months
        return self

    @classmethod
    def of_rollup(cls, stored: dict[tuple[str, int], dict]) -> Parts:
        """The parts of a stored rollup: flows as they are, stocks back to monthly changes."""
        parts = cls()
        for (label, agency), row in stored.items():
            month = _number(label)
            parts.flows[(month, agency)] = {k: row.get(k, 0) for k in FLOW_KEYS}
            parts.pending[(month, agency)] += row["pending"] - row["carried_over"]
            before = stored.get((_label(_previous(month)), agency))
            # No row for the month before: every figure was 0 there (rows run without gaps
            # while a stock is non-zero, and the overdue are among the pending).
            parts.overdue[(month, agency)] += row["pending_overdue"] - (
                before["pending_overdue"] if before else 0
            )
        return parts

    def fold(self, last_data_month: int | None) -> dict[tuple[str, int], dict]:
        """Every non-zero month × agency, from the first month counted up to the current
        month (or ``last_data_month``, if later): {("2022-07", agency_id): flat figures}."""
        if last_data_month is None:
            return {}
        counted = [k for k, row in self.flows.items() if any(row.values())]
        counted += [k for k, n in self.pending.items() if n]
        counted += [k for k, n in self.overdue.items() if n]
        if not counted:
            return {}
        now = int(current_month().replace("-", ""))
        first, last = min(m for m, _ in counted), max(last_data_month, now)
        out: dict[tuple[str, int], dict] = {}
        for agency in {a for _, a in counted}:
            pending = overdue = 0
            month = first
            while month <= last:
                carried, key = pending, (month, agency)
                pending += self.pending.get(key, 0)
                overdue += self.overdue.get(key, 0)
                row = self.flows.get(key)
                if pending or carried or overdue or (row and any(row.values())):
                    row = dict(row) if row else dict.fromkeys(FLOW_KEYS, 0)
                    row["carried_over"], row["pending"], row["pending_overdue"] = (
                        carried,
                        pending,
                        overdue,
                    )
                    out[(_label(month), agency)] = {k: row[k] for k in STORED_KEYS}
                month = _next(month)
        return out


def compute(session: Session) -> dict[tuple[str, int], dict]:
    """Every non-zero month × agency, counted from all the dossiers: {("2022-07", id): row}."""
    parts = Parts().count(session)
    return parts.fold(max(parts.months) if parts.months else None)


def with_new_ratings(session: Session, old: dict, last: int | None) -> dict:
    """The rollup after a ratings import: the dossier figures kept, the ratings recounted
    (a rating's month may lengthen the rollup: it runs to ``last``)."""
    parts = Parts.of_rollup(old)
    for row in parts.flows.values():
        row.update(dict.fromkeys(RATING_KEYS, 0))
    parts.count_ratings(_rating_counts(session))
    return parts.fold(last)


# Above this many changed dossiers one pass over the whole table is quicker than two over the
# changed ones (and their journal).
FULL_RECOUNT_ABOVE = 50_000
COUNTED = (
    "agency_id",
    "channel",
    "return_channel",
    "status",
    "four_on_site",
    "received_day",
    "due_day",
    "finished_day",
    "saved_seconds",
)


def _changed(session: Session, mark: RollupMark, last_seq: int):
    """The changed dossiers as they were at the last refresh and as they are now (selectables
    with the dossier's counted columns). Before: each dossier's first journal entry, if it
    existed then; now: the journaled dossiers and, on SQLite, those inserted since."""
    j, d = RollupJournal.__table__, Dossier.__table__
    first = select(func.min(j.c.seq)).where(j.c.seq <= last_seq).group_by(j.c.dossier_id)
    was = [j.c.seq.in_(first), j.c.present.is_(True)]
    is_now = d.c.id.in_(select(j.c.dossier_id).where(j.c.seq <= last_seq))
    if session.get_bind().dialect.name == "sqlite":
        was.append(j.c.dossier_id <= mark.dossier_id)
        is_now = or_(is_now, d.c.id > mark.dossier_id)
    before = select(j.c.dossier_id.label("id"), *(j.c[c] for c in COUNTED)).where(*was)
    now = select(d.c.id, *(d.c[c] for c in COUNTED)).where(is_now)
    # Materialized: counted once, then joined to the ratings by the rating's dossier id (left
    # to itself, SQLite would walk every dossier to find the few changed ones' ratings).
    return (
        before.cte("before").prefix_with("MATERIALIZED"),
        now.cte("now").prefix_with("MATERIALIZED"),
    )


def _too_many_changes(session: Session, mark: RollupMark, last_seq: int) -> bool:
    j, d = RollupJournal.__table__, Dossier.__table__
    queries = [select(j.c.dossier_id).where(j.c.seq <= last_seq)]
    if session.get_bind().dialect.name == "sqlite":
        queries.append(select(d.c.id).where(d.c.id > mark.dossier_id))
    found = 0
    for query in queries:  # counted no further than needed
        limited = query.limit(FULL_RECOUNT_ABOVE + 1).subquery()
        found += session.execute(select(func.count()).select_from(limited)).scalar_one()
    return found > FULL_RECOUNT_ABOVE


def _last_data_month(session: Session) -> int | None:
    """The last month any dossier or rating is counted in, from the whole tables."""
    d, r = Dossier.__table__, Rating.__table__
    days = session.execute(
        select(func.max(d.c.received_day), func.max(d.c.due_day), func.max(d.c.finished_day))
    ).one()
    days = [*days, session.execute(select(func.max(r.c.rated_day))).scalar()]
    days = [day for day in days if day is not None]
    return max(days) // 100 if days else None


def recount(session: Session, stored: dict, mark: RollupMark | None, last_seq: int):
    """The rollup now, and the last data month: from the stored rollup and the changed
    dossiers alone when there are few, from all the dossiers otherwise."""
    if mark is None or not stored or _too_many_changes(session, mark, last_seq):
        parts = Parts().count(session)
        last = max(parts.months) if parts.months else None
        return parts.fold(last), last
    before, now = _changed(session, mark, last_seq)
    gone, came = Parts(-1).count(session, before), Parts().count(session, now)
    last, came_last = mark.last_month, max(came.months, default=None)
    if came_last is not None and last is not None and came_last >= last:
        last = came_last
    elif last is None or (gone.months and max(gone.months) >= last):
        last = _last_data_month(session)  # the last month may have been left: look again
    return Parts.of_rollup(stored).add(gone).add(came).fold(last), last


def _mark_done(session: Session, mark: RollupMark | None, last: int | None, seq: int):
    """Empty the journal up to ``seq`` and note where the rollup now stands."""
    j = RollupJournal.__table__
    session.execute(delete(j).where(j.c.seq <= seq))
    top = session.execute(select(func.max(Dossier.id))).scalar() or 0
    if mark is None:
        mark = RollupMark(id=1)
        session.add(mark)
    mark.dossier_id, mark.last_month = top, last
    session.flush()
    return mark


def _write(session: Session, old: dict, new: dict) -> int:
    """Write only the month × agency rows that changed; return how many."""
    table = MonthlyFigure.__table__
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


def stored(session: Session) -> dict[tuple[str, int], dict]:
    """The rollup as stored: {("2022-07", agency_id): flat figures}."""
    table = MonthlyFigure.__table__
    query = select(table.c.month, table.c.agency_id, table.c.figures)
    return {(m, a): f for m, a, f in session.execute(query)}


def refresh(session: Session, kind: str = "all") -> int:
    """Bring the rollup up to date after an import of `kind`, inside the caller's transaction.

    Dossiers: only the changed ones are counted (as they were, taken away; as they are, added)
    when there are few — the database's triggers journal every change to a counted column —
    and every month × agency they touch, before or after, follows. Ratings (and "all") recount
    the ratings. Writes only the rows that changed; returns how many it wrote or removed.
    The caller commits (or rolls back) — an import and its rollup land together or not at all.
    """
    if kind not in KINDS_WITH_FIGURES:
        return 0
    lock(session)
    old = stored(session)
    new, mark = old, session.get(RollupMark, 1)
    if kind != "ratings":
        seq = session.execute(select(func.max(RollupJournal.seq))).scalar() or 0
        new, last = recount(session, old, mark, seq)
        mark = _mark_done(session, mark, last, seq)
    if kind != "dossiers":  # a ratings import changes only the ratings
        last = _last_data_month(session)  # a rating's month may be the last one counted
        new = with_new_ratings(session, new, last)
        if mark is not None:
            mark.last_month = last
    return _write(session, old, new)
