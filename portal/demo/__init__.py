"""Demo data for a fresh installation: a realistic province written as the CSV files the
one-stop software exports (``write_demo_csvs``) and loaded by the real importers
(``seed_demo``, behind ``flask --app wsgi seed-demo``)."""

from .generate import DemoFiles, DemoSummary, write_demo_csvs
from .seed import seed_demo

__all__ = ["DemoFiles", "DemoSummary", "seed_demo", "write_demo_csvs"]
