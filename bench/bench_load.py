"""Load: the portal under gunicorn, driven by wrk from another process with a mix of catalogue,
look-up and statistics requests, on SQLite and then PostgreSQL; compared with a bare Flask
"hello" app under the same server and the same load, in the same run.

Only 127.0.0.1 is ever asked; every wrk run is bounded in time. Rate limits are off for the
run (they would turn a load test into a test of the limiter). Settings (environment):
BENCH_LOAD_SECONDS (20), BENCH_LOAD_CONNECTIONS (16), BENCH_LOAD_DOSSIERS (20000),
BENCH_PG_URL (postgresql+psycopg://postgres@127.0.0.1:5432/bench_proof; "" to skip).
Needs wrk: apt-get install -y wrk.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote_plus

from .common import OUT, report, scratch
from .serve import free_port, load_demo, start_server, stop_server, wait_until_up

HERE = Path(__file__).parent
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "16"))
DOSSIERS = int(os.environ.get("BENCH_LOAD_DOSSIERS", "20000"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_proof")
WORKERS = max(2, os.cpu_count() or 2)
SERVER_ENV = {"RATELIMIT_ENABLED": "0"}
SEARCHES = [
    "dang ky khai sinh",
    "giấy phép xây dựng",
    "ho kinh doanh",
    "CCCD",
    "ket hon",
    "đất đai",
    "bảo hiểm xã hội",
    "cap lai",
    "trich luc",
    "moi truong",
]


def published_quarter(months: list[str]) -> str:
    """The latest quarter whose three months are all published."""
    for month in reversed(months):
        year, number = month[:4], int(month[5:])
        if number % 3 == 0 and all(
            f"{year}-{m:02d}" in months for m in range(number - 2, number + 1)
        ):
            return f"{year}-Q{number // 3}"
    return months[-1]


def request_mix(demo) -> list[tuple[str, str, str]]:
    """(method, path, JSON body) in the proportions people use the site: about a third each
    for the catalogue, the look-up and the statistics, and the home page."""
    month, months = demo.months[-1], demo.months
    catalogue = [("GET", f"/vi/procedures?q={quote_plus(q)}", "") for q in SEARCHES]
    catalogue += [("GET", f"/vi/procedures/{p['code']}", "") for p in demo.procedures[:6]]
    catalogue += [
        ("GET", "/en/procedures?level=commune&page=2", ""),
        ("GET", "/api/v1/procedures?q=giay+phep&per_page=20", ""),
    ]
    dossiers = [s for s in demo.samples if s["status"] != "withdrawn"][:14]
    lookup = [
        ("POST", "/api/v1/lookup", json.dumps({"code": s["code"], "verifier": s["verifier"]}))
        for s in dossiers
    ]
    lookup += [("GET", f"/vi/lookup?code={quote_plus(dossiers[0]['code'])}", "")] * 4
    stats = [
        ("GET", "/vi/stats", ""),
        ("GET", f"/vi/stats/{month}", ""),
        ("GET", f"/en/stats/{month}", ""),
        ("GET", f"/vi/stats/{months[-2]}", ""),
        ("GET", f"/vi/stats/{month}?level=district", ""),
        ("GET", f"/vi/stats/{published_quarter(months)}", ""),
        ("GET", "/vi/late-agencies", ""),
        ("GET", f"/en/late-agencies/{month}", ""),
        ("GET", f"/api/v1/stats/{month}", ""),
        ("GET", f"/api/v1/stats/{month}.csv", ""),
        ("GET", f"/api/v1/late-agencies/{month}", ""),
        ("GET", "/api/v1/periods", ""),
    ]
    home = [("GET", "/vi/", ""), ("GET", "/en/", "")]
    mix = []
    for group, share in ((catalogue, 18), (lookup, 18), (stats, 18), (home, 4)):
        mix += [group[i % len(group)] for i in range(share)]
    return mix


def wrk(url: str, script: Path, requests_file: Path, seconds: int) -> dict:
    """One bounded wrk run against url (127.0.0.1 only); its JSON summary."""
    assert url.startswith("http://127.0.0.1:"), url
    done = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CONNECTIONS),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
            "--",
            str(requests_file),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    data = json.loads(line)
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(
        data[k]
        for k in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return data


def measure(name: str, url: str, requests: list[tuple[str, str, str]], folder: Path) -> dict:
    """Warm up for a few seconds, then the measured run."""
    requests_file = folder / f"{name}-requests.txt"
    requests_file.write_text("".join(f"{m}\t{p}\t{b}\n" for m, p, b in requests))
    wrk(url, HERE / "mix.lua", requests_file, 3)
    return wrk(url, HERE / "mix.lua", requests_file, SECONDS)


def slowest(url: str, requests: list[tuple[str, str, str]], top: int = 5) -> dict[str, float]:
    """Each distinct request alone, three times, after the load: the slowest medians in ms."""
    import statistics
    import time
    import urllib.request

    times = {}
    for method, path, body in dict.fromkeys(requests):
        taken = []
        for _ in range(3):
            request = urllib.request.Request(
                url + path,
                method=method,
                data=body.encode() if body else None,
                headers={"Content-Type": "application/json"} if body else {},
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            taken.append(time.perf_counter() - started)
        label = f"{method} {path}" + (" (JSON)" if body else "")
        times[label] = max(times.get(label, 0), statistics.median(taken) * 1000)
    return dict(sorted(times.items(), key=lambda item: -item[1])[:top])


def serve(database_url: str, folder: Path, app: str = "wsgi:app"):
    port = free_port()
    process = start_server(
        database_url, folder, port, env=SERVER_ENV, workers=WORKERS, threads=2, app=app
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
    except RuntimeError:
        stop_server(process)
        raise
    return process, url


def show(results: dict, prefix: str, data: dict, hello: dict | None = None) -> None:
    report(results, f"{prefix}_requests_per_s", round(data["rps"], 1), "req/s")
    report(results, f"{prefix}_median_ms", round(data["p50_us"] / 1000, 2), "ms")
    report(results, f"{prefix}_p99_ms", round(data["p99_us"] / 1000, 2), "ms")
    report(results, f"{prefix}_errors", data["errors"], f"of {data['requests']:,} requests")
    if hello:
        report(
            results,
            f"{prefix}_share_of_hello_throughput",
            round(data["rps"] / hello["rps"], 3),
            "(portal req/s ÷ hello req/s)",
        )


def prepare_postgres(url: str) -> bool:
    """Create (or empty) the benchmark's own PostgreSQL database; False when none answers."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    try:
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
        admin.dispose()
        engine = create_engine(target)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    except Exception as error:  # no server, no rights: the SQLite figures still stand
        print(f"  PostgreSQL skipped: {str(error).splitlines()[0][:120]}")
        return False
    return True


