"""What a page costs a reader: the bytes of its cold load, and the site's own JavaScript.

Shared by the benchmark (``.ci/bench.py``, which prints them) and the tests
(``tests/test_budgets.py``, which hold them to the budgets below); it imports
nothing of pytest. Both are sizes, not timings: the same site gives the same
numbers on any machine.
"""

from __future__ import annotations

import gzip
import re
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


def page_weights(site: Path, browser=None, at_once: int = 6) -> list[dict]:
    """Bytes each page's cold load transfers (fresh browser context, 1280 x 800), by
    kind, summed over every response of the site; ``gzip``: the same, text gzipped.
    ``browser``: a Playwright Chromium to use (the tests' one), or None to start one.
    ``at_once`` pages load side by side, each in its own context, which records its
    own responses."""
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
        for rel, page, urls in cold_loads(browser, base, site_pages(site), at_once, responses):
            settle(page)
            rows.append(weigh(site, rel or "/", urls, base))
    return rows


def responses(page) -> list[str]:
    """The URLs of every response ``page``'s context gets from now on, in order."""
    urls: list[str] = []
    page.context.on("response", lambda response: urls.append(response.url))
    return urls


def cold_loads(browser, base: str, pages: list[str], at_once: int, watch):
    """Each of ``pages`` (paths under ``base``) loaded cold: ``at_once`` side by side, each
    in a fresh browser context (:data:`VIEWPORT`), whose page ``watch(page)`` starts to
    watch before the load. Yields ``(path, page, what watch returned)`` in order, the
    load begun but maybe not over; a batch's contexts are closed once it is done."""
    for first in range(0, len(pages), at_once):
        contexts, batch = [], []
        try:
            for rel in pages[first:first + at_once]:
                contexts.append(context := browser.new_context(viewport=VIEWPORT))
                page = context.new_page()
                batch.append((rel, page, watch(page)))
                page.goto(base + rel, wait_until="commit")
            yield from batch
        finally:
            for context in contexts:
                context.close()


def settle(page) -> None:
    """Wait until ``page``'s load is over: no request for 500 ms (Playwright's
    ``networkidle``), then 300 ms more for a late one."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


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
