"""`make bench`: run every bench/bench_*.py (or those named) and save bench/out/results.json."""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

from .common import OUT

HERE = Path(__file__).parent

# `scale` (5,000,000 dossiers, about an hour) is left out of a default run: run it by name.
ORDER = [
    "catalogue",
    "pages",
    "import",
    "lookup",
    "stats",
    "stats_pages",
    "units",
    "alerts",
    "load",
]


def main(names: list[str]) -> int:
    unknown = [name for name in names if not (HERE / f"bench_{name}.py").is_file()]
    if unknown:
        print(f"no such benchmark: {', '.join(unknown)} (see bench/README.md)", file=sys.stderr)
        return 2
    results: dict = {}
    for name in names or ORDER:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        module.main(results)
        print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(f"saved {OUT / 'results.json'}")
    if results.get("aims"):
        table = aims_table(results["aims"])
        (OUT / "aims.md").write_text(table)
        print("\n== aims\n" + table + f"saved {OUT / 'aims.md'}")
    return 0


def aims_table(aims: list[dict]) -> str:
    """Every aim of the run as a Markdown table: aim, measure, target, MET / NOT MET."""
    lines = ["| aim | measured | target | |", "|---|---:|---:|---|"]
    lines += [f"| {a['aim']} | {a['measure']} | {a['target']} | {a['verdict']} |" for a in aims]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
