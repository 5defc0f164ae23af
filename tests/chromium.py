"""The system's Chromium and the flags that run it headless here, offline.

Shared by the browser tests (tests/test_browser.py) and the benchmark and
audit scripts (.ci/bench.py, .ci/audit.py). Playwright drives this binary;
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
