"""Load the demo province through the real importers and publish its past months."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .. import clock
from ..extensions import db
from ..imports import import_kinds, run_import
from ..stats.publish import publish_months
from .generate import write_demo_csvs
from .samples import record

DEFAULT_DOSSIERS = 40_000
# The demo runs from January 2024, so that a whole year before the 2025 reorganisation is
# published beside the years after it.
FIRST_MONTH = (2024, 1)
ORDER = ("agencies", "procedures", "dossiers", "events", "ratings")


def seed_demo(dossiers: int | None = None, echo=print, **options) -> dict:
    """Generate the demo CSV files and import them; returns the import results by kind."""
    kinds = import_kinds()
    results = {}
    if "months" not in options:
        today = clock.today()
        options["months"] = (today.year - FIRST_MONTH[0]) * 12 + today.month - FIRST_MONTH[1]
    with tempfile.TemporaryDirectory(prefix="portal-demo-") as folder:
        started = time.perf_counter()
        files = write_demo_csvs(
            Path(folder),
            dossiers=DEFAULT_DOSSIERS if dossiers is None else dossiers,
            **options,
        )
        summary = files.summary
        echo(
            f"generated {summary.agencies} agencies, {summary.procedures} procedures, "
            f"{summary.dossiers} dossiers, {summary.events} events, {summary.ratings} ratings "
            f"({summary.months[0]} to {summary.months[-1]}, exported {summary.as_of}) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        for kind in ORDER:
            started = time.perf_counter()
            with files[kind].open("rb") as stream:
                result = run_import(kinds[kind](db.session), stream, on_error=echo)
            results[kind] = result
            echo(f"{kind}: {result.summary} ({time.perf_counter() - started:.1f} s)")
    _publish(summary.months, echo)
    _offer_samples(summary.samples, echo)
    return results


def _offer_samples(samples: list[dict], echo) -> None:
    """Print a few dossiers to try in the look-up (demo verifiers: never real ones)."""
    picked = record(samples)
    if picked:
        echo("dossiers to try in the look-up (code, verifier, what it shows):")
    for sample in picked:
        echo(f"  {sample['code']}  {sample['verifier']}  {sample['situation']}")


def _publish(months: list[str], echo) -> None:
    """Publish every complete month of the demo."""
    if not months:
        return
    started = time.perf_counter()
    publish_months(months, note="Dữ liệu mẫu")
    echo(
        f"published {len(months)} months, {months[0]} to {months[-1]} "
        f"({time.perf_counter() - started:.1f} s)"
    )
