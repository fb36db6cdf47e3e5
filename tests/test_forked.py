"""portal.forked: a generator run in a forked child, as the command-line import reads its rows."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from portal.forked import ChildEnded, produced_aside
from portal.imports import RowError


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_items_come_in_order_from_another_process():
    def produce():
        for i in range(3000):
            yield i, os.getpid(), [f"cell {i}"] * 20

    items = list(produced_aside(produce))
    assert [i for i, _, _ in items] == list(range(3000))
    assert {pid for _, pid, _ in items} != {os.getpid()}
    assert items[2999][2] == ["cell 2999"] * 20


def test_an_error_in_the_child_is_raised_here_with_its_reason_after_the_items_before_it():
    def produce():
        yield "first"
        raise RowError("due_at is before %(name)s", name="received_at")

    seen = []
    with pytest.raises(RowError) as raised:
        for item in produced_aside(produce):
            seen.append(item)
    assert seen == ["first"]
    assert str(raised.value) == "due_at is before received_at"
    # The message and its parameters arrive apart, to be translated on this side.
    assert (raised.value.message, raised.value.params) == (
        "due_at is before %(name)s",
        {"name": "received_at"},
    )


def test_stopping_early_stops_the_child_and_leaves_no_process_behind(tmp_path: Path):
    where = tmp_path / "pid"

    def produce():
        where.write_text(str(os.getpid()))
        while True:  # a file that never ends
            yield "row"

    items = produced_aside(produce)
    assert next(items) == "row"
    items.close()  # what run_import does when writing a batch fails
    assert _gone(int(where.read_text()))


def test_a_child_that_dies_is_an_error_not_a_short_import():
    def produce():
        yield "first"
        os.kill(os.getpid(), 9)  # killed: by the out-of-memory killer, say
        time.sleep(5)
        yield "never"

    items = produced_aside(produce)
    assert next(items) == "first"
    with pytest.raises(ChildEnded, match="ended early"):
        next(items)
