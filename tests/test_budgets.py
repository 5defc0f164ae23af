"""The site's size budgets (tests/page_weight.py, which `make bench` prints too):
no page's cold load past 600 KiB, and the site's interactive JavaScript within
30 KiB gzipped, all pages together. Sizes, not timings: they do not depend on the
machine. (Lighthouse's performance score, a timing, is `make audit`'s.)"""

from __future__ import annotations

import re

import pytest
from conftest import GATES
from page_weight import JS_BUDGET, PAGE_BUDGET, interactive_js

pytestmark = pytest.mark.site


def test_the_interactive_javascript_fits_its_budget(built_site):
    scripts = interactive_js(built_site)
    assert "javascripts/a11y.js" in scripts  # the site's own scripts are counted
    total = sum(scripts.values())
    listing = "\n".join(f"{path}: {size} B" for path, size in scripts.items())
    assert total <= JS_BUDGET, f"{total} B of interactive JS, gzipped:\n{listing}"
    GATES["interactive JS"] = f"{total / 1024:.1f} KiB gzipped (budget {JS_BUDGET // 1024} KiB)"


def test_no_page_loads_the_vendored_katex_script(built_site):
    """The math is rendered at build time: KaTeX's script, which the budget leaves out,
    stays out of every page."""
    for html in built_site.rglob("*.html"):
        assert not re.search(r'<script[^>]+katex[^>]*\.js', html.read_text(encoding="utf-8")), html


def test_every_page_is_within_its_weight_budget(walk):
    """Each page's cold load, as the walk (tests/walk.py) weighed it."""
    rows = [visit.weight for visit in walk.values()]
    assert len(rows) >= 10 and all(row["requests"] > 0 for row in rows)
    heavy = [f"{r['page']}: {r['total'] / 1024:.0f} KiB" for r in rows if r["total"] > PAGE_BUDGET]
    assert not heavy, f"pages over {PAGE_BUDGET // 1024} KiB:\n" + "\n".join(heavy)
    top = max(rows, key=lambda r: r["total"])
    GATES["page weight"] = (f"heaviest {top['page']} {top['total'] / 1024:.0f} KiB "
                            f"(budget {PAGE_BUDGET // 1024} KiB)")


def test_each_weight_is_of_a_whole_cold_load(walk):
    """A tab of the walk loads page after page: each load still transfers the theme's
    stylesheet and script (nothing comes from a cache), and the weight waits for what the
    theme's script asks for once it has run (the sitemap, for instant navigation)."""
    theme = [re.compile(r"/assets/stylesheets/main\.[0-9a-f]+\.min\.css$"),
             re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"),
             re.compile(r"/sitemap\.xml$")]
    for rel, visit in walk.items():
        missing = [p.pattern for p in theme if not any(p.search(u) for u in visit.responses)]
        assert not missing, f"{rel or '/'}: its load did not transfer {missing}"
