"""The machine's processes, read from /proc: for the tests that check that a command left
nothing running (tests/selfcheck/test_corpus.py, tests/test_gallery_cache.py)."""

from __future__ import annotations

from pathlib import Path


def running() -> dict[int, list[str]]:
    """Each process's command line (its arguments), by process id."""
    found = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            found[int(cmdline.parent.name)] = cmdline.read_bytes().decode(
                errors="replace").split("\0")[:-1]
        except OSError:
            pass  # ended meanwhile
    return found
