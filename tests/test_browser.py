"""Every page of the built site, in a real browser (the system's Chromium, by Playwright).

The walk (tests/walk.py, the ``walk`` fixture) visits every HTML page once and
records what each gate needs; each test then judges one gate over all pages:
math rendered by KaTeX, images loaded and described, no console errors, no
request to another host, downloads served, no axe-core violation (in both
colour schemes). Search is tried on a tab of its own (the light/dark toggle:
tests/test_palette.py).
"""

from __future__ import annotations

import io
import json
import re
import urllib.request
import zipfile
from urllib.parse import unquote, urlsplit

import pytest
from conftest import GATES
from site_copy import site_pages
from walk import SCHEME_RULES, Tab

pytestmark = pytest.mark.site

DOWNLOADS = (".py", ".ipynb", ".zip", ".npy", ".whl")
FOUND = """(want) => [...document.querySelectorAll(".md-search-result__item a")]
  .some((a) => a.href.split(/[?#]/)[0] === want)"""
RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\$\$|\\[(\[]|\\[a-zA-Z]{2,}\b")


@pytest.fixture(scope="session")
def tab(site_server, chromium_browser):
    """One tab for the searches."""
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(15_000)
    yield Tab(page)
    page.close()


def report(failures: dict[str, list]) -> str:
    return "\n".join(
        f"{page}:\n    " + "\n    ".join(map(str, items)) for page, items in failures.items()
    )


def test_the_walk_saw_every_page(walk, built_site):
    assert len(walk) == len(site_pages(built_site, not_found=True)) >= 10
    GATES["browser"] = (
        f"{len(walk)} pages walked, "
        f"{sum(len(v.blocked) for v in walk.values())} requests to other hosts blocked"
    )


def test_math_is_rendered_by_katex(walk):
    failures = {}
    for page, visit in walk.items():
        p = visit.probe
        found = (
            [f"not rendered: {t}" for t in p["unrendered"]]
            + [f"KaTeX error: {t}" for t in p["katexErrors"]]
            + sorted(
                {
                    f"raw TeX in the text: …{m.string[max(m.start() - 30, 0) : m.end() + 30]}…"
                    for m in RAW_TEX.finditer(p["text"])
                }
            )
        )
        if found:
            failures[page] = found
    assert not failures, "math left as TeX:\n" + report(failures)
    assert sum(v.probe["math"] for v in walk.values()) > 0


def test_no_request_leaves_the_site(walk):
    failures = {page: visit.blocked for page, visit in walk.items() if visit.blocked}
    assert not failures, "requests to other hosts (blocked):\n" + report(failures)


def test_no_console_errors_and_no_failed_loads(walk):
    failures = {
        page: v.console_errors + v.failed
        for page, v in walk.items()
        if v.console_errors or v.failed
    }
    assert not failures, report(failures)


def site_path(url: str, site_server: str) -> str:
    """The path in the built site of a URL the site's server serves (else the URL)."""
    if not url.startswith(site_server):
        return url
    return unquote(urlsplit(url).path).lstrip("/")


def gallery_images(built_site, thumbnails: bool) -> set[str]:
    """The paths of the gallery's images in the built site: its figures, and its
    thumbnails if ``thumbnails``."""
    return {p.relative_to(built_site).as_posix()
            for p in (built_site / "generated").rglob("mkd_glr_*.*")
            if thumbnails or p.parent.name != "thumb"}


def test_every_image_loads_and_has_a_text_alternative(walk, built_site, site_server):
    failures, seen = {}, set()
    for page, visit in walk.items():
        found = []
        for img in visit.probe["images"]:
            seen.add(site_path(img["src"], site_server))
            name = img["src"].rsplit("/", 1)[-1][:60]
            if img["naturalWidth"] == 0:
                found.append(f"not loaded: {name}")
            alt = (img["alt"] or "").strip()
            if not img["decorative"] and (
                not alt or re.search(r"\.(png|jpe?g|svg|gif|webp)$|^mkd_glr_|^plot \d", alt)
            ):
                found.append(f"no text alternative (alt={img['alt']!r}): {name}")
        if found:
            failures[page] = found
    assert not failures, report(failures)
    images = gallery_images(built_site, thumbnails=True)  # thumbnails: in the index
    assert images and images <= seen, f"images no page showed: {sorted(images - seen)}"


def test_figures_are_readable(walk, built_site, site_server):
    """Figures are shown at a legible size, on an opaque background (legible in both schemes)."""
    from PIL import Image

    failures, checked, seen = {}, 0, set()
    for page, visit in walk.items():
        found = []
        for img in visit.probe["images"]:
            if not img["figure"] or not img["naturalWidth"]:
                continue
            checked += 1
            seen.add(site_path(img["src"], site_server))
            name = img["src"].rsplit("/", 1)[-1]
            if img["width"] < 0.4 * img["naturalWidth"]:
                found.append(f"shrunk to {img['width']:.0f} of {img['naturalWidth']} px: {name}")
            path = built_site / site_path(img["src"], site_server)
            if img["src"].startswith(site_server) and path.suffix.lower() in (
                ".png",
                ".webp",
                ".gif",
            ):
                with Image.open(path) as im:
                    alpha = im.convert("RGBA").getchannel("A")
                    corners = [
                        alpha.getpixel((x, y))
                        for x in (0, im.width - 1)
                        for y in (0, im.height - 1)
                    ]
                    if min(corners) < 250:
                        found.append(
                            f"transparent background (unreadable in the dark scheme): {name}"
                        )
        if found:
            failures[page] = found
    assert not failures, report(failures)
    figures = gallery_images(built_site, thumbnails=False)
    assert figures and figures <= seen, f"figures never checked: {sorted(figures - seen)}"
    GATES["figures"] = f"{checked} figures checked for size and background"


def test_download_links_answer(walk, site_server):
    urls = sorted(
        {
            url.split("#")[0]
            for visit in walk.values()
            for url in visit.probe["links"]
            if urlsplit(url).path.endswith(DOWNLOADS) and url.startswith(site_server)
        }
    )
    assert urls, "the gallery offers .py/.ipynb/.zip downloads"
    failures = []
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
        except OSError as error:
            failures.append(f"{url}: {error}")
            continue
        path = urlsplit(url).path
        if not body:
            failures.append(f"{url}: empty")
        elif path.endswith(".ipynb") and "cells" not in json.loads(body):
            failures.append(f"{url}: not a notebook")
        elif (
            path.endswith((".zip", ".whl"))
            and zipfile.ZipFile(io.BytesIO(body)).testzip() is not None
        ):
            failures.append(f"{url}: corrupt archive")
    assert not failures, "\n".join(failures)
    GATES["downloads"] = f"{len(urls)} download links answered 200"


def test_no_accessibility_violations(walk):
    failures = {}
    for page, visit in walk.items():
        found = [
            f"[{scheme}] {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            + (f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else "")
            for scheme, violations in visit.axe.items()
            for v in violations
        ]
        if found:
            failures[page] = found
    assert not failures, "axe-core violations:\n" + report(failures)
    GATES["axe-core"] = (
        f"{max(v.rules for v in walk.values())} rules on every page, "
        f"plus {', '.join(SCHEME_RULES)} in the dark scheme"
    )


def test_search_finds_pages_by_their_title(tab, walk, site_server):
    """Type each page's title into Material's search box; the page is among the results."""
    from playwright.sync_api import TimeoutError

    page = tab.page
    tab.open(site_server)
    failures, searched = [], 0
    for rel, visit in walk.items():
        title = visit.probe["title"]
        if rel == "404.html":
            continue
        if not title:
            failures.append(f"{rel}: no title to search for")
            continue
        searched += 1
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(title[:-1])  # all but the last character at once, which is typed
        box.press_sequentially(title[-1])
        want = site_server + rel.removesuffix("index.html")
        try:  # results come from a web worker, keystroke by keystroke
            page.wait_for_function(FOUND, arg=want, timeout=5_000)
        except TimeoutError:
            hrefs = page.eval_on_selector_all(
                ".md-search-result__item a", "els => els.map((a) => a.href)"
            )
            failures.append(f"{title!r}: {rel} not among the {len(hrefs)} results")
        page.keyboard.press("Escape")
    assert not failures, "\n".join(failures)
    assert searched == len(walk) - 1 > 0, "every page but 404.html is searched for"
    GATES["search"] = f"{searched} page titles searched"


@pytest.mark.parametrize(
    "viewport, reach",
    [
        ({"width": 1280, "height": 800}, "click the search field"),
        ({"width": 1280, "height": 800}, "press /"),
        ({"width": 390, "height": 800}, "tap the search icon"),
    ],
)
def test_search_index_is_fetched_on_first_use(tab, site_server, viewport, reach):
    """A cold page load fetches neither the search index nor Material's search worker;
    the first query fetches both, once, and is answered (docs/javascripts/search-worker.js)."""
    context = tab.page.context.browser.new_context(viewport=viewport)
    page = context.new_page()
    on_first_use = (site_server + "search/search_index.full.json",
                    site_server + "assets/javascripts/workers/search.")
    fetched = []
    page.on("request", lambda request: request.url.startswith(on_first_use)
            and fetched.append(request.url))
    try:
        page.goto(site_server + "part1/", wait_until="networkidle")
        page.wait_for_timeout(500)
        assert fetched == [], "the search index was fetched before anyone searched"
        if reach == "click the search field":
            page.click("input.md-search__input")
        elif reach == "press /":
            page.keyboard.press("/")
        else:
            page.click("label.md-header__button[for='__search']")
        page.keyboard.type("chain rule")
        page.wait_for_function(FOUND, arg=site_server + "part1/loss/", timeout=10_000)
        assert sorted(u.startswith(on_first_use[0]) for u in fetched) == [False, True]
        page.click(".md-search-result__item a[href*='part1/loss/']")  # instant navigation
        page.wait_for_url("**/part1/loss/**")
        page.wait_for_timeout(300)
        assert len(fetched) == 2, "the index is fetched once per visit, not once per page"
    finally:
        context.close()
