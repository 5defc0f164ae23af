"""A pytest plugin for ``make bench BENCH_ARGS="--only test-cpu"``: the CPU each test
costs the whole machine (Chromium, servers and subprocesses included), from the busy
clock ticks in Linux's /proc/stat before and after it. Meant for a serial run, on an
otherwise idle machine; the file named by ``LAB3_TEST_CPU`` gets
``[[test id, CPU seconds, wall seconds], ...]`` as JSON."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

TICK = os.sysconf("SC_CLK_TCK")
ROWS: list = []


def busy() -> float:
    """CPU seconds every core has been busy since boot."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICK  # all but idle and waiting for I/O


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall = busy(), time.monotonic()
    yield
    ROWS.append([item.nodeid, busy() - cpu, time.monotonic() - wall])


def pytest_sessionfinish(session):
    if out := os.environ.get("LAB3_TEST_CPU"):
        Path(out).write_text(json.dumps(ROWS), encoding="utf-8")
