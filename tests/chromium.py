"""The system's Chromium and the flags that run it headless here, offline.

Shared by the browser tests (tests/test_browser.py and the widgets' tests) and the
benchmark and audit scripts (.ci/bench.py, .ci/audit.py). Playwright drives this binary;
never ``playwright install``.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def console_errors(page, errors: list | None = None) -> list:
    """``errors`` (or a new list), which from now on collects ``page``'s console errors and
    uncaught exceptions."""
    errors = [] if errors is None else errors
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors
