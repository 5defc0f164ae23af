"""Computational-graph figures, for notebooks, gallery pages and theory pages.

:class:`SVGFigure` shows graphs inline wherever ``_repr_html_`` is honoured
(Jupyter, mkdocs-gallery). Part 1 of the lab has four figures, by name:
``"forward"`` (the graph of y with its values), ``"loss"`` (the loss joins the
graph), ``"backward"`` (local derivatives and gradients) and ``"autograd"``
(PyTorch's own graph beside the lab's). The theory pages insert them with the
macro ``{{ graph_svg("forward") }}``, which calls :func:`figure_html`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from .._validate import InputError, instance, one_of
from ..problem import LAB_PROBLEM, UnitProblem, checked
from .autograd import autograd_graph, backward_order
from .core import Graph, format_value
from .steps import graph_steps
from .svg import to_svg, to_svg_stack
from .trace import unit_graph

FIGURES = ("forward", "loss", "backward", "autograd")
#: The nodes each figure's caption reads its numbers from.
CAPTION_NODES = {"forward": ("s", "y"), "loss": ("e", "L"), "backward": ("w",)}


class SVGFigure:
    """Graphs shown inline by Jupyter and mkdocs-gallery, through ``_repr_html_``:
    one graph, or several with their ranks aligned (see :func:`to_svg_stack`)."""

    def __init__(self, *graphs: Graph, rankdir: str = "LR"):
        self.svg = (to_svg(graphs[0], rankdir=rankdir) if len(graphs) == 1
                    else to_svg_stack(graphs, rankdir=rankdir))  # both check the graphs
        self.title = " / ".join(g.title for g in graphs)

    def _repr_html_(self) -> str:
        return self.svg

    def __str__(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<SVGFigure: {self.title}>"

    def save(self, path) -> Path:
        """Write the SVG to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.svg + "\n", encoding="utf-8")
        return path


def lab_autograd_graph(problem: UnitProblem = LAB_PROBLEM):
    """PyTorch's graph of :math:`L = (\\sin(\\mathbf{w}^\\top\\mathbf{x}) - b - \\tilde y)^2`,
    after ``L.backward()``, its nodes named as on the theory pages and in the order it ran them."""
    import torch

    p, f64 = checked(problem), torch.float64
    x, y_label = torch.tensor(p.x, dtype=f64), torch.tensor(p.y_label, dtype=f64)
    w = torch.tensor(p.w, dtype=f64, requires_grad=True)
    b = torch.tensor(p.b, dtype=f64, requires_grad=True)
    s = w @ x
    u = torch.sin(s)
    y = u - b
    e = y - y_label
    L = e**2
    names = {"w": w, "b": b, "s": s, "u": u, "y": y, "e": e, "L": L}
    order = backward_order(L, names)  # runs L.backward()
    g = autograd_graph(L, names, title="PyTorch's autograd graph, from L.grad_fn")
    ids = {n.name: n.id for n in g.nodes}
    return replace(g, order=tuple(ids[name] for name in order))


def lab_graphs(name: str, problem: UnitProblem = LAB_PROBLEM) -> tuple:
    """The graphs of figure ``name`` (one of ``FIGURES``): one, or two to set side by side."""
    p, name = checked(problem), one_of("name", name, FIGURES)
    if name == "forward":
        return (unit_graph(p.x, p.w, p.b),)
    if name == "loss":
        return (unit_graph(p.x, p.w, p.b, p.y_label),)
    if name == "backward":
        return (unit_graph(p.x, p.w, p.b, p.y_label, backward=True),)
    math = unit_graph(p.x, p.w, p.b, p.y_label, backward=True)
    return (math, lab_autograd_graph(p))


def caption(name: str, g: Graph) -> str:
    """The caption of figure ``name``, with the numbers read off its (first) graph ``g``."""
    name, g = one_of("name", name, FIGURES), instance("g", g, Graph, "a lab3.graph.Graph")
    missing = sorted(set(CAPTION_NODES.get(name, ())) - {n.id for n in g.nodes})
    if missing:
        raise InputError(f"g must be the graph of figure {name!r}: it has no node {missing[0]!r}")
    if name == "forward":
        return (f"The graph of y = sin(wᵀx) − b with the lab's values, read left to right: "
                f"s = wᵀx = {format_value(g.node('s').value)}, u = sin s, and "
                f"y = u − b = {format_value(g.node('y').value)}, zero up to rounding.")
    if name == "loss":
        return (f"The loss joins the graph: e = y − ỹ = {format_value(g.node('e').value)}, "
                f"then L = e² = {format_value(g.node('L').value)}.")
    if name == "backward":
        return ("The backward pass, right to left: each node's gradient is the gradient of the "
                "node it feeds times the local derivative on the edge between them. At the "
                f"weights, ∂L/∂w = {format_value(g.node('w').grad)}.")
    return ("Left, the lab's graph; right, the graph PyTorch recorded for L (L.grad_fn and its "
            "next_functions), each node level with the operation it differentiates. x and ỹ "
            "get no node, since nothing needs their gradient.")


def figure_html(name: str, problem: UnitProblem = LAB_PROBLEM) -> str:
    """Figure ``name`` as HTML: the inline SVG and its caption in a ``<figure>`` whose
    ``data-steps`` holds the steps through it (:func:`lab3.graph.steps.graph_steps`), as
    JSON, for the page's script."""
    graphs = lab_graphs(name, problem)
    svg = SVGFigure(*graphs, rankdir="TB" if len(graphs) > 1 else "LR").svg
    steps = json.dumps(graph_steps(graphs), ensure_ascii=False, separators=(",", ":"))
    return (f'<figure class="lab3-graph" data-steps="{escape(steps, {chr(34): "&quot;"})}">\n'
            f"{svg}\n<figcaption>{escape(caption(name, graphs[0]))}</figcaption>\n</figure>")
