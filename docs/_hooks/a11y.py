"""Accessibility fixes in the pages' own content.

Each fix answers a rule of axe-core, which tests/test_browser.py runs on every
page. The theme's markup is fixed where the theme makes it, by template
overrides in ``docs/overrides/partials/`` (the search dialog's name, each
section's navigation named by its path); these two concern what the site's
own sources become:

- image-alt, in substance: mkdocs-gallery names a figure that has no title
  after its file ("plot 03 gradient step"), its documented fallback. It has no
  setting for another name, and the scripts' figures are plots, not titled
  slides: such a figure is named after the section of the script it
  illustrates instead, the heading above it on the page.
- scrollable-region-focusable: display math (pymdownx.arithmatex's block) scrolls
  sideways when it is wider than the page (the theme's ``overflow: auto``);
  like the theme's code blocks, it is made focusable so that a keyboard can
  scroll it. (javascripts/a11y.js fixes the code blocks' button bars, which
  the theme's script adds.)
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

_TAG = re.compile(r"<[^>]+>")
_HEADING_OR_IMG = re.compile(r"<h[1-6][^>]*>(?P<heading>.*?)</h[1-6]>|<img\b(?P<img>[^>]*)>", re.S)
_ATTR = r'\b{}="([^"]*)"'
_DISPLAY_MATH = re.compile(r'<div class="arithmatex"(?![^>]*tabindex)')


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment, on one line, without permalinks."""
    text = html.unescape(_TAG.sub("", fragment)).replace("¶", "")
    return " ".join(text.replace(r"\(", "").replace(r"\)", "").split())


def _filename_alt(src: str) -> str:
    """The alt text mkdocs-gallery falls back to: ``mkd_glr_plot_01_x_002.png`` -> ``plot 01 x``."""
    stem = PurePosixPath(src).stem
    return re.sub(r"[-,_]", " ", stem[len("mkd_glr_") : -4]) if stem.startswith("mkd_glr_") else ""


def name_untitled_figures(content: str, page_title: str) -> str:
    """Give each gallery figure without a title the heading of its section as alt text."""
    heading = page_title
    out, last = [], 0
    for match in _HEADING_OR_IMG.finditer(content):
        if match["heading"] is not None:
            heading = _text(match["heading"]) or heading
            continue
        attrs = match["img"]
        src, alt = re.search(_ATTR.format("src"), attrs), re.search(_ATTR.format("alt"), attrs)
        if src and alt and alt[1] == _filename_alt(src[1]) != "":
            out.append(content[last : alt.start(1) + match.start("img")])
            out.append(html.escape(heading))
            last = alt.end(1) + match.start("img")
    out.append(content[last:])
    return "".join(out)


def scrollable_math(content: str) -> str:
    """Let a keyboard reach (and so scroll) each block of display math."""
    return _DISPLAY_MATH.sub(lambda m: m[0] + ' tabindex="0"', content)


def on_page_content(html_content, page, **kwargs):
    return scrollable_math(name_untitled_figures(html_content, page.title or ""))
