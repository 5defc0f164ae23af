"""Stepping through the graph figures in a real browser (docs/javascripts/graph-steps.js).

Each figure of lab3.graph.figures carries its steps (lab3.graph.steps); the page's script
adds Forward and Backward buttons. Chromium clicks and keys through every step of both
passes on a desktop, and checks what lights up, in the wide drawing and in the narrow one
a phone shows, and what the live region says against lab3's own steps; on a phone and in
the dark scheme, a first step of each pass; in each, the controls' size, the colours and
axe-core. Then that the controls come back,
once, after instant navigation, and that without JavaScript the figure is the static one.
"""

from __future__ import annotations

import gzip

import pytest
from chromium import console_errors
from site_copy import serve, serve_sitemap

from lab3.graph.figures import FIGURES, figure_html, lab_graphs
from lab3.graph.steps import graph_steps

pytestmark = pytest.mark.site

SCRIPT, STYLE = "javascripts/graph-steps.js", "stylesheets/graph-steps.css"
PAGES = ("part1/", "part1/loss/")
HIDE_CONTROLS = ".md-typeset .lab3-steps { display: none !important }"

# In the page: what one figure shows now.
STATE = """(fig) => {
  const at = (el) => Number(el.closest("[data-graph]").getAttribute("data-graph"));
  const text = fig.querySelector(".lab3-steps__text");
  /* the drawing the column shows (wide or narrow); the other one is lit alike */
  const lit = (sel) => [...fig.querySelectorAll(sel)].filter((el) => el.checkVisibility());
  const hidden = (sel) => [...fig.querySelectorAll(sel)].filter((el) => !el.checkVisibility());
  const key = (el) => [at(el), el.getAttribute("data-node"), el.getAttribute("data-src"),
                       el.getAttribute("data-dst")].join();
  const same = (sel) => JSON.stringify(lit(sel).map(key).sort())
    === JSON.stringify(hidden(sel).map(key).sort());
  return {
    nodes: lit("[data-node].lab3-on")
      .map((el) => [at(el), el.getAttribute("data-node")]),
    edges: lit("[data-src].lab3-on")
      .map((el) => [at(el), el.getAttribute("data-src"), el.getAttribute("data-dst")]),
    curves: lit("[data-src].lab3-on")
      .filter((el) => el.querySelector("path[fill=none]")).length,
    both_drawings: same("[data-node].lab3-on") && same("[data-src].lab3-on"),
    text: text.textContent,
    live: text.getAttribute("aria-live"),
    bars: fig.querySelectorAll(".lab3-steps").length,
  };
}"""
# In the page: the colour a lit node's border takes, and the theme's primary colour.
COLOURS = """(fig) => {
  const probe = document.createElement("span");
  probe.style.color = "var(--md-primary-fg-color)";
  fig.appendChild(probe);
  const primary = getComputedStyle(probe).color;
  probe.remove();
  const rect = [...fig.querySelectorAll("[data-node].lab3-on > rect")]
    .find((el) => el.checkVisibility());
  return {lit: getComputedStyle(rect).stroke, primary};
}"""

