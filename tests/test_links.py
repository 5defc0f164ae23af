"""No broken link or anchor within the built site.

Every page of the site is read once, as a static host serves it (a folder's
URL answers with its ``index.html``): each URL in an ``href``, ``src``,
``srcset``, ``poster`` or ``data`` attribute, and each ``url()`` of the site's
stylesheets, must name a file of the site, and each ``#fragment`` must name an
``id`` (or an ``<a name>``) of the page it points to. Links to other sites are
counted, not followed: the tests run offline.

LinkChecker did this job before; its anchor plugin parses the whole target
page again for every link with a fragment, which cost a minute of each test
run, and as root it drops to the user ``nobody`` and then quietly checks no
anchor. Reading each page once has neither problem.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import GATES

pytestmark = pytest.mark.site

BASE = "http://site.invalid/"  # the site's root, as a URL to resolve links against
LINK_ATTRIBUTES = {"href", "src", "poster", "data", "xlink:href"}
NOT_FOLLOWED = ("mailto:", "tel:", "javascript:", "data:", "blob:")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class Page(HTMLParser):
    """One HTML file's links (URL, line) and the anchors it defines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append((value.strip(), line))
            elif name in ("srcset", "imagesrcset"):
                self.links += [(part.split()[0], line) for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


@cache
def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def url_of(site: Path, path: Path) -> str:
    """The URL a static host serves ``path`` at (a folder's index.html at the folder)."""
    relative = path.relative_to(site).as_posix()
    return BASE + (relative.removesuffix("index.html") if path.name == "index.html" else relative)


def target(site: Path, url: str) -> Path | None:
    """The file of the site that ``url`` (absolute, on BASE) names, or None."""
    path = site / unquote(urlsplit(url).path).removeprefix(urlsplit(BASE).path)
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() and site.resolve() in path.resolve().parents else None


def check_links(site: Path) -> tuple[dict[str, int], list[str]]:
    """How many links were checked within the site and to other sites; and the broken ones."""
    counts, broken = {"inside": 0, "outside": 0}, []
    sources = [(p, read_page(p).links) for p in sorted(site.rglob("*.html"))]
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        sources.append((css, [(m.group(2) or m.group(4), text.count("\n", 0, m.start()) + 1)
                              for m in CSS_URL.finditer(text)]))
    for source, links in sources:
        base = url_of(site, source)
        for link, line in links:
            where = f"{source.relative_to(site)}, line {line}: {link}"
            if link.startswith(NOT_FOLLOWED):
                continue
            url = urljoin(base, link)
            if not url.startswith(BASE):
                counts["outside"] += 1
                continue
            counts["inside"] += 1
            found = target(site, url)
            fragment = unquote(urlsplit(url).fragment)
            if found is None:
                broken.append(f"{where}: no such file in the site")
            elif fragment and found.suffix == ".html" and fragment not in read_page(found).anchors:
                broken.append(f"{where}: no anchor #{fragment} on {found.relative_to(site)}")
    return counts, broken


def test_the_checker_finds_a_broken_link_and_a_broken_anchor(tmp_path):
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Top</h1><a href="#top">ok</a> <a href="page/#nowhere">anchor</a>\n'
        '<a href="gone/">gone</a> <img src="page/pic.png" srcset="page/pic.png 1x, big.png 2x">\n'
        '<a href="../outside.html">escapes</a> <a href="https://example.org/">other site</a>'
    )
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(
        '<h1 id="here">Page</h1><a href="../#top">ok</a> <a href="#here">ok</a>'
        '<a name="old"></a><a href="/page/#old">ok</a>'
    )
    (tmp_path / "page" / "pic.png").write_bytes(b"")
    (tmp_path / "style.css").write_text("a { background: url('page/pic.png') } b { src: url(x.woff2) }")
    read_page.cache_clear()
    counts, broken = check_links(tmp_path)
    assert counts == {"inside": 12, "outside": 1}
    assert sorted(broken) == sorted([
        "index.html, line 1: page/#nowhere: no anchor #nowhere on page/index.html",
        "index.html, line 2: gone/: no such file in the site",
        "index.html, line 2: big.png: no such file in the site",
        "index.html, line 3: ../outside.html: no such file in the site",
        "style.css, line 1: x.woff2: no such file in the site",
    ])


def test_no_broken_links_or_anchors(built_site):
    counts, broken = check_links(built_site)
    pages = len(list(built_site.rglob("*.html")))
    GATES["links"] = (
        f"{counts['inside']} links within the site checked, from {pages} pages and the "
        f"stylesheets ({counts['outside']} links to other sites not followed)"
    )
    assert counts["inside"] > 20 * pages  # every page: the theme's assets, the navigation
    assert not broken, "\n".join(broken)
