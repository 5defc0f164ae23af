"""lab3.graph.scalar: the graph with one number per node gives the vector graph's y and
gradients; the fork graph's s holds the sum of its two paths (references: torch autograd
written here, arithmetic by hand, central finite differences)."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings

import lab3
from lab3 import finite_diff
from lab3.graph.layout import ranks
from lab3.graph.scalar import fork_graph, scalar_unit_graph
from lab3.graph.trace import unit_graph
from strategies import unit_problems

P = lab3.LAB_PROBLEM


def test_one_node_per_number():
    g = scalar_unit_graph(P.x, P.w, P.b)
    assert [n.id for n in g.nodes] == ["w0", "x0", "w1", "x1", "b", "m₀", "m₁", "s", "u", "y"]
    assert {(e.src, e.dst) for e in g.edges} >= {("w0", "m₀"), ("x1", "m₁"), ("m₀", "s"),
                                                 ("m₁", "s"), ("s", "u")}
    assert g.node("m₀").label == "×" and g.node("s").label == "+"
    assert g.node("m₀").value == pytest.approx(math.pi)  # by hand: π/2 · 2
    assert g.node("w1").name == "w₁" and g.title.startswith("Forward pass")


def check_same_as_vector_graph(x, w, b, y_label):
    flat = scalar_unit_graph(x, w, b, y_label, backward=True)
    vector = unit_graph(x, w, b, y_label, backward=True)
    for node in ("s", "u", "y", "e", "L"):
        assert flat.node(node).value == pytest.approx(vector.node(node).value, abs=1e-12)
        assert flat.node(node).grad == pytest.approx(vector.node(node).grad, abs=1e-9)
    grads = [flat.node(f"w{i}").grad for i in range(len(x))]
    np.testing.assert_allclose(grads, vector.node("w").grad, rtol=1e-12, atol=1e-9)
    assert flat.node("b").grad == pytest.approx(vector.node("b").grad)


def test_the_lab_gives_the_same_y_and_gradients():
    check_same_as_vector_graph(P.x, P.w, P.b, P.y_label)
    flat = scalar_unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    assert [flat.node(f"w{i}").grad for i in (0, 1)] == pytest.approx([-8.0, -4.0])


@settings(max_examples=20, deadline=None)
@given(unit_problems(max_dim=5))
def test_any_problem_gives_the_same_y_and_gradients(problem):
    check_same_as_vector_graph(*problem)


def test_multiply_edges_carry_the_other_input():
    g = scalar_unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    local = {(e.src, e.dst): e for e in g.edges}
    assert local["w0", "m₀"].local == P.x[0] and local["w0", "m₀"].local_label == "x₀"
    assert local["m₁", "s"].local == 1.0
    assert local["x0", "m₀"].local is None, "x needs no gradient"


def test_fork_graph_adds_its_two_paths():
    g = fork_graph(P.x, P.w, backward=True)
    s = 2 * math.pi  # by hand: wᵀx
    assert g.node("s").value == pytest.approx(s)
    assert g.node("y").value == pytest.approx(math.sin(s) + s**2)
    assert g.node("s").grad == pytest.approx(math.cos(s) + 2 * s)  # the two paths' sum
    assert g.node("s").grad == pytest.approx(g.node("u").grad * math.cos(s)
                                             + g.node("v").grad * 2 * s)
    assert {e.src for e in g.edges if e.dst in ("u", "v")} == {"s"}
    w = torch.tensor(P.w, requires_grad=True)
    z = w @ torch.tensor(P.x)
    (torch.sin(z) + z**2).backward()
    np.testing.assert_allclose(g.node("w").grad, w.grad.numpy(), rtol=1e-12)
    fd = finite_diff.gradient(lambda v: math.sin(v @ P.x) + (v @ P.x) ** 2, P.w)
    np.testing.assert_allclose(g.node("w").grad, fd, rtol=1e-7)
    r = ranks(g)
    assert r["u"] == r["v"] == r["s"] + 1, "the two branches side by side"


def test_bad_input_is_refused():
    with pytest.raises(lab3.InputError):
        scalar_unit_graph([1.0, 2.0], [1.0], 0.0)
    with pytest.raises(lab3.InputError):
        fork_graph([1.0], [1.0], backward="yes")
