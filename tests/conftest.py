"""Shared fixtures: the site is built once per test session, from scratch.

The build runs on a throwaway copy of the project's docs sources, so that no
gallery output cached by an earlier local build can stand in for a fresh run.
"""

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py


def copy_sources(dest: Path) -> Path:
    """Copy what `mkdocs build` reads into ``dest``, leaving out build output."""
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "gallery", dest / "gallery")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("generated"))
    return dest


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Path of a site built strictly from a clean copy of the sources."""
    project = copy_sources(tmp_path_factory.mktemp("project"))
    site = project / "site"
    result = build_site(project, site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site


def read(site: Path, page: str) -> str:
    """The text of ``page`` (a path inside the built ``site``)."""
    return (site / page).read_text(encoding="utf-8")


# Quality gates --------------------------------------------------------------

GATES: dict[str, str] = {}  # what each gate covered, printed at the end of the run


def pytest_terminal_summary(terminalreporter):
    if GATES:
        terminalreporter.section("quality gates")
        for gate, covered in GATES.items():
            terminalreporter.write_line(f"{gate}: {covered}")


def require(found: bool, what: str, how: str) -> None:
    """Skip a test whose tool is missing, saying how to get it; in CI (CI=true), fail it."""
    if found:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing, and CI must run this test: {how}")
    pytest.skip(f"{what} not found; to run this test: {how}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # LinkChecker throttles to 10 requests/s per host unless the host answers with
        # this header (its documented opt-in to a higher maxrequestspersecond).
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (threaded); yield the base URL ``http://127.0.0.1:PORT/``."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_server(built_site):
    """Base URL of the built site, served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url
