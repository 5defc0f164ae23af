"""Small things a reader sees: the navigation, the tutorials' openings, thumbnails
and legends (docs/_hooks/nav.py, docs/overrides/main.html, stylesheets/layout.css,
the gallery scripts)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from conftest import ROOT, load_hook, read
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))


def page(title: str) -> Page:
    return Page(title, File(f"{title}.md", "docs", "site", True), {})


def test_sections_without_pages_leave_the_navigation():
    nav = load_hook("nav")
    index, first = page("index"), page("first")
    items = [Section("Tutorials", [index, Section("Tutorials", []),
                                   Section("Part 1", [first, Section("Empty", [])])])]
    kept = nav.pruned(items)
    assert [s.title for s in kept] == ["Tutorials"]
    assert kept[0].children[0] is index
    assert [c.title for c in kept[0].children[1:]] == ["Part 1"]
    assert kept[0].children[1].children == [first]


@pytest.mark.site
def test_the_navigation_names_tutorials_once(built_site):
    html = read(built_site, "generated/gallery/part1/plot_03_gradient_step/index.html")
    nav = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    links = re.findall(r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">'
                       r'\s*Tutorials\s*</span>', nav)
    assert len(links) == 1, "one Tutorials entry, the gallery's index"


@pytest.mark.site
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.stem)
def test_every_tutorial_has_a_figure_for_its_thumbnail(built_site, script):
    """mkdocs-gallery takes a tutorial's thumbnail from its first figure, and without
    one shows a placeholder."""
    images = built_site / "generated" / "gallery" / script.parent.name / "images"
    assert (images / f"mkd_glr_{script.stem}_001.png").is_file()
    placeholder = (built_site / "no_image.png").read_bytes()
    thumb = images / "thumb" / f"mkd_glr_{script.stem}_thumb.png"
    assert thumb.read_bytes() != placeholder


def test_the_gradient_step_legend_covers_no_curve(monkeypatch, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: figures.append(plt.gcf()))
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(ROOT / "gallery" / "part1" / "plot_03_gradient_step.py"),
                   run_name="__main__")
    fig = figures[-1]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (legend,) = fig.legends or [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    box = legend.get_window_extent(renderer)
    for ax in fig.axes:
        assert not box.overlaps(ax.get_window_extent(renderer)), "the legend sits on the plot"
    plt.close("all")


@pytest.mark.site
def test_a_tutorial_opens_with_its_title_offers_its_downloads_and_opens_figures(
        built_site, site_server, chromium_browser):
    browser = chromium_browser
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    for script in SCRIPTS:
        tab.goto(f"{site_server}generated/gallery/{script.parent.name}/{script.stem}/")
        first = tab.evaluate("""() => [...document.querySelector("article").children]
            .find((el) => el.checkVisibility() && !el.matches("a.md-content__button"))
            .tagName""")
        assert first == "H1", f"{script.stem}: the page opens with a {first}, not its title"
        hrefs = tab.eval_on_selector_all("a.md-content__button[download]",
                                         "els => els.map((a) => a.href)")
        assert sorted(Path(h).name for h in hrefs) == [f"{script.stem}.ipynb",
                                                       f"{script.stem}.py"]
        for href in hrefs:
            assert (built_site / href.removeprefix(site_server)).is_file()
        figures = tab.eval_on_selector_all(
            "img.mkd-glr-single-img, img.mkd-glr-multi-img",
            "els => els.map((img) => [img.src, img.closest('a.lab3-figure-link')?.href])")
        assert figures, f"{script.stem} has a figure"
        for src, link in figures:  # a tap opens the figure's own file, full size
            assert link == src, f"{script.stem}: {src} opens {link}"
    tab.close()


def test_the_home_page_reads_every_theory_page_in_the_navigation_s_order():
    from mkdocs.utils.yaml import yaml_load

    nav = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    theory = [path for section in nav if isinstance(section, dict)
              for title, pages in section.items() if title.startswith("Part ")
              for path in pages]
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    order = home[home.index("2. Then read the theory"):home.index("3. Then compare")]
    assert re.findall(r"\]\(((?:part1|part2)/[^)#]+\.md)\)", order) == theory


def test_no_page_has_a_heading_without_content():
    """A heading directly followed by a heading of its own level or above is an empty
    section, which the page's table of contents would list."""
    empty = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        if "generated" in md.parts:
            continue
        lines, heads, fenced = md.read_text(encoding="utf-8").splitlines(), [], False
        for i, line in enumerate(lines):
            fenced ^= line.lstrip().startswith("```")
            if not fenced and (m := re.match(r"(#{1,6}) \S", line)):
                heads.append((i, len(m[1])))
        empty += [f"{md.relative_to(ROOT)}:{i + 1}: {lines[i]}"
                  for (i, level), (j, after) in zip(heads, heads[1:])
                  if after <= level and not "".join(lines[i + 1:j]).strip()]
    assert not empty, "\n".join(empty)
