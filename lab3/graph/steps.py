"""The forward and backward passes through a figure, one node at a time, as data.

A page's script steps through a figure with these steps (``docs/javascripts/
graph-steps.js``): each names the nodes and edges to light up, by the ids the
SVG carries (``lab3.graph.svg``), and the sentence to show and announce. The
forward pass computes each operation after its inputs; the backward pass runs
the nodes in the order PyTorch's engine ran them (:attr:`Graph.order`). Every
number in a sentence is the graph's own, written as the figure writes it
(:func:`lab3.graph.core.format_value`).
"""

from __future__ import annotations

from .._validate import instance
from .core import Graph, graph_list


def forward_order(graph: Graph) -> tuple[str, ...]:
    """Node ids in the order the forward pass computes them: the operations in the
    graph's order, each just after the inputs that it is the first to use."""
    instance("graph", graph, Graph, "a lab3.graph.Graph")
    order = []
    for n in graph.nodes:
        fed = [e.src for e in graph.edges if e.dst == n.id]
        order += [i for i in dict.fromkeys(fed) if i not in order]
        if fed and n.id not in order:
            order.append(n.id)
    return tuple(order) + tuple(n.id for n in graph.nodes if n.id not in order)


def _line(graph: Graph, node, kind: str) -> str | None:
    return next((text for k, text in graph.lines(node) if k == kind), None)


def _forward_text(graph: Graph, node) -> str:
    """``s = 6.283, computed by wᵀx from w and x.``, or ``w = [1.571, 3.142], the weights.``"""
    value = _line(graph, node, "value") or node.name or node.label
    fed = [graph.node(e.src) for e in graph.edges if e.dst == node.id]
    if not fed:
        return f"{value}, the {node.label}."
    inputs = " and ".join(dict.fromkeys(n.name or n.label for n in fed))
    return f"{value}, computed by {node.label} from {inputs}."


def _backward_text(graph: Graph, node) -> str:
    """``∂L/∂u = −4, passed to s through ∂u/∂s = cos s = 1.``: the gradient of
    ``node`` and the local derivatives that carry it on to the node's inputs."""
    grad = _line(graph, node, "grad") or ""
    name = node.name or node.label
    passed = [f"{graph.node(e.src).name} through ∂{name}/∂{graph.node(e.src).name} = {e.text()}"
              for e in graph.edges if e.dst == node.id and e.local is not None]
    if passed:
        return f"{grad}, passed to " + " and to ".join(passed) + "."
    return f"{grad}; {name} is a leaf, so backward() stores it in {name}.grad."


def _step(graphs, node_id: str, text: str, edge) -> dict:
    """The ids to light up for ``node_id`` of the first graph, and in the others the node
    of the same name; ``edge(graph, e)`` picks the edges (into the node) to light up."""
    name = graphs[0].node(node_id).name
    nodes, edges = [], []
    for k, g in enumerate(graphs):
        for n in g.nodes:
            if n.id == node_id if k == 0 else (name is not None and n.name == name):
                nodes.append([k, n.id])
                edges += [[k, e.src, e.dst] for e in g.edges if e.dst == n.id and edge(k, e)]
    return {"nodes": nodes, "edges": edges, "text": text}


def graph_steps(graphs) -> dict:
    """The steps through ``graphs``, drawn together as by :func:`lab3.graph.svg.to_svg_stack`;
    the first graph leads, the others light up their node of the same name.

    Returns
    -------
    steps : dict
        ``{"forward": [...], "backward": [...]}`` (backward empty when the first graph
        has no :attr:`Graph.order`); a step is ``{"nodes": [[graph, id], ...],
        "edges": [[graph, src, dst], ...], "text": str}``.
    """
    graphs = graph_list(graphs)
    g = graphs[0]
    # PyTorch's own graphs (lab3.graph.autograd) call a gradient w.grad; their node is the one run
    labels = {n.name: n.label for other in graphs[1:] if other.grad_name == "{}.grad"
              for n in other.nodes if n.name}
    forward, backward = forward_order(g), g.order
    steps = {"forward": [], "backward": []}
    for i, node_id in enumerate(forward, 1):
        text = f"Forward pass, step {i} of {len(forward)}. {_forward_text(g, g.node(node_id))}"
        steps["forward"].append(_step(graphs, node_id, text, lambda k, e: True))
    for i, node_id in enumerate(backward, 1):
        node = g.node(node_id)
        runs = f" PyTorch runs {labels[node.name]}." if node.name in labels else ""
        text = f"Backward pass, step {i} of {len(backward)}.{runs} {_backward_text(g, node)}"
        steps["backward"].append(_step(graphs, node_id, text,
                                       lambda k, e: k > 0 or e.local is not None))
    return steps

