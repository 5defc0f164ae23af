"""The built site: pages, gallery, downloads, rendered math, computed numbers."""

import re
import zipfile
from html.parser import HTMLParser

import pytest
from conftest import ROOT, read

import lab3

pytestmark = pytest.mark.site

DOCS = ROOT / "docs"
# Every page written in Markdown, as the site serves it; the theory pages are Part 1's and
# Part 2's and the notation.
PAGES = sorted(
    (p.relative_to(DOCS).with_suffix("").as_posix() + "/index.html").replace("index/index", "index")
    for p in DOCS.rglob("*.md")
    if p.relative_to(DOCS).parts[0] not in ("generated", "_snippets", "_hooks", "overrides")
)
THEORY = re.compile(r"(part\d/.*|notation/index\.html)")
SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_page_is_built_with_no_template_left_and_theory_has_math(built_site, page):
    html = read(built_site, page)
    assert "{{" not in html and "{%" not in html, "a macro was left unrendered"
    if THEORY.fullmatch(page):
        assert 'class="arithmatex"' in html, "math must reach KaTeX as arithmatex spans"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_tutorial_ran_drew_and_offers_its_downloads(built_site, script):
    part, name = script.parent.name, script.stem
    folder = built_site / "generated" / "gallery" / part
    html = read(folder, f"{name}/index.html")
    assert "Traceback (most recent call last)" not in html
    assert f'{name}.py"' in html and f'{name}.ipynb"' in html, "download links"
    assert (folder / f"{name}.py").read_text() == script.read_text()
    assert '"cells"' in (folder / f"{name}.ipynb").read_text()
    if "plt." in script.read_text(encoding="utf-8"):
        assert list((folder / "images").glob(f"mkd_glr_{name}_*")), "its figures"


def test_gallery_zips_hold_every_script(built_site):
    gallery = built_site / "generated" / "gallery"
    scripts = {p.name for p in (ROOT / "gallery").rglob("plot_*.py")}
    with zipfile.ZipFile(gallery / "gallery_python.zip") as zf:
        assert {n.rsplit("/", 1)[-1] for n in zf.namelist()} >= scripts
    with zipfile.ZipFile(gallery / "gallery_jupyter.zip") as zf:
        assert {n.rsplit("/", 1)[-1] for n in zf.namelist()} >= {s.replace(".py", ".ipynb") for s in scripts}


def test_update_page_states_the_computed_numbers(built_site):
    html = read(built_site, "part1/update/index.html")
    s = lab3.solve()
    for value in (*s.w_new, s.y_new, s.loss_new):
        assert f"{value:.4f}".rstrip("0") in html
    assert "6.472" in html  # by hand: (sin 10 − 2)² = 6.4720…


def test_forward_page_shows_both_precisions(built_site):
    html = read(built_site, "part1/forward/index.html")
    assert r"-2.45\cdot 10^{-16}" in html  # float64 sin(2π), by hand: −2.449e-16
    assert r"1.75\cdot 10^{-7}" in html  # float32


def test_loss_page_chain_rule_numbers(built_site):
    html = read(built_site, "part1/loss/index.html")
    assert r"\left[-8,\ -4\right]" in html
    assert r"\left[2,\ 1\right]" in html


def test_katex_is_vendored_and_no_other_host_is_named(built_site):
    assert (built_site / "assets" / "katex" / "katex.min.js").exists()
    assert (built_site / "assets" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").exists()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', html)
        assert not loads, f"{page} loads from another host"


class _MathText(HTMLParser):
    """The characters KaTeX's HTML output shows (its MathML, hidden from sight, aside)."""

    def __init__(self):
        super().__init__()
        self.depth, self.chars = 0, set()  # depth: open elements inside a .katex-html span

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in ("br", "img", "path", "line")  # void or self-closed in SVG
        elif "katex-html" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chars.update(data)


def test_katex_fonts_are_cut_to_the_math_and_keep_every_glyph_it_shows(built_site):
    """Each font a page preloads is smaller than the vendored one (docs/_hooks/katex_ssr.py),
    maps every character of the site's math that the vendored one maps, and no other."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    shown, preloaded = _MathText(), set()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        preloaded.update(re.findall(r'<link rel="preload" href="[^"]*?(fonts/KaTeX_[\w-]+\.woff2)"', html))
        shown.feed(html)
    assert {"fonts/KaTeX_Main-Regular.woff2", "fonts/KaTeX_Math-Italic.woff2"} <= preloaded
    assert {"w", "x", "∂", "σ"} <= shown.chars
    vendored = ROOT / "docs" / "assets" / "katex"
    for font in sorted(preloaded):
        cut, whole = built_site / "assets" / "katex" / font, vendored / font
        cut_font, whole_font = TTFont(cut), TTFont(whole)
        needed = {c for c in shown.chars if ord(c) in whole_font.getBestCmap()}
        lost = {c for c in needed if ord(c) not in cut_font.getBestCmap()}
        assert needed and not lost, f"{font} lost {sorted(lost)}"
        # and no other character than those its layout features reach (as ∽ from ∼)
        reach = subset.Subsetter(subset.Options(layout_features=["*"]))
        reach.populate(unicodes=[ord(c) for c in needed])
        reach.subset(whole_font)
        extra = sorted(map(chr, cut_font.getBestCmap().keys() - whole_font.getBestCmap().keys()))
        assert not extra, f"{font} keeps characters the math neither shows nor reaches: {extra}"
        assert cut.stat().st_size < whole.stat().st_size, font


def test_gallery_thumbnails_link_straight_to_their_pages(built_site):
    """No thumbnail link waits for a redirect: each names its page's directory URL."""
    gallery = built_site / "generated" / "gallery"
    links = re.findall(r'<a class="reference internal" href="([^"]*)"',
                       (gallery / "index.html").read_text(encoding="utf-8"))
    assert len(links) == len(list(gallery.glob("part*/plot_*/index.html"))) >= 7
    for link in links:
        assert link.endswith("/") and (gallery / link / "index.html").is_file(), link
