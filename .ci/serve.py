"""`make serve`: MkDocs' live preview, restarted whenever ``lab3`` or a hook changes.

    python .ci/serve.py [mkdocs serve options...]

``mkdocs serve`` rebuilds the site when a page, a script or ``mkdocs.yml``
changes, but it keeps the ``lab3`` it imported at start (and the macros
module and the hooks' helpers): examples run again in that process would show
the old package's numbers. The gallery's guard (``docs/_hooks/gallery_guard.py``)
fails such a rebuild instead of publishing it; this script avoids it: it
watches the fingerprint of that code (``code_fingerprint``) and, when it
changes, stops the server and starts a new one, whose first build runs with
the new code. Each server gets its own fresh cache of mkdocs-jupyter's
notebook pages (``mkdocs.yml``), which is exact for as long as its code
cannot change.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_hooks"))
from fingerprint import code_fingerprint  # noqa: E402  (docs/_hooks/fingerprint.py)

POLL = 0.3  # seconds between two looks at lab3


def stop(server: subprocess.Popen) -> None:
    """Stop the server and everything it started (it leads its own process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def current() -> str | None:
    """The fingerprint of lab3 now, or None while a file of it is being replaced."""
    try:
        return code_fingerprint()
    except OSError:
        return None


class Stop:
    """Set by SIGINT (Ctrl-C) or SIGTERM (``kill``, a process manager); the loop below
    then stops the server and returns. A flag rather than an exception, so that a signal
    at any moment (between starting a server and watching it, say) cannot leave a server
    running: the server is in a session of its own, and would outlive this script, port
    and all."""

    requested = False

    @classmethod
    def request(cls, signum, frame) -> None:
        cls.requested = True


def changed(started: str) -> bool:
    """Whether lab3 changed since ``started``, and has kept its new fingerprint for one
    poll: an editor writes a file in several steps, each of which would restart."""
    now = current()
    if now in (started, None):
        return False
    time.sleep(POLL)
    return current() == now


def serve(options: list[str]) -> int:
    """Run ``mkdocs serve`` until it exits or is stopped, restarting it each time lab3
    changes."""
    signal.signal(signal.SIGINT, Stop.request)
    signal.signal(signal.SIGTERM, Stop.request)
    while not Stop.requested:
        started = current()
        if started is None:  # a file of lab3 is being replaced: look again
            time.sleep(POLL)
            continue
        notebooks = tempfile.mkdtemp(prefix="lab3-serve-notebooks-")  # this server's only
        env = dict(os.environ, LAB3_SERVE_NOTEBOOK_CACHE="true",
                   LAB3_SERVE_NOTEBOOK_CACHE_DIR=notebooks)
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *options],
                                  env=env, start_new_session=True)
        try:
            while server.poll() is None and not Stop.requested:
                time.sleep(POLL)
                if changed(started):
                    print("serve: lab3 or a hook changed; restarting the server", file=sys.stderr,
                          flush=True)
                    break
            else:
                if not Stop.requested:
                    return server.returncode
        finally:
            stop(server)
            shutil.rmtree(notebooks, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
