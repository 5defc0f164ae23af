"""What a page costs a reader: the bytes of its cold load, and the site's own JavaScript.

Shared by the benchmark (``.ci/bench.py``, which prints them) and the tests
(``tests/test_budgets.py``, which hold them to the budgets below); it imports
nothing of pytest. Both are sizes, not timings: the same site gives the same
numbers on any machine.
"""

from __future__ import annotations

import gzip
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chromium import CHROMIUM, CHROMIUM_ARGS
from site_copy import serve, site_pages

PAGE_BUDGET = 600 * 1024  # bytes a cold load of any page transfers
JS_BUDGET = 30 * 1024  # gzipped bytes of the site's interactive JavaScript, all pages together
VIEWPORT = {"width": 1280, "height": 800}  # of a cold load
KIND = {
    ".html": "html", ".css": "css", ".js": "js", ".mjs": "js", ".json": "json",
    ".woff2": "font", ".woff": "font", ".ttf": "font",
    ".png": "image", ".svg": "image", ".jpg": "image", ".webp": "image", ".ico": "image",
}
TEXT = (".html", ".css", ".js", ".mjs", ".json", ".svg")
# The theme's own scripts (Material's bundle and search worker, lunr's languages), and
# the vendored KaTeX, which no page loads (the math is rendered at build time).
NOT_INTERACTIVE = re.compile(
    r"^assets/javascripts/(bundle\.[0-9a-f]+\.min\.js|workers/search\.[0-9a-f]+\.min\.js"
    r"|lunr/.*)$|^assets/katex/")


def gzip_size(file: Path) -> int:
    """``file``'s size as a static host sends it: text gzipped, the rest as it is."""
    data = file.read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if file.suffix in TEXT else len(data)


def interactive_js(site: Path) -> dict[str, int]:
    """Gzipped size of each script the site adds to the theme's, by path in ``site``:
    the site's own scripts, the widgets' and any plugin's."""
    return {rel: gzip_size(js) for js in sorted(site.rglob("*.js"))
            if not NOT_INTERACTIVE.match(rel := js.relative_to(site).as_posix())}


def page_weights(site: Path, browser=None, at_once: int = 4) -> list[dict]:
    """Bytes each page's cold load transfers (1280 x 800; see :func:`cold_loads`), by
    kind, summed over every response of the site; ``gzip``: the same, text gzipped.
    ``browser``: a Playwright Chromium to use (the tests' one), or None to start one.
    ``at_once`` pages load side by side, each in a tab of its own."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return page_weights(site, browser, at_once)
            finally:
                browser.close()
    rows = []
    with serve(site) as (base, _):
        for rel, page, watcher in cold_loads(browser, base, site_pages(site), at_once, Responses):
            settle(page, watcher.network)
            rows.append(weigh(site, rel or "/", watcher.urls, base))
    return rows


class Network:
    """A page's requests still in flight, and when the last one began or ended."""

    def __init__(self, page):
        self.flying: set = set()
        self.last = time.monotonic()
        page.on("request", self._began)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _began(self, request):
        self.flying.add(request)
        self.last = time.monotonic()

    def _ended(self, request):
        self.flying.discard(request)
        self.last = time.monotonic()

    def begin(self) -> None:
        """A new load: the requests of the one before are forgotten."""
        self.flying.clear()
        self.last = time.monotonic()


class Responses:
    """The URLs of the responses to a page's current load, in the order they came."""

    def __init__(self, page):
        self.urls: list[str] = []
        self.network = Network(page)
        page.on("response", lambda response: self.urls.append(response.url))

    def begin(self) -> None:
        """A new load, whose responses a new list records."""
        self.network.begin()
        self.urls = []


def cold_loads(browser, base: str, pages: list[str], at_once: int, watch):
    """Each of ``pages`` (paths under ``base``) loaded cold, as on a first visit: the
    browser's HTTP cache is off and the site's storage (cookies, local and session
    storage, caches) is cleared before each load, so that every file the page needs is
    transferred. ``at_once`` tabs, each in a browser context of its own
    (:data:`VIEWPORT`), take the pages in turn, so that loads overlap; a tab loads page
    after page, which spares a new renderer for each. ``watch(page)`` is made once per
    tab, and its ``begin()`` is called before each load.

    Yields ``(path, page, what watch returned)`` in the order of ``pages``, the load begun
    but maybe not over; a tab's next load starts once the caller is done with its page."""
    origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
    tabs, contexts = [], []
    try:
        for _ in range(min(at_once, len(pages))):
            contexts.append(context := browser.new_context(viewport=VIEWPORT))
            page = context.new_page()
            devtools = context.new_cdp_session(page)
            devtools.send("Network.enable")
            devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
            tabs.append((page, devtools, watch(page)))

        def load(k):
            page, devtools, watcher = tabs[k % len(tabs)]
            devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            watcher.begin()
            page.goto(base + pages[k], wait_until="commit")
            return pages[k], page, watcher

        loading = [load(k) for k in range(len(tabs))]
        for k in range(len(pages)):
            yield loading[k]
            if k + len(tabs) < len(pages):
                loading.append(load(k + len(tabs)))
    finally:
        for context in contexts:
            context.close()


# In the page: resolves once its main thread is idle, so that its scripts have run and
# asked for what they fetch when the page starts (a busy machine delays that by seconds).
IDLE = "() => new Promise((done) => requestIdleCallback(() => done(), {timeout: 10000}))"
QUIET = 0.5  # seconds with no request in flight that end a load


def settle(page, network: Network, timeout: float = 15.0) -> None:
    """Wait until ``page``'s load is over: the load event, then the page's main thread idle
    and no request in flight for :data:`QUIET` seconds, both at once (``network`` watches
    the page's requests)."""
    page.wait_for_load_state("load")
    give_up = time.monotonic() + timeout
    while True:
        page.evaluate(IDLE)
        if not network.flying and time.monotonic() - network.last >= QUIET:
            return
        if time.monotonic() > give_up:
            raise TimeoutError(f"{page.url}: requests still in flight after {timeout:.0f} s: "
                               f"{sorted(r.url for r in network.flying)}")
        page.wait_for_timeout(100)


def weigh(site: Path, page: str, urls: list[str], base: str) -> dict:
    """The bytes of the site's files that ``urls`` name, by kind, raw and gzipped."""
    row = {"page": page, "total": 0, "gzip": 0, "requests": 0}
    for url in urls:
        if not url.startswith(base):
            continue
        path = urlsplit(url).path
        file = site / unquote(path).lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        if not file.is_file():
            raise AssertionError(f"{page} asked for {path}, which the site does not have")
        kind = KIND.get(Path(path).suffix, "html" if path.endswith("/") else "other")
        size = file.stat().st_size
        row[kind] = row.get(kind, 0) + size
        row["total"] += size
        row["gzip"] += gzip_size(file)
        row["requests"] += 1
    return row
