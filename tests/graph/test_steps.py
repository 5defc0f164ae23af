"""lab3.graph.steps: the passes through a figure, in torch's order, with the computed numbers.

References come from elsewhere: the forward order from the sequence numbers torch gives
its nodes as it creates them, the backward order from tensor hooks on a fresh run, the
numbers from NumPy and the hand-derived formulas in lab3.unit.
"""

import json
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch

from lab3 import LAB_PROBLEM as P
from lab3 import unit
from lab3.graph.core import format_value
from lab3.graph.figures import FIGURES, figure_html, lab_graphs
from lab3.graph.steps import forward_order, graph_steps
from lab3.graph.trace import sigmoid_loss_graph, unit_graph

NS = "{http://www.w3.org/2000/svg}"


def backward():
    return unit_graph(P.x, P.w, P.b, P.y_label, backward=True)


def lab_run():
    """The lab's loss in PyTorch, written out here, with a hook on every named tensor."""
    f64 = torch.float64
    w = torch.tensor(P.w, dtype=f64, requires_grad=True)
    b = torch.tensor(P.b, dtype=f64, requires_grad=True)
    s = w @ torch.tensor(P.x, dtype=f64)
    u = torch.sin(s)
    y = u - b
    e = y - P.y_label
    L = e**2
    return L, {"w": w, "b": b, "s": s, "u": u, "y": y, "e": e, "L": L}


def test_forward_order_is_the_order_torch_creates_the_operations():
    g = unit_graph(P.x, P.w, P.b, P.y_label)
    order = forward_order(g)
    assert sorted(order) == sorted(n.id for n in g.nodes)
    _, named = lab_run()
    ops = [i for i in order if named.get(i) is not None and named[i].grad_fn is not None]
    assert ops == sorted(ops, key=lambda i: named[i].grad_fn._sequence_nr())
    assert ops == ["s", "u", "y", "e", "L"]
    for i, node in enumerate(order):  # after its inputs; an input just before its first use
        fed = [e.src for e in g.edges if e.dst == node]
        assert all(order.index(src) < i for src in fed)
        users = [order.index(e.dst) for e in g.edges if e.src == node]
        if not fed and users:
            first = min(users)
            assert all(not any(e.dst == k for e in g.edges) for k in order[i:first])


def test_backward_steps_follow_the_order_a_fresh_run_records():
    L, named = lab_run()
    seen = []
    for name, t in named.items():
        t.register_hook(lambda grad, name=name: seen.append(name))
    L.backward()
    for figure in ("backward", "autograd"):
        steps = graph_steps(lab_graphs(figure))["backward"]
        assert [s["nodes"][0] for s in steps] == [[0, name] for name in seen]
    autograd = graph_steps(lab_graphs("autograd"))["backward"]
    torch_graph = lab_graphs("autograd")[1]
    assert [torch_graph.node(s["nodes"][1][1]).name for s in autograd] == seen


def test_forward_texts_hold_the_values_numpy_computes():
    x, w, b, t = (np.asarray(P.x), np.asarray(P.w), P.b, P.y_label)
    s = w @ x
    u = np.sin(s)
    y = u - b
    e = y - t
    values = {"w": w, "x": x, "b": b, "ỹ": t, "s": s, "u": u, "y": y, "e": e, "L": e**2}
    steps = graph_steps([unit_graph(P.x, P.w, P.b, P.y_label)])
    assert steps["backward"] == []
    texts = [st["text"] for st in steps["forward"]]
    assert len(texts) == len(values)
    for k, text in enumerate(texts, 1):
        name = text.split(". ", 1)[1].split(" = ")[0]
        value = values[name]
        expected = format_value(tuple(float(v) for v in value) if np.ndim(value) else float(value))
        assert text.startswith(f"Forward pass, step {k} of {len(texts)}. {name} = {expected}")
    assert texts[2].endswith("computed by wᵀx from w and x.")
    assert texts[0].endswith(", the weights.")


