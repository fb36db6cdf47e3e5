"""`make bench`: run every bench/bench_*.py (or those named) and save bench/out/results.json."""

from __future__ import annotations

import importlib
import json
import sys
import time

from .common import OUT

ORDER = ["catalogue", "import", "lookup", "stats", "stats_pages", "units", "load"]


def main(names: list[str]) -> int:
    results: dict = {}
    for name in names or ORDER:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError:
            continue
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        module.main(results)
        print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(f"saved {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
