"""No empty sections in the navigation.

mkdocs-gallery gives each gallery, besides its index page and one section per
subfolder, a section for the scripts at its top level, titled like the gallery
itself. This site keeps every script in a subfolder (``gallery/part1``,
``gallery/part2``), so that section is empty, and the theme would show it as a
second "Tutorials" under "Tutorials" that leads nowhere. A section without
pages is left out of the navigation, wherever it comes from.
"""

from __future__ import annotations

from mkdocs.structure.nav import Section


def pruned(items: list) -> list:
    """``items`` without the sections that hold no page, at any depth."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = pruned(item.children)
            if not item.children:
                continue
        kept.append(item)
    return kept


def on_nav(nav, config, files, **kwargs):
    nav.items = pruned(nav.items)
    return nav
