"""Accessibility fixes in the pages' own content (docs/_hooks/a11y.py); axe-core judges
the built pages (tests/test_browser.py)."""

from conftest import load_hook

a11y = load_hook("a11y")
FIGURE = '<p><img alt="{alt}" src="../images/mkd_glr_plot_12_learning_rates_00{n}.png"></p>'


def test_an_untitled_gallery_figure_is_named_after_its_section():
    page = (
        FIGURE.format(alt="plot 12 learning rates", n=1)
        + '<h2 id="six">Six rates, <span class="arithmatex">\\(30\\)</span> steps'
        '<a class="headerlink" href="#six">¶</a></h2>'
        + FIGURE.format(alt="plot 12 learning rates", n=2)
    )
    named = a11y.name_untitled_figures(page, "The learning rate")
    assert 'alt="The learning rate"' in named  # before any heading: the page's title
    assert 'alt="Six rates, 30 steps"' in named
    assert "plot 12" not in named


def test_a_titled_figure_and_other_images_keep_their_text():
    page = (FIGURE.format(alt="Loss against the rate", n=3)
            + '<img alt="plot 12 learning rates" src="logo.png">')
    assert a11y.name_untitled_figures(page, "Title") == page


def test_display_math_can_be_reached_by_keyboard():
    page = '<div class="arithmatex">\\[x\\]</div><span class="arithmatex">\\(y\\)</span>'
    assert a11y.scrollable_math(page) == (
        '<div class="arithmatex" tabindex="0">\\[x\\]</div><span class="arithmatex">\\(y\\)</span>'
    )
    assert a11y.scrollable_math(a11y.scrollable_math(page)) == a11y.scrollable_math(page)
