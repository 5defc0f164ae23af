"""A pytest plugin for ``make bench BENCH_ARGS="--only test-cpu"``: the CPU each test
costs the whole machine (Chromium, servers and subprocesses included), from the busy
clock ticks in Linux's /proc/stat before and after it. Meant for a serial run, on an
otherwise idle machine; the file named by ``LAB3_TEST_CPU`` gets
``[[test id, CPU seconds, wall seconds], ...]`` as JSON. ``.ci/bench.py`` reads the
same ticks (:func:`cpu_ticks`) around ``make test``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

ROWS: list = []


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, all) clock ticks of every core since boot, from Linux's /proc/stat (None
    elsewhere): Chromium and the servers the tests start count too, which the resource
    usage of waited-for children misses."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle and waiting for I/O
    return sum(ticks[:8]) - idle, sum(ticks[:8])


def busy() -> float:
    """CPU seconds every core has been busy since boot."""
    return cpu_ticks()[0] / os.sysconf("SC_CLK_TCK")


def pytest_configure(config):
    if cpu_ticks() is None:
        raise pytest.UsageError("the CPU per test is read from Linux's /proc/stat")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall = busy(), time.monotonic()
    yield
    ROWS.append([item.nodeid, busy() - cpu, time.monotonic() - wall])


def pytest_sessionfinish(session):
    if out := os.environ.get("LAB3_TEST_CPU"):
        Path(out).write_text(json.dumps(ROWS), encoding="utf-8")
