"""The learning-rate explorer on the built site, in Chromium: its run agrees with
lab3's, its regime label with lab3's judgement, it works from the keyboard, at a
phone's and a desktop's width, in both colour schemes, after instant navigation,
and without JavaScript it stays hidden."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from chromium import console_errors
from conftest import lab_sweep
from site_copy import serve_sitemap

import lab3
from lab3 import learning_rate as lr

pytestmark = pytest.mark.site

PAGE = "part2/learning-rate/"
X, Y = lab3.load_points().T
ROOT = ".lr-explorer"
SLIDER = ".lr-explorer input[type=range]"
# Put the slider at position k as a reader's input would, and read what the widget ran.
SET = """(k) => {
  const input = document.querySelector(".lr-explorer input[type=range]");
  input.value = k;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return document.querySelector(".lr-explorer").lrRun;
}"""
STATE = """() => {
  const root = document.querySelector(".lr-explorer");
  return {
    run: root.lrRun, status: root.querySelector("[role=status]").textContent,
    valuetext: root.querySelector("input").getAttribute("aria-valuetext"),
    path: root.querySelector(".lr-explorer__path").getAttribute("points"),
    curve: root.querySelector(".lr-explorer__curve").getAttribute("points"),
    regime: root.dataset.regime, sliders: document.querySelectorAll(".lr-explorer input").length,
  };
}"""


@pytest.fixture(scope="module")
def sweep():
    return lab_sweep()


@pytest.fixture(scope="module")
def open_tab(chromium_browser, site_server):
    """``open_tab(width=1280, **options)``: a fresh tab of the session's Chromium on the built
    site (options as Playwright's ``new_page`` takes them)."""
    return lambda width=1280, **options: Tab(chromium_browser, site_server, width, **options)


class Tab:
    """A fresh page of ``width`` px that records console errors."""

    def __init__(self, browser, site, width=1280, **options):
        self.page = browser.new_page(viewport={"width": width, "height": 800}, **options)
        self.page.set_default_timeout(15_000)
        self.errors = console_errors(self.page)
        self.site = site

    def open(self, path=PAGE):
        self.page.goto(self.site + path, wait_until="load")
        return self.page


@pytest.fixture(scope="module")
def tab(open_tab):
    tab = open_tab()
    tab.open()
    yield tab
    assert not tab.errors
    tab.page.close()


def test_the_run_in_the_browser_is_lab3_s(tab, sweep):
    """40 log-spaced rates over the whole slider: the same α as the sweep, and the same 30
    steps as lab3's vectorised descent and as the template's loop with autograd."""
    for k in np.linspace(0, len(sweep.runs.rates) - 1, 40).round().astype(int):
        got = tab.page.evaluate(SET, int(k))
        alpha = got["alpha"]
        assert alpha == pytest.approx(sweep.runs.rates[k], rel=1e-13)
        runs = lr.descend(X, Y, [alpha], n_settle=lab3.training.N_ITER)
        np.testing.assert_allclose(got["weights"], runs.weights[:, 0], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(got["losses"], runs.losses[:, 0], rtol=1e-9)
        loop = lab3.learning_loop(X, Y, alpha)
        np.testing.assert_allclose(got["weights"], loop.weights, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(got["losses"], loop.losses, rtol=1e-9)


def test_the_label_is_lab3_s_judgement_in_every_regime(tab, sweep):
    regimes = sweep.runs.regimes
    seen = set()
    for name in dict.fromkeys(regimes):
        where = np.flatnonzero(regimes == name)
        for k in sorted({where[0], where[len(where) // 2], where[-1]}):
            got = tab.page.evaluate(SET, int(k))
            verdict = lr.judge(got["alpha"], X, Y).regime
            state = tab.page.evaluate(STATE)
            assert got["regime"] == state["regime"] == verdict == name
            assert state["status"].startswith(f"{state['valuetext']}: {verdict}.")
            seen.add(name)
    assert seen >= {"crawls", "reasonable", "cycles", "erratic"}


def test_the_keyboard_moves_the_rate_the_path_and_the_label(tab, sweep):
    page = tab.page
    page.evaluate(SET, 0)
    page.focus(SLIDER)
    label = page.evaluate("() => document.querySelector('.lr-explorer input').labels[0].textContent")
    assert "α" in label
    before = page.evaluate(STATE)
    page.keyboard.press("ArrowRight")
    after = page.evaluate(STATE)
    assert after["run"]["alpha"] == pytest.approx(sweep.runs.rates[1], rel=1e-13)
    assert after["path"] != before["path"] and after["curve"] != before["curve"]
    assert after["valuetext"] == f"α = {float(f'{sweep.runs.rates[1]:.3g}'):g}"
    page.keyboard.press("End")
    end = page.evaluate(STATE)
    assert end["run"]["alpha"] == pytest.approx(sweep.runs.rates[-1], rel=1e-13)
    assert end["regime"] == sweep.runs.regimes[-1] != before["regime"]
    assert end["status"] != before["status"] and end["path"] != after["path"]
    for state in (before, end):  # the status says when the path leaves the landscape's window
        a, b, c, d = lab3.explore.EXTENT
        w = lr.descend(X, Y, [state["run"]["alpha"]], n_settle=lab3.training.N_ITER).weights[:, 0]
        inside = ((a <= w[:, 0]) & (w[:, 0] <= b) & (c <= w[:, 1]) & (w[:, 1] <= d)).all()
        assert ("outside the drawn window" in state["status"]) == (not inside)
    assert "outside the drawn window" in end["status"]
    live = page.locator(".lr-explorer [role=status]")
    assert live.get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_it_reads_at_a_phone_s_and_a_desktop_s_width_in_both_schemes(open_tab, width, scheme):
    tab = open_tab(width, color_scheme="dark" if scheme == "slate" else "light")
    page = tab.open()
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    root = page.locator(ROOT)
    picture = page.locator(".lr-explorer image")
    assert picture.get_attribute("href") is None  # the landscape waits until it is near
    root.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.lr-explorer image').getAttribute('href')")
    size = page.evaluate("""async () => {
      const img = new Image();
      img.src = document.querySelector(".lr-explorer image").href.baseVal;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }""")
    assert size == list(lab3.explore.SHAPE[::-1])
    boxes = [p.bounding_box() for p in page.locator(".lr-explorer__plot").all()]
    if width == 390:  # stacked, each as wide as the column
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1
        assert min(b["width"] for b in boxes) >= 300
    else:  # side by side
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and boxes[1]["x"] > boxes[0]["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    colours = page.evaluate("""() => [
      getComputedStyle(document.querySelector(".lr-explorer__plot text")).fill,
      getComputedStyle(document.querySelector(".md-typeset")).color,
      getComputedStyle(document.querySelector(".lr-explorer__plot")).fill]""")
    assert colours[0] == colours[1] == colours[2]  # the axes' text is the page's text colour
    page.focus(SLIDER)
    before = page.evaluate(STATE)
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(STATE)["path"] != before["path"]
    assert not tab.errors
    tab.page.close()


def test_axe_finds_nothing_in_the_explorer(open_tab):
    from axe_playwright_python.sync_playwright import Axe

    tab = open_tab()
    page = tab.open()
    page.locator(ROOT).scroll_into_view_if_needed()
    page.evaluate(Axe().axe_script)
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        found = page.evaluate("async () => (await axe.run('.lr-explorer')).violations")
        assert not found, [(v["id"], [n["target"] for n in v["nodes"]]) for v in found]
    tab.page.close()


def test_it_works_after_instant_navigation(open_tab, built_site, site_server):
    """Material navigates instantly between the pages its sitemap lists. The test build has
    no ``site_url``, so its sitemap lists none; the page is served with the sitemap that a
    build with ``site_url`` at the server's address writes."""
    tab = open_tab()
    serve_sitemap(tab.page, built_site, site_server)
    page = tab.open("part2/")
    page.evaluate("window.keptAcrossPages = true")
    for _ in range(2):  # there and back, twice: the explorer starts once per visit
        page.click("nav.md-nav a[href$='learning-rate/']")
        page.wait_for_url(f"**/{PAGE}")
        page.wait_for_selector(f"{ROOT}:not([hidden])")
        assert page.evaluate("window.keptAcrossPages")  # no reload: instant navigation
        page.focus(SLIDER)
        before = page.evaluate(STATE)
        page.keyboard.press("ArrowRight")
        after = page.evaluate(STATE)
        assert after["sliders"] == 1 and after["path"] != before["path"]
        assert after["valuetext"] != before["valuetext"]
        page.click("nav.md-nav a[href$='likelihood/']")
        page.wait_for_url("**/part2/likelihood/")
    assert not tab.errors
    tab.page.close()


def test_without_javascript_it_stays_hidden(open_tab):
    tab = open_tab(java_script_enabled=False)
    page = tab.open()
    assert page.locator(ROOT).is_hidden()
    assert page.locator("a[href*='plot_12_learning_rates']").count() >= 1
    tab.page.close()


def test_the_explorer_s_code_is_small(built_site):
    for name in ("javascripts/lr-explorer.js", "stylesheets/lr-explorer.css"):
        assert len(gzip.compress((built_site / name).read_bytes(), 9)) <= 4096, name
    page = (built_site / PAGE / "index.html").read_text(encoding="utf-8")
    assert page.count("lr-explorer.js") == 1
