"""The built site, "How backpropagation works": the page shows lab3's tables, paths, shapes,
error text and figures; the exercise and its template carry the backward to write."""

import html
import re

import numpy as np
import pytest
from conftest import load_hook, read

import lab3
from lab3.graph.figures import lab_graphs
from lab3.graph.trace import unit_graph

pytestmark = pytest.mark.site

P = lab3.LAB_PROBLEM
PAGE = "part1/backprop/index.html"


@pytest.fixture(scope="module")
def page(built_site):
    return read(built_site, PAGE)


@pytest.fixture(scope="module")
def macros():
    return load_hook("macros")


def test_page_is_in_the_nav_after_the_loss_and_linked(built_site, page):
    loss = read(built_site, "part1/loss/index.html")
    next_link = r'<a href="\.\./{}/" class="md-footer__link md-footer__link--next"'
    assert re.search(next_link.format("backprop"), loss), "the page after the loss"
    assert re.search(next_link.format("update"), page), "and before the update"
    assert 'href="../backprop/"' in read(built_site, "part1/gradients/index.html")
    assert 'href="backprop/"' in read(built_site, "part1/index.html")


def test_edge_table_shows_each_rows_numbers(page, macros):
    rows = lab3.backprop.edge_table(unit_graph(P.x, P.w, P.b, P.y_label, backward=True))
    for r in rows:
        assert f"{html.escape(r.src)} → {html.escape(r.dst)}" in page, r
        for v in (r.upstream, r.local, r.downstream):
            assert html.escape(macros.value(v)) in page, (r, v)
    assert html.escape(macros.vec(lab3.unit_torch.grad_loss_w(P.x, P.w, P.b, P.y_label))) in page


def test_fork_paths_and_accumulation_are_shown(page, macros):
    paths, acc = lab3.backprop.fork_paths(P.x, P.w), lab3.backprop.accumulation(P.x, P.w)
    for v in (paths.via_sin, paths.via_square, paths.total, acc.first_term, acc.both_terms,
              acc.first_step, acc.second_step):
        assert html.escape(macros.vec(v)) in page, v
    np.testing.assert_array_equal(acc.second_step, 2 * acc.first_step)  # "exactly twice"
    assert "exactly twice" in page


def test_shapes_error_and_vector_jacobian_product(page, macros):
    for name, shape in lab3.shapes.shape_table(4):
        assert f"<code>{html.escape(name)}</code></td>\n<td><code>{shape}</code>" in page
    assert html.escape(lab3.shapes.vector_backward_error()) in page
    vjp = lab3.shapes.vector_jacobian_product()
    assert html.escape(macros.vec(vjp.product)) in page and html.escape(macros.vec(vjp.v)) in page


@pytest.mark.parametrize("name", ["scalar", "fork"])
def test_figures_are_drawn_with_their_numbers(page, name):
    graph = lab_graphs(name)[0]
    assert f"<title>{html.escape(graph.title)}</title>" in page
    for node in graph.nodes:
        for _, text in graph.lines(node):
            assert html.escape(text) in page, text


def test_exercise_and_template_ask_for_sin_backward(built_site, macros):
    from lab3.selfcheck import backward_item

    exercise = read(built_site, "exercises/part1/index.html")
    assert 'id="6-write-one-backward"' in exercise
    assert html.escape(macros.num(backward_item.reference()[0])) in exercise
    assert html.escape(macros.num(backward_item.reference()[2])) in exercise  # cos s ≠ 1, upstream ≠ 1
    template = read(built_site, "exercises/part1_template/index.html")
    assert "sin_backward" in template
    script = (built_site / "exercises" / "part1_template" / "part1_template.py").read_text()
    assert "def sin_backward(s, upstream):\n    return ...  # TODO" in script
