"""A throwaway copy of the site's sources, built and served on 127.0.0.1.

Shared by the tests (``conftest.py``) and the benchmark and audit scripts
(``.ci/bench.py``, ``.ci/audit.py``); it imports nothing of pytest.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_sources(dest: Path, snapshot_package: bool = False) -> Path:
    """Copy what `mkdocs build` reads into ``dest``, leaving out build output.

    With ``snapshot_package``, also a copy of ``lab3`` (and the metadata its
    wheel is built from), which a build run in ``dest`` then imports instead of
    the work tree's: an edit to ``lab3`` meanwhile cannot reach that build.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "gallery", dest / "gallery")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("generated"))
    if snapshot_package:
        shutil.copytree(ROOT / "lab3", dest / "lab3", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, dest / name)
    return dest


def build_site(project: Path, site_dir: Path,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``, in the environment ``env``
    (by default this process's). A thread that starts the build while another thread may
    change ``os.environ`` passes a copy made beforehand: a process started from a thread
    reads the environment's C array, which a concurrent change can free under it (seen as
    ``OSError: [Errno 14] Bad address``)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )


class _Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[tuple[str, int]] = []

    def add(self, path, size):
        with self.lock:
            self.items.append((path, size))

    def take(self):
        with self.lock:
            items, self.items = self.items, []
        return items


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that went away mid-response (a navigation cancelled the request, a
        closed browser context) is not the server's error; any other is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


@contextlib.contextmanager
def serve(site: Path, compress: bool = False):
    """Serve ``site`` on 127.0.0.1; yields (base URL, counter of the body bytes sent per path).

    With ``compress``, text is sent gzipped to a client that accepts it, as
    static hosts (GitHub Pages, Netlify, Read the Docs) do.
    """
    counter = _Counter()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def copyfile(self, source, outputfile):
            data = source.read()
            outputfile.write(data)
            counter.add(self.path.split("?")[0], len(data))

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not (
                compress
                and path.suffix in COMPRESSIBLE
                and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")
                and self.path.split("?")[0].endswith(("/", path.suffix))
            ):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

        def log_message(self, *args):
            pass

    httpd = _Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", counter
    finally:
        httpd.shutdown()
        httpd.server_close()


def site_pages(site: Path, not_found: bool = False) -> list[str]:
    """Every page of the site, as URL paths ('' for the home page); with ``not_found``,
    also the 404 page."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel == "404.html" and not not_found:
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sitemap(site: Path, url: str) -> str:
    """The sitemap a build whose ``site_url`` is ``url`` writes, as ``mkdocs serve`` and the
    deployed site have: Material navigates instantly only to the pages its sitemap lists,
    and the tests' build, with no ``site_url``, lists none."""
    urls = "".join(f"<url><loc>{url}{rel}</loc></url>" for rel in site_pages(site))
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def serve_sitemap(target, site: Path, url: str) -> None:
    """Give ``target`` (a Playwright page or browser context) :func:`sitemap` for the site
    served at ``url``, so that Material navigates instantly there."""
    body = sitemap(site, url)
    target.route("**/sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml", body=body))
