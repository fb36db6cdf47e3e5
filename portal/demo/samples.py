"""The sample dossiers seed-demo offers to try, kept only while the database holds demo data."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import DEMO_FLAG, SiteFlag

# One dossier of each situation worth trying, in the order they are offered.
SITUATIONS = ("processing", "apology", "overdue", "returned")


def situation(sample: dict) -> str:
    """What a sample dossier shows: open, open with an apology, overdue, or its status."""
    if sample.get("apology"):
        return "apology"
    return "overdue" if sample.get("overdue") else sample["status"]


def pick(samples: list[dict]) -> list[dict]:
    """The first sample of each situation worth trying: code, verifier and situation only."""
    first: dict[str, dict] = {}
    for sample in samples:
        first.setdefault(situation(sample), sample)
    return [
        {"code": first[kind]["code"], "verifier": first[kind]["verifier"], "situation": kind}
        for kind in SITUATIONS
        if kind in first
    ]


def record(samples: list[dict]) -> list[dict]:
    """Mark the database as demo data, with the dossiers to try; return those dossiers."""
    picked = pick(samples)
    flag = db.session.get(SiteFlag, DEMO_FLAG) or SiteFlag(name=DEMO_FLAG)
    flag.value = {"samples": picked}
    db.session.add(flag)
    db.session.commit()
    return picked


# Built once: the look-up form asks on every view.
_SAMPLES = select(SiteFlag.value).where(SiteFlag.name == DEMO_FLAG)


def demo_samples() -> list[dict]:
    """The dossiers to try when the database is the demo's; none once real data is imported."""
    value = db.session.scalar(_SAMPLES)
    return list(value.get("samples", [])) if value else []
