"""The light/dark toggle (docs/overrides/partials/palette.html and
partials/javascripts/palette.html), which replaces Material's palette component.

The scheme is set while the header is read: the system's preference, or the
reader's last choice, which a click or Enter changes, which a reload and
instant navigation keep, and which the system's preference no longer moves.
And the page never restyles itself for it while it loads (Material's component
marked the body as switching on every load: three restyles of the whole page).
"""

from __future__ import annotations

import pytest
from chromium import console_errors
from site_copy import serve, serve_sitemap

pytestmark = pytest.mark.site

TOGGLE = "[data-lab3-palette] label:not([hidden])"
# Records, from the first byte of the page on, each change to the body's colour attributes
# and how many elements of the content had been read by then.
WATCH = """
new MutationObserver((records) => {
  for (const r of records) (window.colourChanges ||= []).push(
    [r.attributeName, document.querySelectorAll(".md-content *").length]);
}).observe(document, {attributes: true, subtree: true,
                      attributeFilter: ["data-md-color-switching", "data-md-color-scheme"]});
"""


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as (url, _):
        yield url


def open_tab(browser, url, scheme="light"):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    context.add_init_script(WATCH)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(url, wait_until="load")
    return page, errors


def scheme(page) -> str:
    return page.get_attribute("body", "data-md-color-scheme")


def colour_scheme_meta(page) -> str:
    return page.eval_on_selector("meta[name=color-scheme]", "m => m.content")


def bar_colour(page) -> tuple[str, str]:
    """The theme-color meta (the browser's bar) and the header's colour, as #rrggbb."""
    return page.evaluate("""() => [
      document.querySelector("meta[name=theme-color]").content,
      "#" + getComputedStyle(document.querySelector(".md-header")).backgroundColor
        .match(/\\d+/g).slice(0, 3).map((c) => (+c).toString(16).padStart(2, "0")).join("")]""")


@pytest.mark.parametrize("system, expected", [("light", "default"), ("dark", "slate")])
def test_the_page_loads_in_the_system_s_scheme_without_restyling(
        chromium_browser, site, system, expected):
    page, errors = open_tab(chromium_browser, site + "part2/likelihood/", system)
    page.wait_for_timeout(500)  # the theme's deferred work, done
    assert scheme(page) == expected
    assert colour_scheme_meta(page) == system
    meta, header = bar_colour(page)
    assert meta == header
    # Set while the header was read, before the content: no later change to the body.
    changes = page.evaluate("window.colourChanges || []")
    assert changes == ([] if system == "light" else [["data-md-color-scheme", 0]]), changes
    assert page.evaluate("document.querySelector('[data-md-component=palette]')") is None
    labels = page.locator("[data-lab3-palette] label")
    assert labels.count() == 2 and page.locator(TOGGLE).count() == 1
    assert errors == []
    page.context.close()


def test_a_click_or_enter_switches_and_the_choice_is_kept(chromium_browser, built_site, site):
    page, errors = open_tab(chromium_browser, site)
    serve_sitemap(page, built_site, site)
    assert scheme(page) == "default"
    page.click(TOGGLE)
    assert scheme(page) == "slate" and colour_scheme_meta(page) == "dark"
    page.wait_for_timeout(300)  # the header's colour transition, to its end
    meta, header = bar_colour(page)
    assert meta == header
    page.reload()
    assert scheme(page) == "slate", "the choice survives a reload"
    page.evaluate("window.keptAcrossPages = true")
    page.click("nav.md-nav a[href$='part1/']")
    page.wait_for_url("**/part1/")
    assert page.evaluate("window.keptAcrossPages"), "instant navigation, no reload"
    assert scheme(page) == "slate" and page.locator(TOGGLE).count() == 1
    page.emulate_media(color_scheme="light")  # the reader chose: the system no longer decides
    page.wait_for_timeout(100)
    assert scheme(page) == "slate"
    page.focus("[data-lab3-palette] input:checked")
    page.keyboard.press("Enter")
    assert scheme(page) == "default"
    assert page.evaluate("document.activeElement.matches('[data-lab3-palette] input:checked')")
    assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False
    assert errors == []
    page.context.close()


def test_without_a_choice_the_scheme_follows_the_system(chromium_browser, site):
    page, errors = open_tab(chromium_browser, site + "notation/")
    assert scheme(page) == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert colour_scheme_meta(page) == "dark"
    assert page.locator(TOGGLE).count() == 1
    assert errors == []
    page.context.close()
