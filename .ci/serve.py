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


def interrupted(signum, frame):
    """SIGTERM (``kill``, a process manager) stops the server as Ctrl-C does: the server runs
    in a session of its own, which would otherwise outlive this script, port and all."""
    raise KeyboardInterrupt


def serve(options: list[str]) -> int:
    """Run ``mkdocs serve`` until it exits, restarting it each time lab3 changes."""
    signal.signal(signal.SIGTERM, interrupted)
    while True:
        started = code_fingerprint()
        notebooks = tempfile.mkdtemp(prefix="lab3-serve-notebooks-")  # this server's only
        env = dict(os.environ, LAB3_SERVE_NOTEBOOK_CACHE="true",
                   LAB3_SERVE_NOTEBOOK_CACHE_DIR=notebooks)
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *options],
                                  env=env, start_new_session=True)
        try:
            while server.poll() is None:
                time.sleep(POLL)
                if current() not in (started, None):
                    print("serve: lab3 or a hook changed; restarting the server", file=sys.stderr,
                          flush=True)
                    stop(server)
                    break
            else:
                return server.returncode
        except KeyboardInterrupt:
            stop(server)
            return 0
        finally:
            stop(server)
            shutil.rmtree(notebooks, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
