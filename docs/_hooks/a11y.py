"""Accessibility fix in the pages' own content.

It answers a rule of axe-core, which tests/test_browser.py runs on every page.
The theme's markup is fixed where the theme makes it, by template overrides in
``docs/overrides/partials/`` (the search dialog's name, each section's
navigation named by its path); this fix concerns what the site's own sources
become:

- scrollable-region-focusable: display math (pymdownx.arithmatex's block) scrolls
  sideways when it is wider than the page (the theme's ``overflow: auto``);
  like the theme's code blocks, it is made focusable so that a keyboard can
  scroll it. (javascripts/a11y.js fixes the code blocks' button bars, which
  the theme's script adds.)

The gallery's figures need no fix: each has a title, which mkdocs-gallery, as
sphinx-gallery, makes its alt text (tests/test_gallery.py).
"""

from __future__ import annotations

import re

_DISPLAY_MATH = re.compile(r'<div class="arithmatex"(?![^>]*tabindex)')


def scrollable_math(content: str) -> str:
    """Let a keyboard reach (and so scroll) each block of display math."""
    return _DISPLAY_MATH.sub(lambda m: m[0] + ' tabindex="0"', content)


def on_page_content(html_content, page, **kwargs):
    return scrollable_math(html_content)
