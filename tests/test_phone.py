"""The site on a phone (390 px wide) and on a desktop (1280 px), in Chromium.

Part 1's graphs keep their text at 9 CSS px or more, display math fits the
column (a formula that cannot shows a shadow on the side that hides more), and
a tutorial opens with its title. The figures' two drawings are made by
lab3/graph/figures.py, the switch and the shadows are docs/stylesheets/layout.css.
"""

from __future__ import annotations

import re

import pytest

from conftest import once_per_run
from site_copy import site_pages
from walk import MEASURE

pytestmark = pytest.mark.site

PHONE, DESKTOP = 390, 1280
MIN_TEXT_PX = 9.0
MAX_SCROLLING_ON_PHONE = 2  # display formulas a phone may scroll sideways

# What MEASURE looks at, in a page's HTML: a graph figure or a display formula.
MEASURED = re.compile(r'<(figure|div)\b[^>]*\bclass="(?=[^"]*\b(lab3-graph|arithmatex)\b)')


def measured_pages(site) -> list[str]:
    """The pages of ``site`` with a graph figure or display math."""
    return [rel for rel in site_pages(site) if MEASURED.search(
        (site / rel / "index.html").read_text(encoding="utf-8"))]


@pytest.fixture(scope="session")
def measured(built_site, site_server, chromium_browser, walk, tmp_path_factory):
    """What each page with graphs or display math shows at each width: on a phone measured
    here, once per run for every worker; on a desktop by the walk (tests/walk.py)."""
    def measure():
        seen = []
        page = chromium_browser.new_page(viewport={"width": PHONE, "height": 844})
        for rel in measured_pages(built_site):
            page.goto(site_server + rel, wait_until="load")
            seen.append([rel or "/", page.evaluate(MEASURE)])
        page.close()
        return seen
    phone = {(PHONE, rel): m for rel, m in once_per_run(tmp_path_factory, "phone", measure)}
    return phone | {(DESKTOP, rel or "/"): walk[rel].measure for rel in site_pages(built_site)}


def test_the_phone_measures_every_page_with_a_graph_or_display_math(built_site, measured):
    """The pages the phone skips show neither, by the walk's measures at 1280 px: no graph
    figure, no display formula."""
    phone = {page for width, page in measured if width == PHONE}
    assert {"part1/", "part1/loss/", "part2/likelihood/"} <= phone
    for (width, page), m in measured.items():
        if width == DESKTOP and page not in phone:
            assert m["graphs"] == [] and m["formulas"] == 0, page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_graph_text_is_readable_without_zooming(measured, width):
    figures = [(page, g) for (w, page), m in measured.items() if w == width for g in m["graphs"]]
    assert len(figures) >= 4, "Part 1 shows four graph figures"
    small = [f"{page}: {g['caption']}… smallest text {g['smallest']:.1f} px"
             for page, g in figures if g["texts"] == 0 or g["smallest"] < MIN_TEXT_PX]
    assert not small, "graph text below 9 CSS px:\n" + "\n".join(small)


def test_no_display_math_scrolls_on_a_desktop(measured):
    wide = [f"{page}: {w['tex']}" for (width, page), m in measured.items()
            if width == DESKTOP for w in m["wide"]]
    assert not wide, "display math wider than the column at 1280 px:\n" + "\n".join(wide)


def test_on_a_phone_little_math_scrolls_and_what_does_shows_a_shadow(measured):
    wide = [(page, w) for (width, page), m in measured.items() if width == PHONE
            for w in m["wide"]]
    assert len(wide) <= MAX_SCROLLING_ON_PHONE, "\n".join(f"{p}: {w['tex']}" for p, w in wide)
    for page, w in wide:
        assert "gradient" in w["shadow"], f"{page}: {w['tex']} scrolls with no cue"


def test_the_scroll_cue_is_there_for_every_display_formula(built_site, site_server,
                                                           chromium_browser):
    """Checked on a formula made to overflow: the shadows are backgrounds that stay
    put while the formula scrolls, under covers that scroll with it."""
    browser = chromium_browser
    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.goto(site_server + "part2/likelihood/", wait_until="load")
    style = page.evaluate("""() => {
      const d = document.querySelector("div.arithmatex");
      const s = getComputedStyle(d);
      return {image: s.backgroundImage, attachment: s.backgroundAttachment,
              overflow: s.overflowX};
    }""")
    page.close()
    assert style["image"].count("gradient(") == 4
    assert style["attachment"] == "local, local, scroll, scroll"
    assert style["overflow"] == "auto"