def main(results: dict) -> None:
    if shutil.which("wrk") is None:
        print("  wrk is missing: apt-get install -y wrk")
        return
    folder = scratch("portal-load-")
    print(
        f"  gunicorn {WORKERS} workers × 2 threads; wrk 2 threads, {CONNECTIONS} connections, "
        f"{SECONDS} s a run; {DOSSIERS:,} demo dossiers",
        flush=True,
    )

    process, url = serve("sqlite://", folder, app="bench.hello:app")
    try:
        hello = measure("hello", url, [("GET", "/", "")], folder)
    finally:
        stop_server(process)
    show(results, "load_hello", hello)

    engines = [("sqlite", f"sqlite:///{folder / 'load.sqlite3'}")]
    if PG_URL and prepare_postgres(PG_URL):
        engines.append(("postgresql", PG_URL))
    for engine, database_url in engines:
        demo = load_demo(database_url, folder / engine, dossiers=DOSSIERS, months=13, staff=False)
        process, url = serve(database_url, folder / engine)
        mix = request_mix(demo)
        try:
            data = measure(engine, url, mix, folder)
            alone = slowest(url, mix)
        finally:
            stop_server(process)
        log = (folder / engine / "server.log").read_text(errors="replace")
        if "Traceback" in log:
            print(log[-3000:])
            data["errors"] += log.count("Traceback")
        show(results, f"load_{engine}", data, hello)
        results[f"load_{engine}_slowest_alone_ms"] = {k: round(v, 1) for k, v in alone.items()}
        for label, ms in alone.items():
            print(f"    alone {ms:8.1f} ms  {label}")
    OUT.mkdir(exist_ok=True)
    shutil.copy(folder / "sqlite-requests.txt", OUT / "load-requests.txt")