# In the page: texts of the figure drawn fainter than their colour (faded by a group).
FADED_TEXT = """(fig) => [...fig.querySelectorAll("svg text")].filter((text) => {
  for (let el = text; el !== fig; el = el.parentElement)
    if (getComputedStyle(el).opacity !== "1") return true;
  return false;
}).length"""
# In the page: axe-core's violations inside the graph figures.
AXE = """async (options) => (await axe.run({include: [["figure.lab3-graph"]]}, options))
  .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""
# In the page: how many figures have nothing lit.
UNLIT = """() => [...document.querySelectorAll("figure.lab3-graph")]
  .filter((fig) => !fig.querySelector(".lab3-on")).length"""


def pages_with_figures(site) -> dict[str, list[str]]:
    """Every built page that shows a graph figure with steps, with the names of its figures in
    order (Part 2's one-point graph is drawn without them)."""
    html = {name: figure_html(name) for name in FIGURES}
    found = {}
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'class="lab3-graph" data-steps=' in text:
            where = sorted((text.index(h), name) for name, h in html.items() if h in text)
            found[path.relative_to(site).parent.as_posix() + "/"] = [name for _, name in where]
    return found


def test_every_page_with_a_figure_loads_the_script_and_shows_the_static_figures(built_site):
    """A figure reaches the page exactly as lab3 made it, and its page lists the stepper
    (a new page that shows a figure must name it in its front matter too)."""
    found = pages_with_figures(built_site)
    assert set(PAGES) <= set(found) and found["part1/loss/"] == ["loss", "backward", "autograd"]
    for page, names in found.items():
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert text.count('class="lab3-graph" data-steps="') == len(names), page
        assert f'{SCRIPT}" defer' in text and f"{STYLE}" in text, f"{page} loads no stepper"


@pytest.fixture(scope="module")
def browser(built_site, chromium_browser):
    with serve(built_site) as (url, _):
        yield chromium_browser, url


def new_tab(browser, **context):
    """A tab in a new context that records console errors and failed requests."""
    page = browser.new_context(**context).new_page()
    page.set_default_timeout(15_000)
    errors = console_errors(page)
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    return page, errors


def same(shown, step):
    """The figure lights up exactly the step's nodes and edges (an edge's curve and its
    label are two groups) and shows its sentence in the live region."""
    assert shown["both_drawings"], "the wide and the narrow drawing light the same step"
    assert sorted(shown["nodes"]) == sorted(step["nodes"])
    assert sorted({tuple(e) for e in shown["edges"]}) == sorted(tuple(e) for e in step["edges"])
    assert shown["curves"] == len(step["edges"])
    assert shown["text"] == step["text"] and shown["live"] == "polite"


def walk_figure(page, fig, steps, how, at):
    """Every step of each pass and one more, by click or by key. ``at`` is where the figure
    is, (pass, step): a pass goes on from its step, and starts again after its last one or
    after the other pass. Returns where the figure is then."""
    for pass_, key in (("forward", "ArrowRight"), ("backward", "ArrowLeft")):
        button = fig.locator(f"button[data-pass={pass_}]")
        if not steps[pass_]:
            assert button.count() == 0
            continue
        for _ in range(len(steps[pass_]) + 1):
            if how == "click":
                button.click()
            else:
                page.keyboard.press(key)
            i = (at[1] + 1) % len(steps[pass_]) if at[0] == pass_ else 0
            at = (pass_, i)
            same(fig.evaluate(STATE), steps[pass_][i])
        if how == "keys":  # keyboard focus shows
            assert page.evaluate("document.activeElement.matches('.lab3-steps button')")
            style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert style != "none"
    return at


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_step_through_every_figure(browser, built_site, axe_script, width, scheme):
    browser, url = browser
    page, errors = new_tab(browser, viewport={"width": width, "height": 800},
                           color_scheme=scheme, reduced_motion="reduce")
    for rel, names in pages_with_figures(built_site).items():
        page.goto(url + rel, wait_until="load")
        body_scheme = page.get_attribute("body", "data-md-color-scheme")
        assert body_scheme == ("slate" if scheme == "dark" else "default")
        figures = page.locator("figure.lab3-graph")
        assert figures.count() == len(names)
        for k, name in enumerate(names):
            fig = figures.nth(k)
            steps = graph_steps(lab_graphs(name))
            bar = fig.locator(".lab3-steps")
            bar.scroll_into_view_if_needed()
            box = bar.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the controls fit"
            for button in fig.locator("button").all():
                size = button.bounding_box()
                assert size["height"] >= 24 and size["width"] >= 24, "a target a finger can hit"
            assert fig.evaluate(STATE)["nodes"] == [], "nothing lit before the first step"
            if (width, scheme) == (1280, "light"):  # every step, by click and by key
                at = walk_figure(page, fig, steps, "click", (None, -1))
                fig.locator("button").first.focus()
                walk_figure(page, fig, steps, "keys", at)
            else:  # the steps depend neither on the colours nor on the width (each step
                # above lights the narrow drawing alike): a first step of each pass
                fig.locator("button[data-pass=forward]").click()
                same(fig.evaluate(STATE), steps["forward"][0])
                if steps["backward"]:
                    page.keyboard.press("ArrowLeft")
                    same(fig.evaluate(STATE), steps["backward"][0])
            colours = fig.evaluate(COLOURS)
            assert colours["lit"] == colours["primary"]
            assert fig.evaluate(FADED_TEXT) == 0, "every text keeps its contrast"
        # axe-core once over the page's figures, each with a step lit and the last one's
        # button focused (each figure lights its own steps; the buttons share one style)
        assert page.evaluate(UNLIT) == 0
        page.evaluate(axe_script)
        page.wait_for_timeout(300)  # the theme's transitions, to the focused button's colours
        violations = page.evaluate(AXE, {"resultTypes": ["violations"]})
        assert violations == [], f"{rel}, {scheme}: {violations}"
        assert errors == [], f"{rel}: {errors}"
    page.context.close()


def test_controls_come_back_once_after_instant_navigation(browser, built_site):
    browser, url = browser
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    serve_sitemap(context, built_site, url)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.oneDocument = true")  # gone if a link loads a whole new document
    for rel in ("part1/", "part1/loss/", "part1/", "part1/loss/"):
        page.evaluate("(t) => [...document.querySelectorAll('a.md-nav__link')]"
                      ".find((a) => a.href === t).click()", url + rel)
        page.wait_for_url(f"**/{rel}")
        names = pages_with_figures(built_site)[rel]
        page.wait_for_function(f"document.querySelectorAll('.lab3-steps').length === {len(names)}")
        assert page.evaluate("window.oneDocument") is True, "Material swapped the page in"
        figures = page.locator("figure.lab3-graph")
        for k, name in enumerate(names):
            fig = figures.nth(k)
            assert fig.evaluate(STATE)["bars"] == 1
            steps = graph_steps(lab_graphs(name))
            fig.locator("button[data-pass=forward]").click()
            same(fig.evaluate(STATE), steps["forward"][0])
    page.go_back()
    page.wait_for_url("**/part1/")
    page.wait_for_function("document.querySelectorAll('.lab3-steps').length === "
                           f"{len(pages_with_figures(built_site)['part1/'])}")
    page.wait_for_timeout(300)  # a second run of the script would add a second bar by now
    assert page.locator(".lab3-steps").count() == len(pages_with_figures(built_site)["part1/"])
    assert page.evaluate("window.oneDocument") is True
    assert errors == []
    context.close()


def test_without_javascript_the_figure_is_the_static_one(browser, built_site):
    """Without JavaScript: no controls and nothing faded, the same SVG as with it. With it,
    the script changes nothing in the drawing: the figures look as they do when the script
    is blocked (its controls hidden, so that the figures sit at the same place)."""
    browser, url = browser
    pages = pages_with_figures(built_site)
    shots, markup = {rel: {} for rel in pages}, {rel: {} for rel in pages}
    for run in ("no JS", "script blocked", "script"):
        page = browser.new_context(viewport={"width": 1280, "height": 800},
                                   java_script_enabled=run != "no JS").new_page()
        if run == "script blocked":
            page.route(f"**/{SCRIPT}", lambda route: route.abort())
        for rel, names in pages.items():
            page.goto(url + rel, wait_until="load")
            figures = page.locator("figure.lab3-graph")
            assert figures.count() == len(names)
            assert page.locator(".lab3-steps").count() == (len(names) if run == "script" else 0)
            assert page.locator(".lab3-on, .lab3-stepping").count() == 0
            faded = page.eval_on_selector_all(
                "[data-node], [data-src]", "els => els.filter((el) => "
                "getComputedStyle(el).opacity !== '1').length")
            assert faded == 0
            wide = [figures.nth(k).locator(".lab3-graph__wide svg") for k in range(len(names))]
            markup[rel][run] = [svg.evaluate("el => el.outerHTML") for svg in wide]
            if run != "no JS":  # (a style tag waits for its load event, which needs JS)
                page.add_style_tag(content=HIDE_CONTROLS)
                shots[rel][run] = [svg.screenshot() for svg in wide]
        page.context.close()
    for rel in pages:
        assert markup[rel]["no JS"] == markup[rel]["script blocked"] == markup[rel]["script"], rel
        assert shots[rel]["script blocked"] == shots[rel]["script"], f"{rel}: the script's trace"


def test_the_script_stays_small(built_site):
    """A few KiB at most, gzipped, of the site's budget for its own interactive scripts."""
    assert len(gzip.compress((built_site / SCRIPT).read_bytes(), 9)) < 3 * 1024
