"""Load: the portal under gunicorn, driven by wrk from another process with the public
pages people open (home, catalogue, searches, procedure pages, statistics, the late list, the
look-up form), on SQLite and then PostgreSQL; compared with a bare Flask "hello" app under the
same server and the same load, the two driven in turns of a few seconds so that other work on
the machine weighs on both alike; the servers' CPU time per request is printed beside.

Only 127.0.0.1 is ever asked; every wrk run is bounded in time. The server runs as deployed:
the workers, threads and keep-alive of deploy/gunicorn.conf.py, rate limits on with their
default budgets, counted in Redis under a key prefix of the run's own (removed at the end).
Any answer other than 2xx/3xx is an error. Settings (environment): BENCH_LOAD_SECONDS (20),
BENCH_LOAD_CONNECTIONS (16), BENCH_LOAD_DOSSIERS (20000), BENCH_PG_URL
(postgresql+psycopg://postgres@127.0.0.1:5432/bench_proof; "" to skip), BENCH_REDIS_URL
(redis://127.0.0.1:6379/0). Needs wrk (apt-get install -y wrk) and Redis.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

from .common import OUT, aim, report, scratch
from .serve import ROOT, free_port, load_demo, start_server, stop_server, wait_until_up

HERE = Path(__file__).parent
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "16"))
DOSSIERS = int(os.environ.get("BENCH_LOAD_DOSSIERS", "20000"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_proof")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
# Mixed public traffic's share of the "hello" app's requests/s, per database engine.
AIMS = {"sqlite": 0.40, "postgresql": 0.27}
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


def deployed_server() -> dict:
    """The gunicorn settings of deploy/gunicorn.conf.py that shape throughput."""
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    return {key: settings[key] for key in ("workers", "threads", "worker_class", "keepalive")}


SERVER = deployed_server()


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
    """(method, path, body) in the proportions people use the site: the catalogue (its
    lists, searches and procedure pages) a third, the statistics with the late list a third,
    the look-up form a quarter (the form only: a look-up guesses nothing here, so the rate
    limit on look-ups never answers 429), and the home page."""
    month, months = demo.months[-1], demo.months
    code = [s for s in demo.samples if s["status"] != "withdrawn"][0]["code"]
    lists = [("GET", "/vi/procedures", ""), ("GET", "/en/procedures?level=commune&page=2", "")]
    searches = [("GET", f"/vi/procedures?q={quote_plus(q)}", "") for q in SEARCHES]
    procedures = [("GET", f"/vi/procedures/{p['code']}", "") for p in demo.procedures[:5]]
    procedures += [("GET", f"/en/procedures/{demo.procedures[5]['code']}", "")]
    stats = [
        ("GET", "/vi/stats", ""),
        ("GET", f"/vi/stats/{month}", ""),
        ("GET", f"/en/stats/{month}", ""),
        ("GET", f"/vi/stats/{months[-2]}", ""),
        ("GET", f"/vi/stats/{month}?level=district", ""),
        ("GET", f"/vi/stats/{published_quarter(months)}", ""),
    ]
    late = [
        ("GET", "/vi/late-agencies", ""),
        ("GET", f"/en/late-agencies/{month}", ""),
        ("GET", f"/vi/late-agencies/{months[-2]}", ""),
    ]
    lookup = [
        ("GET", "/vi/lookup", ""),
        ("GET", "/en/lookup", ""),
        ("GET", f"/vi/lookup?code={quote_plus(code)}", ""),
    ]
    home = [("GET", "/vi/", ""), ("GET", "/en/", "")]
    mix = []
    shares = (lists, 4), (searches, 8), (procedures, 6), (stats, 12), (late, 6), (lookup, 12)
    for group, share in (*shares, (home, 4)):
        mix += [group[i % len(group)] for i in range(share)]
    return mix


def check_mix(url: str, requests: list[tuple[str, str, str]]) -> None:
    """Each distinct request once before the load: anything but 2xx/3xx stops the run."""
    for method, path, body in dict.fromkeys(requests):
        request = urllib.request.Request(
            url + path, method=method, data=body.encode() if body else None
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path} answered {error.code} before the load") from None


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


def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) spent so far by a gunicorn master and its workers."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if int(stat.parent.name) == master or int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


SLICE = 2  # seconds: hello and the portal take turns, so other work weighs on both alike


def warm(name: str, url: str, requests: list[tuple[str, str, str]], folder: Path) -> Path:
    """Make the server a site that has been up a while: each worker has seen every address
    of the mix (each asked twice per worker on a new connection, which any worker may take),
    then a few seconds of the load itself. The mix's file for wrk."""
    requests_file = folder / f"{name}-requests.txt"
    requests_file.write_text("".join(f"{m}\t{p}\t{b}\n" for m, p, b in requests))
    for _ in range(2 * SERVER["workers"]):
        check_mix(url, requests)
    wrk(url, HERE / "mix.lua", requests_file, 3)
    return requests_file


