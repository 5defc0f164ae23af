"""Accessibility fixes for markup that the theme and mkdocs-gallery generate.

Each fix answers a rule of axe-core, which tests/test_browser.py runs on every
page:

- image-alt, in substance: mkdocs-gallery names a figure that has no title
  after its file ("plot 03 gradient step"); such a figure is named after the
  section of the script it illustrates instead.
- aria-dialog-name: Material's search dialog has no name.
- landmark-unique: a section's navigation is labelled by its toggle, which
  with ``navigation.indexes`` is an icon without text, and two sections may
  share a title (Part 1, and the tutorials' Part 1). Each section's navigation
  is named by its path instead: "Tutorials / Part 1: a single unit".
  (javascripts/a11y.js does the same for the code blocks' button bars.)
- scrollable-region-focusable: display math scrolls sideways when it is wider
  than the page (the theme's ``overflow: auto``); like the theme's code blocks,
  it is made focusable so that a keyboard can scroll it.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

from mkdocs.plugins import event_priority

_TAG = re.compile(r"<[^>]+>")
_HEADING_OR_IMG = re.compile(r"<h[1-6][^>]*>(?P<heading>.*?)</h[1-6]>|<img\b(?P<img>[^>]*)>", re.S)
_ATTR = r'\b{}="([^"]*)"'
_SEARCH_DIALOG = re.compile(r'<div class="md-search"(?![^>]*aria-label)[^>]*role="dialog"')
_NAV_TITLE = re.compile(
    r'<label class="md-nav__title" for="(?P<id>[\w-]+)">(?P<title>.*?)</label>', re.S
)
_DISPLAY_MATH = re.compile(r'<div class="arithmatex"(?![^>]*tabindex)')
_SECTION_NAV = re.compile(r'(<nav class="md-nav" [^>]*)aria-labelledby="(?P<id>__nav[\w-]*)_label"')


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


def fix_theme_markup(output: str) -> str:
    """Name the search dialog and each section's navigation; let display math be scrolled."""
    output = _SEARCH_DIALOG.sub(lambda m: m[0] + ' aria-label="Search"', output, count=1)
    titles = {m["id"]: _text(m["title"]) for m in _NAV_TITLE.finditer(output)}

    def name_by_path(m):
        parts = m["id"].split("_")  # __nav_3_3 -> its ancestors __nav_3, then itself
        ids = ["_".join(parts[:i]) for i in range(4, len(parts) + 1)]
        path = " / ".join(titles[i] for i in ids if titles.get(i))
        return f'{m[1]}aria-label="{html.escape(path)}"' if path else m[0]

    output = _SECTION_NAV.sub(name_by_path, output)
    return _DISPLAY_MATH.sub(lambda m: m[0] + ' tabindex="0"', output)


def on_page_content(html_content, page, **kwargs):
    return name_untitled_figures(html_content, page.title or "")


@event_priority(-100)  # on the finished page, after the math is rendered (katex_ssr.py)
def on_post_page(output, **kwargs):
    return fix_theme_markup(output)


def on_post_template(output_content, template_name, **kwargs):
    return fix_theme_markup(output_content) if template_name.endswith(".html") else output_content
