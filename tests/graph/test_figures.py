"""lab3.graph.figures: the figures reach notebooks, gallery pages and theory pages intact."""

import math
import xml.etree.ElementTree as ET

import markdown
import pytest
from conftest import load_hook

import lab3
from lab3 import LAB_PROBLEM as P
from lab3.graph.core import format_value
from lab3.graph.figures import FIGURES, SVGFigure, caption, figure_html, lab_graphs
from lab3.graph.trace import unit_graph

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_is_a_captioned_inline_svg(name):
    html = figure_html(name)
    root = ET.fromstring(html)  # well-formed: Markdown can pass it through untouched
    assert root.tag == "figure" and root.get("class") == "lab3-graph"
    wide, narrow, caption_el = root
    assert wide.get("class") == "lab3-graph__wide" and narrow.get("class") == "lab3-graph__narrow"
    assert [el.tag for el in wide] == [f"{NS}svg"]
    assert [el.tag for el in narrow] == [f"{NS}svg"] * len(lab_graphs(name))
    assert caption_el.tag == "figcaption" and caption_el.text and "\n\n" not in html


@pytest.mark.parametrize("name", FIGURES)
def test_the_narrow_drawing_keeps_its_text_readable_in_a_phone_column(name):
    """A phone 390 px wide leaves the page a column of 358 px: shrunk to it, the
    narrow drawing's smallest text stays at 9 px or more, and it says what the wide
    one says."""
    wide, narrow, _ = ET.fromstring(figure_html(name))
    for svg in narrow:
        width = float(svg.get("viewBox").split()[2])
        smallest = min(float(t.get("font-size")) for t in svg.iter(f"{NS}text"))
        assert smallest * min(1.0, 358 / width) >= 9, f"{name}: {width} px wide"
        assert svg.find(f"{NS}title").text in wide[0].find(f"{NS}title").text
    words = sorted(w for t in wide.iter(f"{NS}text") for w in t.text.split())
    assert words == sorted(w for t in narrow.iter(f"{NS}text") for w in t.text.split())


def test_captions_state_the_computed_numbers():
    assert "6.283" in figure_html("forward")
    assert "L = e² = 4" in figure_html("loss")
    assert "∂L/∂w = [−8, −4]" in figure_html("backward")
    autograd = figure_html("autograd")
    assert "SinBackward0" in autograd and "w.grad = [−8, −4]" in autograd


def test_scalar_and_fork_captions_state_the_computed_numbers():
    assert "∂L/∂w₀ = −8, ∂L/∂w₁ = −4" in figure_html("scalar")  # by hand: −4 · cos 2π · [2, 1]
    fork = figure_html("fork")
    assert f"∂y/∂s = cos s + 2s = {format_value(1 + 4 * math.pi)}" in fork  # cos 2π + 2 · 2π


def test_unknown_figure_names_the_choices():
    with pytest.raises(ValueError, match="forward, loss, backward, autograd, scalar, fork"):
        figure_html("sideways")


def test_autograd_figure_pairs_the_two_graphs():
    math_graph, torch_graph = lab_graphs("autograd")
    assert math_graph.title.startswith("Backward pass")
    assert {n.label for n in torch_graph.nodes} >= {"AccumulateGrad", "SinBackward0"}


def test_svg_figure_displays_as_its_svg(tmp_path):
    """Jupyter and mkdocs-gallery show a cell's last value by IPython's display protocol
    (the gallery page itself: test_gallery_page_shows_the_graphs_inline)."""
    fig = SVGFigure(unit_graph(P.x, P.w, P.b))
    assert fig._repr_html_() == fig.svg
    assert repr(fig) == "<SVGFigure: Forward pass of y = sin(wᵀx) − b>"
    path = fig.save(tmp_path / "graph.svg")
    assert ET.parse(path).getroot().tag == f"{NS}svg"


def test_markdown_keeps_the_figure_as_raw_html():
    html = figure_html("backward")
    page = markdown.markdown(f"Text before.\n\n{html}\n\nText after.",
                             extensions=["md_in_html", "attr_list", "admonition"])
    assert html in page and "<p>Text after.</p>" in page


def test_macro_is_registered_for_the_theory_pages():
    macros = load_hook("macros")

    class Env:
        def __init__(self):
            self.variables, self.macros = {}, {}

        def filter(self, f, name=None):
            pass

        def macro(self, f, name=None):
            self.macros[name or f.__name__] = f

    env = Env()
    macros.define_env(env)
    assert env.macros["graph_svg"]("loss") == figure_html("loss")


@pytest.mark.site
def test_gallery_page_shows_the_graphs_inline(built_site):
    page = built_site / "generated" / "gallery" / "part1" / "plot_04_computational_graph"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert html.count('role="img"') == 4 and "Traceback" not in html
    for text in (">sin</text>", ">SinBackward0</text>", ">∂L/∂w = [−8, −4]</text>"):
        assert text in html


def test_a_caption_needs_the_graph_of_its_figure():
    with pytest.raises(lab3.InputError, match="g must be the graph of figure 'loss'"):
        caption("loss", unit_graph(P.x, P.w, P.b))
    with pytest.raises(lab3.InputError, match="problem must be a lab3.problem.UnitProblem"):
        figure_html("forward", {"x": [2, 1]})


def test_point_figure_is_a_captioned_svg_with_the_first_rows_gradient():
    import numpy as np
    import torch

    from lab3.graph.core import format_value
    from lab3.graph.figures import point_figure_html

    x, y = lab3.load_points()[0]
    html = point_figure_html(x, y, [-2.0, 2.0])
    root = ET.fromstring(html)
    wide, narrow, caption_el = root
    assert root.tag == "figure" and caption_el.tag == "figcaption"
    assert [d[0].tag for d in (wide, narrow)] == [f"{NS}svg", f"{NS}svg"]
    w = torch.tensor([-2.0, 2.0], dtype=torch.float64, requires_grad=True)
    loss = (y - torch.sigmoid(w[0] * x + w[1])) ** 2
    loss.backward()
    assert f"∂L/∂w = {format_value(tuple(w.grad.tolist()))}." in caption_el.text
    assert f"L = r² = {format_value(loss.item())}" in caption_el.text
    assert np.isfinite(w.grad.numpy()).all()
