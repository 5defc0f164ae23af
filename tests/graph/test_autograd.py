"""lab3.graph.autograd: PyTorch's own graph, walked from grad_fn through next_functions."""

import math

import numpy as np
import pytest
import torch

from lab3 import LAB_PROBLEM, unit
from lab3.graph.autograd import autograd_graph, backward_order
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


# -- the order backward() runs the nodes in ---------------------------------------------------

def hooked(tensors):
    """Record the name of each tensor as the engine computes its gradient
    (``Tensor.register_hook``: a tensor's hook runs when the node that made it, or its
    leaf's ``AccumulateGrad``, is called)."""
    seen = []
    for name, t in tensors.items():
        t.register_hook(lambda grad, name=name: seen.append(name))
    return seen


def lab_named():
    """The lab's loss written out step by step, every intermediate named."""
    x = torch.tensor([2.0, 1.0], dtype=torch.float64)
    w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    s = w @ x
    u = torch.sin(s)
    y = u - b
    e = y - 2.0
    L = e**2
    return L, {"w": w, "b": b, "s": s, "u": u, "y": y, "e": e, "L": L}


def branching():
    """A leaf used by two branches, a constant operand and a product of two results."""
    w = torch.tensor([0.3, -1.2], requires_grad=True)
    c = torch.tensor(2.0, requires_grad=True)
    a = torch.sin(w).sum()
    q = (w * c).exp().sum()
    p = a * q
    out = p + c
    return out, {"w": w, "c": c, "a": a, "q": q, "p": p, "out": out}


def engine_model(root):
    """The order the engine's documented schedule gives: a node runs once every node that
    feeds it a gradient has run; of the ready nodes, the one with the highest sequence
    number (AccumulateGrad has the highest; an operation's grows with creation) first."""
    users, stack, seen = {}, [root], {root}
    while stack:
        fn = stack.pop()
        for child, _ in fn.next_functions:
            if child is not None:
                users[child] = users.get(child, 0) + 1
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
    ready, order = [root], []
    while ready:
        fn = max(ready, key=lambda f: f._sequence_nr())
        ready.remove(fn)
        order.append(fn)
        for child, _ in fn.next_functions:
            if child is not None:
                users[child] -= 1
                if users[child] == 0:
                    ready.append(child)
    return order


def name_of(fn, names):
    """The name of the tensor ``fn`` belongs to (its leaf, for AccumulateGrad), or None."""
    leaf = getattr(fn, "variable", None)
    return next((n for n, t in names.items() if t is leaf or t.grad_fn is fn), None)


@pytest.mark.parametrize("make", [lab_named, branching])
def test_backward_order_is_the_order_the_engine_calls_the_nodes(make):
    output, names = make()
    modelled = [name_of(fn, names) for fn in engine_model(output.grad_fn)]
    seen = hooked(names)
    order = backward_order(output, names)
    assert list(order) == seen == [n for n in modelled if n is not None]
    assert sorted(order) == sorted(names)


def test_the_lab_loss_runs_the_bias_before_the_sine():
    """AccumulateGrad comes first among the ready nodes: b's, ready with SinBackward0 once
    y's node has run, runs before it."""
    output, names = lab_named()
    order = backward_order(output, names)
    assert order.index("b") == order.index("y") + 1 < order.index("u")
    np.testing.assert_allclose(names["w"].grad, unit.grad_loss_w([2, 1], [math.pi / 2, math.pi],
                                                                 0, 2))


def test_backward_order_leaves_out_unnamed_nodes_and_refuses_a_second_run():
    output, names = lab_named()
    assert backward_order(output, {"w": names["w"], "u": names["u"]}) == ("u", "w")
    with pytest.raises(ValueError, match="cannot run backward"):
        backward_order(output, names)
    with pytest.raises(ValueError, match="single number"):
        backward_order(names["w"] * 2.0)
    with pytest.raises(ValueError, match="leaf tensor"):
        backward_order(names["w"])


def test_the_lab_graphs_carry_the_engine_order():
    """The math graph and PyTorch's graph on the pages hold the order a fresh run records."""
    output, names = lab_named()
    seen = hooked(names)
    output.backward()
    math_graph = unit_graph(LAB_PROBLEM.x, LAB_PROBLEM.w, LAB_PROBLEM.b, LAB_PROBLEM.y_label,
                            backward=True)
    torch_graph = lab_autograd_graph(LAB_PROBLEM)
    assert list(math_graph.order) == seen
    assert [torch_graph.node(i).name for i in torch_graph.order] == seen