def test_backward_texts_hold_the_hand_derived_gradients_and_local_derivatives():
    x, w = np.asarray(P.x), np.asarray(P.w)
    s = w @ x
    e = np.sin(s) - P.b - P.y_label
    grads = {"L": 1.0, "e": 2 * e, "y": 2 * e, "u": 2 * e, "b": -2 * e,
             "s": 2 * e * np.cos(s), "w": unit.grad_loss_w(P.x, P.w, P.b, P.y_label)}
    local = {"L": ("e", f"2e = {format_value(2 * e)}"), "e": ("y", "1"),
             "u": ("s", f"cos s = {format_value(float(np.cos(s)))}"),
             "s": ("w", f"x = {format_value(tuple(map(float, x)))}")}

    def fmt(v):
        return format_value(tuple(map(float, v)) if np.ndim(v) else float(v))

    steps = graph_steps([backward()])["backward"]
    assert len(steps) == len(grads)
    for k, step in enumerate(steps, 1):
        name = step["nodes"][0][1]
        text = step["text"]
        assert text.startswith(f"Backward pass, step {k} of {len(grads)}. "
                               f"∂L/∂{name} = {fmt(grads[name])}")
        if name in local:
            src, d = local[name]
            assert f"passed to {src} through ∂{name}/∂{src} = {d}." in text
            assert step["edges"] == [[0, src, name]]
        elif name in ("w", "b"):
            assert text.endswith(f"{name} is a leaf, so backward() stores it in {name}.grad.")
            assert step["edges"] == []
    y_step = next(st for st in steps if st["nodes"] == [[0, "y"]])
    assert "to u through ∂y/∂u = 1 and to b through ∂y/∂b = −1" in y_step["text"]


def test_the_autograd_figure_names_the_node_pytorch_runs():
    steps = graph_steps(lab_graphs("autograd"))
    torch_graph = lab_graphs("autograd")[1]
    for step in steps["backward"]:
        (_, mine), (k, theirs) = step["nodes"]
        assert k == 1 and torch_graph.node(theirs).name == mine
        assert f"PyTorch runs {torch_graph.node(theirs).label}." in step["text"]
        assert [e for e in step["edges"] if e[0] == 1] == [
            [1, e.src, e.dst] for e in torch_graph.edges if e.dst == theirs]
    x_step = next(st for st in steps["forward"] if st["nodes"][0] == [0, "x"])
    assert x_step["nodes"] == [[0, "x"]], "x has no node in PyTorch's graph"


@pytest.mark.parametrize("name", FIGURES)
def test_each_step_names_ids_the_figure_draws(name):
    """The page's script finds every node and edge of a step in the figure's SVG."""
    html = figure_html(name)
    root = ET.fromstring(html)
    steps = json.loads(root.get("data-steps"))  # the page's own scripts are replaced on
    assert steps == graph_steps(lab_graphs(name))  # instant navigation: data, not a <script>
    assert root.find("script") is None
    all_steps = steps["forward"] + steps["backward"]
    backward = {"forward": 0, "loss": 0, "backward": 7, "autograd": 7}
    assert all_steps and len(steps["backward"]) == backward.get(name, len(steps["backward"]))
    assert name in backward or steps["backward"], name
    for drawing in root.findall("div"):  # the wide drawing and the narrow one
        graphs = [(int(g.get("data-graph")), g) for g in drawing.iter(f"{NS}g")
                  if g.get("data-graph")]
        drawn = {(k, g.get("data-node")) for k, el in graphs for g in el.iter(f"{NS}g")
                 if g.get("data-node")}
        lines = {(k, g.get("data-src"), g.get("data-dst")) for k, el in graphs
                 for g in el.iter(f"{NS}g") if g.get("data-src")}
        for step in all_steps:
            assert {tuple(n) for n in step["nodes"]} <= drawn, drawing.get("class")
            assert {tuple(e) for e in step["edges"]} <= lines, drawing.get("class")


def test_the_sigmoid_graph_steps_too():
    g = sigmoid_loss_graph(0.5, 0.8, [1.0, -2.0], backward=True)
    steps = graph_steps([g])
    assert [st["nodes"][0][1] for st in steps["forward"]] == ["w", "x", "z", "f", "y", "r", "L"]
    assert [st["nodes"][0][1] for st in steps["backward"]] == list(g.order)
    assert g.order[0] == "L" and g.order[-1] == "w"
    f = 1 / (1 + math.exp(-(1.0 * 0.5 - 2.0)))
    assert f"f = {format_value(f)}" in steps["forward"][3]["text"]


def test_bad_graphs_are_refused():
    with pytest.raises(TypeError, match="list of one or more lab3.graph.Graph"):
        graph_steps([])
    with pytest.raises(TypeError, match="list of one or more"):
        graph_steps(backward())
    with pytest.raises(TypeError, match="graph must be a lab3.graph.Graph"):
        forward_order("w")


def test_only_pytorchs_graph_names_the_node_pytorch_runs():
    steps = graph_steps([backward(), backward()])
    assert all("PyTorch runs" not in st["text"] for st in steps["backward"])
    assert steps["backward"][0]["nodes"] == [[0, "L"], [1, "L"]]
