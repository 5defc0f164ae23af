"""Computational-graph figures, for notebooks, gallery pages and theory pages.

:class:`SVGFigure` shows graphs inline wherever ``_repr_html_`` is honoured
(Jupyter, mkdocs-gallery). Part 1 of the lab has six figures, by name:
``"forward"`` (the graph of y with its values), ``"loss"`` (the loss joins the
graph), ``"backward"`` (local derivatives and gradients), ``"autograd"``
(PyTorch's own graph beside the lab's), ``"scalar"`` (the same backward pass,
one number per node) and ``"fork"`` (a value that feeds two nodes). The theory
pages insert them with the macro ``{{ graph_svg("forward") }}``, which calls
:func:`figure_html`: each figure is drawn twice, ranks left to right for a wide
column and top to bottom for a phone's (``docs/stylesheets/layout.css`` shows
the one that fits), so that its text is never shrunk below a readable size.
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
from .scalar import fork_graph, scalar_unit_graph
from .trace import sigmoid_loss_graph, unit_graph

FIGURES = ("forward", "loss", "backward", "autograd", "scalar", "fork")
#: The nodes each figure's caption reads its numbers from.
CAPTION_NODES = {"forward": ("s", "y"), "loss": ("e", "L"), "backward": ("w",),
                 "scalar": ("w0", "y"), "fork": ("s", "w")}


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
    if name == "scalar":
        return (scalar_unit_graph(p.x, p.w, p.b, p.y_label, backward=True),)
    if name == "fork":
        return (fork_graph(p.x, p.w, backward=True),)
    math = unit_graph(p.x, p.w, p.b, p.y_label, backward=True)
    return (math, lab_autograd_graph(p))


def caption(name: str, g: Graph) -> str:
    """The caption of figure ``name``, with the numbers read off its (first) graph ``g``."""
    name, g = one_of("name", name, FIGURES), instance("g", g, Graph, "a lab3.graph.Graph")
    missing = sorted(set(CAPTION_NODES.get(name, ())) - {n.id for n in g.nodes})
    if missing:
        raise InputError(f"g must be the graph of figure {name!r}: it has no node {missing[0]!r}")
    if name == "forward":
        return (f"The graph of y = sin(wᵀx) − b with the lab's values, from the inputs on: "
                f"s = wᵀx = {format_value(g.node('s').value)}, u = sin s, and "
                f"y = u − b = {format_value(g.node('y').value)}, zero up to rounding.")
    if name == "loss":
        return (f"The loss joins the graph: e = y − ỹ = {format_value(g.node('e').value)}, "
                f"then L = e² = {format_value(g.node('L').value)}.")
    if name == "backward":
        return ("The backward pass, from L back to the inputs: each node's gradient is the "
                "gradient of the node it feeds times the local derivative on the edge between "
                "them. At the "
                f"weights, ∂L/∂w = {format_value(g.node('w').grad)}.")
    if name == "scalar":
        weights = [n for n in g.nodes if n.kind == "param" and n.id.startswith("w")]
        grads = ", ".join(f"∂L/∂{n.name} = {format_value(n.grad)}" for n in weights)
        return ("The same backward pass with one number per node: each product wᵢxᵢ and "
                f"their sum is a node. The gradients at the weights, {grads}, are those of the "
                f"vector graph, and so is y = {format_value(g.node('y').value)}.")
    if name == "fork":
        s_grad, w_grad = format_value(g.node("s").grad), format_value(g.node("w").grad)
        return ("s feeds two nodes, the sine and the square, so two paths lead back to it and "
                f"its gradient is their sum: ∂y/∂s = cos s + 2s = {s_grad}, and ∂y/∂w = {w_grad}.")
    return ("First the lab's graph, then the graph PyTorch recorded for L (L.grad_fn and its "
            "next_functions), each node level with the operation it differentiates. x and ỹ "
            "get no node, since nothing needs their gradient.")


def _figure(graphs, text: str, steps: dict | None = None) -> str:
    """``graphs`` drawn twice in a ``<figure>`` with the caption ``text``: for a wide column
    (ranks left to right, or a pair side by side) and for a narrow one (ranks top to
    bottom, a pair one above the other); the page's CSS shows the one that fits.
    ``steps``: the steps through them, kept in the figure's ``data-steps``."""
    wide = SVGFigure(*graphs, rankdir="TB" if len(graphs) > 1 else "LR").svg
    narrow = "\n".join(to_svg_stack([g], rankdir="TB", headings=len(graphs) > 1, first=k)
                       for k, g in enumerate(graphs))
    data = "" if steps is None else ' data-steps="{}"'.format(escape(json.dumps(
        steps, ensure_ascii=False, separators=(",", ":")), {chr(34): "&quot;"}))
    return (f'<figure class="lab3-graph"{data}>\n<div class="lab3-graph__wide">\n{wide}\n</div>\n'
            f'<div class="lab3-graph__narrow">\n{narrow}\n</div>\n'
            f"<figcaption>{escape(text)}</figcaption>\n</figure>")


def figure_html(name: str, problem: UnitProblem = LAB_PROBLEM) -> str:
    """Figure ``name`` as HTML: its two drawings and caption in a ``<figure>`` whose
    ``data-steps`` holds the steps through it (:func:`lab3.graph.steps.graph_steps`), as
    JSON, for the page's script."""
    graphs = lab_graphs(name, problem)
    return _figure(graphs, caption(name, graphs[0]), steps=graph_steps(graphs))


def point_figure_html(x, y, w) -> str:
    """Part 2's figure: one point's term of the SSE, L = (y − sigmoid(w₀x + w₁))², after
    ``L.backward()`` (``sigmoid_loss_graph``), as HTML with its caption."""
    g = sigmoid_loss_graph(x, y, w, backward=True)
    v = {n.id: format_value(n.value) for n in g.nodes}
    text = (f"One point's term of the SSE at x = {v['x']}, y = {v['y']} and w = {v['w']}. "
            f"Forward, from the inputs on: z = w₀x + w₁ = {v['z']}, f = sigmoid(z) = {v['f']}, "
            f"r = y − f = {v['r']}, L = r² = {v['L']}. Backward, from L back: each node's "
            f"gradient is the next node's times the local derivative on the edge, down to "
            f"∂L/∂w = {format_value(g.node('w').grad)}.")
    return _figure((g,), text)
