"""The accessibility fix in the pages' own content (docs/_hooks/a11y.py); axe-core judges
the built pages (tests/test_browser.py)."""

from conftest import load_hook

a11y = load_hook("a11y")


def test_display_math_can_be_reached_by_keyboard():
    page = '<div class="arithmatex">\\[x\\]</div><span class="arithmatex">\\(y\\)</span>'
    assert a11y.scrollable_math(page) == (
        '<div class="arithmatex" tabindex="0">\\[x\\]</div><span class="arithmatex">\\(y\\)</span>'
    )
    assert a11y.scrollable_math(a11y.scrollable_math(page)) == a11y.scrollable_math(page)