def measure(sites: dict[str, tuple[str, Path, object]]) -> dict[str, dict]:
    """Drive each site (name: url, mix file, server) in turn, SLICE seconds at a time, for
    BENCH_LOAD_SECONDS each: a machine shared with other work slows both alike, and the
    share of hello's requests/s holds. With the servers' CPU time per request, which
    hardly moves with other work at all. The p99 is the worst slice's."""
    totals = {
        name: {"requests": 0, "duration_us": 0, "cpu": 0.0, "p50": [], "p99_us": 0}
        for name in sites
    }
    errors = ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")
    for _ in range(max(1, SECONDS // SLICE)):
        for name, (url, requests_file, server) in sites.items():
            total = totals[name]
            before = server_cpu_seconds(server.pid)
            data = wrk(url, HERE / "mix.lua", requests_file, SLICE)
            total["cpu"] += server_cpu_seconds(server.pid) - before
            total["requests"] += data["requests"]
            total["duration_us"] += data["duration_us"]
            total["p50"].append(data["p50_us"])
            total["p99_us"] = max(total["p99_us"], data["p99_us"])
            for key in errors:
                total[key] = total.get(key, 0) + data[key]
    for total in totals.values():
        total["rps"] = total["requests"] / (total["duration_us"] / 1e6)
        total["p50_us"] = statistics.median(total.pop("p50"))  # the slices' median
        total["errors"] = sum(total[key] for key in errors)
        total["cpu_ms"] = total.pop("cpu") * 1000 / max(1, total["requests"])
    return totals


def slowest(url: str, requests: list[tuple[str, str, str]], top: int = 5) -> dict[str, float]:
    """Each distinct request alone, three times, after the load: the slowest medians in ms."""
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


def limits_env() -> dict[str, str]:
    """Rate limits as a site runs them: on, the portal's default budgets, counted in Redis
    under a prefix of this run's own."""
    from portal.config import Config

    defaults = Config()
    return {
        "RATELIMIT_ENABLED": "1",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"bench-load-{os.getpid()}-{time.time_ns()}",
        "LOOKUP_RATE_LIMIT": defaults.LOOKUP_RATE_LIMIT,
        "LOGIN_RATE_LIMIT": defaults.LOGIN_RATE_LIMIT,
    }


def serve(database_url: str, folder: Path, env: dict, app: str = "wsgi:app"):
    port = free_port()
    process = start_server(
        database_url,
        folder,
        port,
        env=env,
        workers=SERVER["workers"],
        threads=SERVER["threads"],
        app=app,
        extra=["--worker-class", SERVER["worker_class"], "--keep-alive", str(SERVER["keepalive"])],
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
    except RuntimeError:
        stop_server(process)
        raise
    return process, url


def limits_answer(url: str, env: dict) -> int:
    """After the load: guesses at a look-up from one client until the limit answers 429
    (its budget, plus one), and the keys the run left in Redis; both prove the limits were
    on, in Redis. The run's keys are then removed."""
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    prefix = env["RATELIMIT_KEY_PREFIX"]
    body = json.dumps({"code": "G00-000000-0000", "verifier": "000000"}).encode()
    for attempt in range(1, 101):
        request = urllib.request.Request(
            url + "/api/v1/lookup",
            method="POST",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as error:
            if error.code == 429:
                guesses = attempt
                break
    else:
        raise RuntimeError("100 look-ups from one client and no 429: rate limits are off")
    keys = list(store.scan_iter(match=f"*{prefix}*"))
    if not keys:
        raise RuntimeError(f"no rate-limit key under {prefix!r} in {REDIS_URL}")
    store.delete(*keys)
    return guesses


def show(results: dict, prefix: str, data: dict, hello: dict | None = None) -> None:
    report(results, f"{prefix}_requests_per_s", round(data["rps"], 1), "req/s")
    report(results, f"{prefix}_median_ms", round(data["p50_us"] / 1000, 2), "ms")
    report(results, f"{prefix}_p99_ms", round(data["p99_us"] / 1000, 2), "ms")
    report(results, f"{prefix}_errors", data["errors"], f"of {data['requests']:,} requests")
    report(results, f"{prefix}_server_cpu_ms_per_request", round(data["cpu_ms"], 3), "ms")
    if hello:
        share = round(data["rps"] / hello["rps"], 3)
        report(results, f"{prefix}_share_of_hello_throughput", share, "(portal ÷ hello req/s)")
        cpu_share = round(hello["cpu_ms"] / data["cpu_ms"], 3)
        report(results, f"{prefix}_share_by_server_cpu", cpu_share, "(hello ÷ portal CPU/request)")


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


def run_engine(results: dict, engine: str, database_url: str, folder: Path, hello: tuple):
    """Load the demo into one database, serve it, drive the mix in turns with hello; print
    and keep the figures."""
    demo = load_demo(database_url, folder / engine, dossiers=DOSSIERS, months=13, staff=False)
    env = limits_env()
    process, url = serve(database_url, folder / engine, env)
    mix = request_mix(demo)
    try:
        check_mix(url, mix)
        mix_file = warm(engine, url, mix, folder)
        wrk(hello[0], HERE / "mix.lua", hello[1], 3)
        figures = measure({"hello": hello, engine: (url, mix_file, process)})
        alone = slowest(url, mix)
        guesses = limits_answer(url, env)
    finally:
        stop_server(process)
    data = figures[engine]
    log = (folder / engine / "server.log").read_text(errors="replace")
    if "Traceback" in log:
        print(log[-3000:])
        data["errors"] += log.count("Traceback")
    show(results, f"load_{engine}_hello", figures["hello"])
    show(results, f"load_{engine}", data, figures["hello"])
    print(f"    rate limits on, in Redis: look-up number {guesses} from one client answered 429")
    results[f"load_{engine}_slowest_alone_ms"] = {k: round(v, 1) for k, v in alone.items()}
    for label, ms in alone.items():
        print(f"    alone {ms:8.1f} ms  {label}")
    aim(results, f"load {engine}: errors", data["errors"], 0)
    share = data["rps"] / figures["hello"]["rps"]
    aim(results, f"load {engine}: share of hello's requests/s", share, AIMS[engine], at_most=False)


def main(results: dict) -> None:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install -y wrk")
    import redis

    redis.Redis.from_url(REDIS_URL).ping()  # rate limits need their store: no Redis, no run
    folder = scratch("portal-load-")
    print(
        f"  gunicorn {SERVER['workers']} {SERVER['worker_class']} workers × {SERVER['threads']} "
        f"threads (deploy/gunicorn.conf.py); wrk 2 threads, {CONNECTIONS} connections, "
        f"{SECONDS} s each, in turns of {SLICE} s with hello; {DOSSIERS:,} demo dossiers; "
        f"rate limits in {REDIS_URL}",
        flush=True,
    )
    engines = [("sqlite", f"sqlite:///{folder / 'load.sqlite3'}")]
    if PG_URL and prepare_postgres(PG_URL):
        engines.append(("postgresql", PG_URL))
    elif PG_URL:  # asked for, but no server answered: the aim is not met, not forgotten
        aim(
            results,
            "load postgresql: share of hello's requests/s",
            float("nan"),
            AIMS["postgresql"],
            at_most=False,
        )
    process, url = serve("sqlite://", folder, limits_env(), app="bench.hello:app")
    try:
        hello = (url, warm("hello", url, [("GET", "/", "")], folder), process)
        for engine, database_url in engines:
            run_engine(results, engine, database_url, folder, hello)
    finally:
        stop_server(process)
    OUT.mkdir(exist_ok=True)
    shutil.copy(folder / "sqlite-requests.txt", OUT / "load-requests.txt")
