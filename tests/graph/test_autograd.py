"""lab3.graph.autograd: PyTorch's own graph, walked from grad_fn through next_functions."""

import math

import numpy as np
import pytest
import torch

from lab3 import LAB_PROBLEM, unit
from lab3.graph.autograd import autograd_graph
from lab3.graph.figures import lab_autograd_graph
from lab3.graph.trace import unit_graph


def lab_tensors():
    """The lab's unit and loss, written out in PyTorch as a student would."""
    x = torch.tensor([2.0, 1.0], dtype=torch.float64)
    w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    L = (torch.sin(w @ x) - b - 2.0) ** 2
    return x, w, b, L


def by_label(g):
    return sorted(n.label for n in g.nodes)


def test_walk_finds_every_backward_node_and_the_leaves():
    x, w, b, L = lab_tensors()
    g = autograd_graph(L, {"w": w, "b": b, "x": x, "L": L})
    assert by_label(g) == sorted(["PowBackward0", "SubBackward0", "SubBackward0", "SinBackward0",
                                  "DotBackward0", "AccumulateGrad", "AccumulateGrad"])
    leaves = {n.name: n for n in g.nodes if n.label == "AccumulateGrad"}
    assert set(leaves) == {"w", "b"}  # x needs no gradient: no node, its name is ignored
    assert leaves["w"].kind == "param"
    np.testing.assert_allclose(leaves["w"].value, [math.pi / 2, math.pi])
    assert g.nodes[-1].label == "PowBackward0" and g.nodes[-1].name == "L"
    assert g.nodes[-1].kind == "output" and g.direction == "backward"
    assert g.title == "PyTorch's autograd graph of L"


def test_edges_follow_next_functions():
    _, w, b, L = lab_tensors()
    g = autograd_graph(L, {"w": w, "b": b})
    label = {n.id: n.label for n in g.nodes}
    pairs = {(label[e.src], label[e.dst]) for e in g.edges}
    assert ("DotBackward0", "SinBackward0") in pairs
    assert ("SinBackward0", "SubBackward0") in pairs
    assert ("SubBackward0", "PowBackward0") in pairs
    assert ("AccumulateGrad", "DotBackward0") in pairs and ("AccumulateGrad", "SubBackward0") in pairs
    assert len(g.edges) == 6
    order = [n.id for n in g.nodes]
    assert all(order.index(e.src) < order.index(e.dst) for e in g.edges), "inputs come first"


def test_gradients_appear_after_backward():
    _, w, b, L = lab_tensors()
    before = autograd_graph(L, {"w": w})
    assert all(n.grad is None for n in before.nodes)
    L.backward()
    after = autograd_graph(L, {"w": w, "b": b})
    grads = {n.name: n.grad for n in after.nodes if n.grad is not None}
    np.testing.assert_allclose(grads["w"], [-8.0, -4.0])  # the lab's answer, by hand
    np.testing.assert_allclose(grads["w"], unit.grad_loss_w([2, 1], [math.pi / 2, math.pi], 0, 2))
    assert grads["b"] == pytest.approx(4.0)
    assert after.grad_name.format("w") == "w.grad"


def test_a_shared_leaf_is_one_node():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    z = w[0] * 3.0 + w[1]
    g = autograd_graph(z, {"w": w})
    assert by_label(g).count("AccumulateGrad") == 1
    assert by_label(g).count("SelectBackward0") == 2


def test_same_computation_gives_the_same_graph():
    assert autograd_graph(lab_tensors()[3]) == autograd_graph(lab_tensors()[3])


def test_lab_autograd_graph_maps_onto_the_math_graph():
    """Every PyTorch node carries the name of the math node it differentiates, same value."""
    torch_graph = lab_autograd_graph(LAB_PROBLEM)
    math_graph = unit_graph(LAB_PROBLEM.x, LAB_PROBLEM.w, LAB_PROBLEM.b, LAB_PROBLEM.y_label,
                            backward=True)
    named = {n.name: n for n in torch_graph.nodes}
    assert set(named) == {"w", "b", "s", "u", "y", "e", "L"}
    assert named["u"].label == "SinBackward0" and named["s"].label == "DotBackward0"
    for name, node in named.items():
        np.testing.assert_allclose(node.value, math_graph.node(name).value)
    np.testing.assert_allclose(named["w"].grad, math_graph.node("w").grad)


@pytest.mark.parametrize("make, match", [
    (lambda: torch.tensor([1.0, 2.0], requires_grad=True), "leaf tensor"),
    (lambda: torch.tensor([1.0, 2.0]) * 2, "does not require grad"),
    (lambda: torch.tensor([1.0, 2.0], requires_grad=True).detach() * 2, "does not require grad"),
])
def test_a_tensor_without_a_graph_is_refused(make, match):
    with pytest.raises(ValueError, match=match):
        autograd_graph(make())


def test_a_tensor_computed_under_no_grad_is_refused():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        y = torch.sin(w).sum()
    with pytest.raises(ValueError, match="no autograd graph.*torch.no_grad"):
        autograd_graph(y)


def test_bad_arguments_are_type_errors():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match="output must be a torch.Tensor"):
        autograd_graph([1.0, 2.0])
    with pytest.raises(TypeError, match=r"names\['w'\] must be a torch.Tensor"):
        autograd_graph(w.sum(), {"w": [1.0, 2.0]})
