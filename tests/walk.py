"""One visit of every page of the built site in Chromium, shared by the site's browser gates.

Each page is loaded cold (no HTTP cache, no stored data: page_weight.cold_loads), at
1280 x 800, once per test run. The visit records what the gates need: the bytes the cold
load transferred (tests/test_budgets.py), the probe of the page's text, math, images and
links, axe-core's findings in both colour schemes (tests/test_browser.py), and the sizes
of the graphs' text and of the display math at a desktop's width (tests/test_phone.py).
It imports nothing of pytest.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from page_weight import Responses, cold_loads, settle, weigh
from site_copy import site_pages

# Colour contrast is the one axe rule that depends on the colour scheme: the
# dark scheme is checked for it alone. Transitions are stopped so that axe
# reads the final colours, not ones halfway through the switch.
SCHEME_RULES = ["color-contrast"]
NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important }"
)

# axe-core, run in the page. One rule's findings are narrowed: empty-table-header
# counts only text that is visible and not aria-hidden, and KaTeX shows math as
# aria-hidden HTML beside visually hidden MathML for screen readers, so a header
# that holds only math ("$x_i$") reads as empty though everyone gets its content.
# Such headers are not counted; a header with no content at all still is.
AXE_RUN = r"""async (options) => {
  const result = await axe.run(document, options);
  const onlyMath = (el) => {
    if (!el || !el.querySelector(".katex")) return false;
    const rest = el.cloneNode(true);
    rest.querySelectorAll(".katex").forEach((math) => math.remove());
    return rest.textContent.trim() === "";
  };
  for (const v of result.violations.filter((v) => v.id === "empty-table-header")) {
    v.nodes = v.nodes.filter((n) => !onlyMath(document.querySelector(n.target[0])));
  }
  result.violations = result.violations.filter((v) => v.nodes.length > 0);
  return result;
}"""

# In the page: what each gate needs, as JSON.
PROBE = r"""async () => {
  const visible = (el) => el.checkVisibility ? el.checkVisibility() : true;
  const excerpt = (el) => el.textContent.slice(0, 80);
  const images = await Promise.all([...document.images].map(async (img) => {
    img.loading = "eager";
    try { await img.decode(); } catch (e) { /* judged by naturalWidth below */ }
    return {
      src: img.currentSrc || img.src, alt: img.getAttribute("alt"),
      decorative: img.getAttribute("role") === "presentation"
        || img.closest("[aria-hidden=true]") !== null,
      figure: img.matches(".mkd-glr-single-img, .mkd-glr-multi-img, figure img, article p > img"),
      naturalWidth: img.naturalWidth, width: img.getBoundingClientRect().width,
    };
  }));
  const math = [...document.querySelectorAll(".arithmatex")];
  // Text a reader sees outside code and rendered math: raw TeX must not be in it.
  const skip = "script, style, noscript, template, pre, code, kbd, samp, textarea, svg, "
    + ".katex, .md-search";
  const show = NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT;
  const walker = document.createTreeWalker(document.body, show, {
    acceptNode: (node) => node.nodeType === Node.ELEMENT_NODE
      ? (node.matches(skip) || !visible(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP)
      : NodeFilter.FILTER_ACCEPT,
  });
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  return {
    text: texts.join(" ").replace(/\s+/g, " "),
    title: document.querySelector("article h1")?.textContent.replace("¶", "").trim() ?? null,
    math: math.length,
    unrendered: math.filter((el) => !el.querySelector(".katex")).map(excerpt),
    katexErrors: [...document.querySelectorAll(".katex-error")].map(excerpt),
    images,
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
  };
}"""

# In the page: the smallest rendered text of each graph figure, and the display
# formulas wider than their box (tests/test_phone.py, at each width).
MEASURE = r"""() => {
  const graphs = [...document.querySelectorAll("figure.lab3-graph")].map((fig) => {
    const sizes = [...fig.querySelectorAll("svg text")].filter((t) => t.checkVisibility())
      .map((t) => t.getBoundingClientRect().height > 0
        ? parseFloat(t.getAttribute("font-size"))
          * t.ownerSVGElement.getBoundingClientRect().width
          / t.ownerSVGElement.viewBox.baseVal.width
        : 0);
    return {texts: sizes.length, smallest: Math.min(...sizes),
            caption: fig.querySelector("figcaption").textContent.slice(0, 40)};
  });
  const formulas = [...document.querySelectorAll("div.arithmatex")];
  const wide = formulas
    .filter((d) => d.scrollWidth > d.clientWidth + 1)
    .map((d) => ({tex: d.querySelector("annotation")?.textContent.slice(0, 60),
                  shadow: getComputedStyle(d).backgroundImage}));
  return {graphs, formulas: formulas.length, wide};
}"""

SERVER = "http://site.invalid/"  # stands for the worker's server in a walk made by another


@dataclass
class Visit:
    """What one page showed the browser."""

    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)  # URLs the weight counts, in order
    weight: dict = field(default_factory=dict)  # tests/page_weight.py's row of the cold load
    probe: dict = field(default_factory=dict)
    measure: dict = field(default_factory=dict)  # MEASURE at 1280 px
    axe: dict[str, list[dict]] = field(default_factory=dict)  # violations, by scheme
    rules: int = 0  # how many axe rules ran in the default scheme


class Tab(Responses):
    """A browser tab that records what the current page does (its responses as
    :class:`page_weight.Responses` does, the rest in a :class:`Visit`); requests to any
    host but 127.0.0.1 are blocked and recorded."""

    def __init__(self, page):
        super().__init__(page)
        self.page, self.visit = page, Visit()
        page.route("**/*", self._route)
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.visit.console_errors.append(msg.text),
        )
        page.on("pageerror", lambda exc: self.visit.console_errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 400:
            self.visit.failed.append(f"{response.url} ({response.status})")

    def _failed(self, request):
        if request.failure != "net::ERR_ABORTED":  # cancelled by leaving the page, not a failure
            self.visit.failed.append(f"{request.url} ({request.failure})")

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.visit.blocked.append(url)
            route.abort("blockedbyclient")

    def begin(self) -> Visit:
        """A new load: the visit that records it."""
        super().begin()
        self.visit = Visit()
        return self.visit

    def open(self, url: str) -> Visit:
        self.begin()
        self.page.goto(url, wait_until="load")
        return self.visit


def watched(page) -> Tab:
    """A :class:`Tab` on ``page``, which waits at most 15 s for anything."""
    page.set_default_timeout(15_000)
    return Tab(page)


def inspect(tab: Tab, site: Path, server: str, rel: str, axe_script: str) -> Visit:
    """What ``tab``, just sent to ``rel`` by :func:`page_weight.cold_loads`, shows: the
    cold load's responses and weight once it is over (:func:`page_weight.settle`), then
    the probe, the measures and axe (every rule, then the scheme's rules in the dark
    scheme)."""
    page, visit = tab.page, tab.visit
    settle(page, tab.network)
    visit.responses = list(tab.urls)  # not what the probe or axe fetch later
    visit.weight = weigh(site, rel or "/", visit.responses, server)
    visit.probe = page.evaluate(PROBE)
    visit.measure = page.evaluate(MEASURE)
    page.evaluate(axe_script)
    result = page.evaluate(AXE_RUN, {"resultTypes": ["violations"]})
    visit.axe["default"] = result["violations"]
    visit.rules = sum(len(result[kind]) for kind in (
        "passes", "violations", "incomplete", "inapplicable"))
    page.add_style_tag(content=NO_TRANSITIONS)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    visit.axe["slate"] = page.evaluate(
        AXE_RUN, {"runOnly": SCHEME_RULES, "resultTypes": ["violations"]})["violations"]
    return visit


def walk_site(browser, site: Path, server: str, axe_script: str, at_once: int = 4) -> dict:
    """Every HTML page of ``site`` (served at ``server``), the 404 page too, visited once:
    ``{page: Visit as a dict}``, JSON, with ``server`` written as :data:`SERVER` (each
    worker of a test run serves the site on a port of its own). ``at_once`` pages load
    side by side, each cold, in a tab of its own, while the first is inspected."""
    visits = {rel: asdict(inspect(tab, site, server, rel, axe_script))
              for rel, _, tab in cold_loads(browser, server, site_pages(site, not_found=True),
                                            at_once, watched)}
    return json.loads(json.dumps(visits).replace(server, SERVER))


def visits_at(walked: dict, server: str) -> dict[str, Visit]:
    """:func:`walk_site`'s JSON as the :class:`Visit` of each page, with ``server`` back in
    place of :data:`SERVER`."""
    return {rel: Visit(**v) for rel, v in json.loads(
        json.dumps(walked).replace(SERVER, server)).items()}
