"""Rate limits counted in the local Redis, shared by two app processes (issue 11)."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ is a folder of scripts, not a package

from bench.serve import free_port, start_server, stop_server, wait_until_up  # noqa: E402

from . import test_lookup  # noqa: E402
from .test_lookup import CODE  # noqa: E402

make_dossier = test_lookup.make_dossier  # the look-up tests' fixture, shared

_GIVEN = os.environ.get("RATELIMIT_STORAGE_URI", "")
REDIS_URL = _GIVEN if _GIVEN.startswith("redis://") else "redis://127.0.0.1:6379/0"


def wrong_guess(port: int) -> int:
    """One wrong verifier for the dossier, through the JSON API; the answer's status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/lookup",
        data=json.dumps({"code": CODE, "verifier": "0000"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def two_servers(database_url, make_dossier, tmp_path):
    """Two gunicorn processes on one database and one Redis, with a key prefix of their own.

    No skip when Redis is away: the test fails, as the rate limits would on a real site.
    """
    make_dossier()
    prefix = f"i11c-test-{uuid.uuid4().hex}"
    store = redis.Redis.from_url(REDIS_URL)
    assert store.ping()
    env = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
        "LOOKUP_RATE_LIMIT": "3 per minute",
        "CODE_GUESS_LIMIT": "1000 per hour",
    }
    servers = []
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            port = free_port()
            process = start_server(database_url, folder, port, env=env, workers=1, threads=1)
            servers.append((process, port))
            wait_until_up(f"http://127.0.0.1:{port}", process)
        yield [port for _, port in servers], store, prefix
    finally:
        for process, _ in servers:
            stop_server(process)
        for key in store.scan_iter(match=f"*{prefix}*"):
            store.delete(key)


def test_two_processes_share_the_look_up_limit_in_redis(two_servers):
    (first, second), store, prefix = two_servers
    assert [wrong_guess(first), wrong_guess(first), wrong_guess(second)] == [404, 404, 404]
    # The fourth guess goes to the other process: only a count shared in Redis stops it.
    assert wrong_guess(second) == 429
    assert wrong_guess(first) == 429
    assert list(store.scan_iter(match=f"*{prefix}*")), "the counts live in Redis"


def test_a_codes_wrong_guesses_are_counted_under_the_sites_prefix(two_servers):
    """Two sites sharing one Redis keep their dossier-code locks apart, as their per-client
    counts: the count of a code's wrong guesses carries RATELIMIT_KEY_PREFIX too."""
    (first, _second), store, prefix = two_servers
    before = set(store.scan_iter(match="*dossier-code*"))
    assert wrong_guess(first) == 404
    written = set(store.scan_iter(match="*dossier-code*")) - before
    assert written, "a wrong guess is counted against its code"
    assert all(prefix.encode() in key for key in written), written
