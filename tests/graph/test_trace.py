"""lab3.graph.trace: the lab's graphs hold the right nodes, values and gradients.

References come from elsewhere: lab3.unit (hand-derived formulas), lab3.unit_torch
(autograd, separate code), arithmetic by hand, and central finite differences.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings

from lab3 import LAB_PROBLEM, finite_diff, unit, unit_torch
from lab3.graph.core import format_value
from lab3.graph.trace import sigmoid_loss_graph, unit_graph
from strategies import unit_problems

P = LAB_PROBLEM


def edge_set(g):
    return {(e.src, e.dst) for e in g.edges}


# -- the unit y = sin(wᵀx) − b -------------------------------------------------

def test_forward_graph_of_y_has_the_lab_nodes_and_edges():
    g = unit_graph(P.x, P.w, P.b)
    assert [n.id for n in g.nodes] == ["w", "x", "b", "s", "u", "y"]
    assert [n.label for n in g.nodes if n.kind in ("op", "output")] == ["wᵀx", "sin", "− b"]
    assert edge_set(g) == {("w", "s"), ("x", "s"), ("s", "u"), ("u", "y"), ("b", "y")}
    assert g.node("y").kind == "output" and g.direction == "forward"
    assert all(n.grad is None for n in g.nodes) and all(e.local is None for e in g.edges)


def test_loss_adds_two_nodes_after_y():
    g = unit_graph(P.x, P.w, P.b, P.y_label)
    assert {n.id for n in g.nodes} == {"w", "x", "b", "y_label", "s", "u", "y", "e", "L"}
    assert edge_set(g) - edge_set(unit_graph(P.x, P.w, P.b)) == {
        ("y", "e"), ("y_label", "e"), ("e", "L")}
    assert g.node("y_label").name == "ỹ" and g.node("L").kind == "output"
    assert g.node("e").label == "− ỹ"


def test_forward_values_equal_the_hand_computation():
    g = unit_graph(P.x, P.w, P.b, P.y_label)
    assert g.node("s").value == pytest.approx(2 * math.pi)  # by hand: 2·π/2 + 1·π
    assert g.node("y").value == pytest.approx(unit.forward(P.x, P.w, P.b), abs=1e-15)
    assert g.node("e").value == pytest.approx(-2.0)
    assert g.node("L").value == pytest.approx(unit.mse_loss(P.x, P.w, P.b, P.y_label))
    assert g.node("w").value == pytest.approx((math.pi / 2, math.pi))


def test_backward_gradients_are_the_lab_answer():
    g = unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    np.testing.assert_allclose(g.node("w").grad, [-8.0, -4.0])  # by hand: 2(0 − 2)·cos 2π·[2, 1]
    np.testing.assert_allclose(g.node("w").grad, unit_torch.grad_loss_w(P.x, P.w, P.b, P.y_label))
    assert g.node("b").grad == pytest.approx(unit_torch.grad_loss_b(P.x, P.w, P.b, P.y_label))
    assert g.node("y").grad == pytest.approx(unit.grad_loss_y(0.0, P.y_label))
    assert g.node("L").grad == 1.0
    assert g.node("x").grad is None and g.node("y_label").grad is None  # data: no gradient
    assert g.direction == "backward" and g.grad_name.format("w") == "∂L/∂w"


def test_backward_edges_carry_the_local_derivatives():
    g = unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    local = {(e.src, e.dst): e for e in g.edges}
    np.testing.assert_allclose(local["w", "s"].local, P.x)  # ∂(wᵀx)/∂w = x
    assert local["s", "u"].local == pytest.approx(math.cos(2 * math.pi))
    assert local["u", "y"].local == 1.0 and local["b", "y"].local == -1.0
    assert local["e", "L"].local == pytest.approx(2 * -2.0)  # ∂(e²)/∂e = 2e
    assert local["x", "s"].local is None  # no gradient flows to the data
    assert [local[k].text() for k in (("w", "s"), ("s", "u"), ("e", "L"))] == [
        "x = [2, 1]", "cos s = 1", "2e = −4"]


def test_chain_rule_along_the_graph():
    """Each node's gradient is its consumer's gradient times the local derivative."""
    g = unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    for e in g.edges:
        if e.local is not None:
            np.testing.assert_allclose(g.node(e.src).grad,
                                       np.multiply(g.node(e.dst).grad, e.local), atol=1e-12)


def test_backward_of_y_alone_gives_dy_dw():
    g = unit_graph(P.x, P.w, P.b, backward=True)
    np.testing.assert_allclose(g.node("w").grad, unit.grad_y_w(P.x, P.w, P.b))
    assert g.node("b").grad == -1.0 and g.grad_name == "∂y/∂{}"


@settings(max_examples=40, deadline=None)
@given(unit_problems(max_dim=6))
def test_graph_gradients_equal_hand_derivation_for_any_problem(problem):
    x, w, b, y_label = problem
    g = unit_graph(x, w, b, y_label, backward=True)
    assert g.node("y").value == pytest.approx(unit.forward(x, w, b), abs=1e-12)
    np.testing.assert_allclose(g.node("w").grad, unit.grad_loss_w(x, w, b, y_label), atol=1e-10)
    assert g.node("b").grad == pytest.approx(unit.grad_loss_b(x, w, b, y_label), abs=1e-10)


@pytest.mark.parametrize("args, error, match", [
    (([1.0, 2.0], [1.0], 0.0), ValueError, "same length"),
    (([1.0], [float("nan")], 0.0), ValueError, "finite"),
    (([1.0], [1.0], "zero"), TypeError, "b must be numeric"),
    (([1.0], [1.0], 0.0, "two"), TypeError, "y_label must be numeric"),
])
def test_unit_graph_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        unit_graph(*args)


# -- one data point through the sigmoid -----------------------------------------

def test_sigmoid_loss_graph_matches_hand_formulas_and_finite_differences():
    x, y, w = 0.5, 0.8, np.array([-2.0, 2.0])
    g = sigmoid_loss_graph(x, y, w, backward=True)
    assert edge_set(g) == {("w", "z"), ("x", "z"), ("z", "f"), ("f", "r"), ("y", "r"), ("r", "L")}
    f = 1 / (1 + math.exp(-(w[0] * x + w[1])))
    assert g.node("f").value == pytest.approx(f)
    assert g.node("L").value == pytest.approx((y - f) ** 2)
    by_hand = -2 * (y - f) * f * (1 - f) * np.array([x, 1.0])
    np.testing.assert_allclose(g.node("w").grad, by_hand)
    fd = finite_diff.gradient(lambda v: (y - 1 / (1 + np.exp(-(v[0] * x + v[1])))) ** 2, w)
    np.testing.assert_allclose(g.node("w").grad, fd, rtol=1e-6)
    assert {(e.src, e.dst): e.text() for e in g.edges}["z", "f"] == (
        f"f(1 − f) = {format_value(f * (1 - f))}")


def test_sigmoid_loss_graph_needs_two_weights():
    with pytest.raises(ValueError, match="two weights"):
        sigmoid_loss_graph(0.5, 0.8, [1.0, 2.0, 3.0])


def test_an_overflowing_graph_names_the_node():
    with pytest.raises(ValueError, match="s is not a finite number"):
        unit_graph([1e200], [1e200], 0.0)
    with pytest.raises(ValueError, match="backward must be True or False"):
        unit_graph([1.0], [1.0], 0.0, backward="yes")
