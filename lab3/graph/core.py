r"""Computational graphs as data.

A :class:`Graph` is a set of :class:`Node` (an input or an operation, with its
forward value and, after a backward pass, its gradient) and :class:`Edge`
(one result feeding the next, with its local derivative). Graphs are built from
a real computation, never by hand: ``lab3.graph.trace`` runs the lab's
expressions, ``lab3.graph.autograd`` reads PyTorch's own graph. They are laid
out by ``lab3.graph.layout`` and drawn by ``lab3.graph.svg`` and ``lab3.graph.dot``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._validate import InputError, InputTypeError, instance, one_of, real_array
from ..text import number

KINDS = ("data", "param", "op", "output")


def plain_value(value):
    """A tensor or array of finite numbers as a float (0-D) or a flat tuple of floats."""
    arr = real_array("value", value)
    return float(arr) if arr.ndim == 0 else tuple(float(v) for v in arr.ravel())


def format_value(value, digits: int = 4) -> str:
    """A value as a figure shows it: ``6.283``, ``−2.4e−16``, ``[2, 1]``; ``""`` for None."""
    if value is None:
        return ""
    if not isinstance(value, (tuple, float)):
        value = plain_value(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(format_value(v, digits) for v in value) + "]"
    # significant digits; tiny but not zero, such as rounding errors: one digit, scientific
    return number(value, digits, significant=True, tiny=1).replace("-", "−")


@dataclass(frozen=True)
class Node:
    """An input or an operation: ``label`` (the role or the operation, drawn
    first), ``name`` (the quantity it holds), ``kind`` (one of ``KINDS``),
    ``value`` (forward pass) and ``grad`` (after a backward pass)."""

    id: str
    label: str
    name: str | None = None
    kind: str = "op"
    value: float | tuple[float, ...] | None = None
    grad: float | tuple[float, ...] | None = None


@dataclass(frozen=True)
class Edge:
    """``src`` feeds ``dst``; ``local`` is :math:`\\partial\\,dst/\\partial\\,src`,
    ``local_label`` its formula (e.g. ``"cos s"``)."""

    src: str
    dst: str
    local: float | tuple[float, ...] | None = None
    local_label: str | None = None

    def text(self) -> str:
        """The edge's label: ``"cos s = 1"``, or just ``"1"``; ``""`` without a derivative."""
        value = format_value(self.local)
        if not value or not self.local_label or self.local_label == value:
            return value
        return f"{self.local_label} = {value}"


@dataclass(frozen=True)
class Graph:
    """Nodes in reading order, edges from input to consumer. ``direction`` says
    which way arrows point (``"backward"``: towards the inputs), ``grad_name``
    names a node's gradient (``{}`` is the node's name), ``notes`` is a key;
    ``order`` holds the ids of the nodes in the order PyTorch's engine ran their
    backward functions (empty without a backward pass)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    title: str = "Computational graph"
    direction: str = "forward"
    grad_name: str = "∂L/∂{}"
    notes: tuple[str, ...] = ()
    order: tuple[str, ...] = ()

    def __post_init__(self):
        for name, kind in (("nodes", Node), ("edges", Edge), ("notes", str), ("order", str)):
            items = getattr(self, name)
            if not (isinstance(items, tuple) and all(isinstance(i, kind) for i in items)):
                raise InputTypeError(f"{name} must be a tuple of {kind.__name__}")
        instance("title", self.title, str, "text")
        instance("grad_name", self.grad_name, str, "text")
        ids = [n.id for n in self.nodes]
        if len(set(ids)) != len(ids):
            raise InputError(f"node ids must be unique, got {ids}")
        for n in self.nodes:
            one_of(f"node {n.id!r}: kind", n.kind, KINDS)
        for e in self.edges:
            if e.src not in ids or e.dst not in ids:
                raise InputError(f"edge {e.src!r} → {e.dst!r} names a node not in the graph")
        if not set(self.order) <= set(ids) or len(set(self.order)) != len(self.order):
            raise InputError(f"order must name distinct nodes of the graph, got {self.order}")
        one_of("direction", self.direction, ("forward", "backward"))

    def node(self, id: str) -> Node:
        """The node called ``id``."""
        for n in self.nodes:
            if n.id == id:
                return n
        raise KeyError(f"no node {id!r}; the graph has {[n.id for n in self.nodes]}")

    def lines(self, node: Node) -> list[tuple[str, str]]:
        """The text of a node, as ``(kind, text)`` pairs: label, value, gradient."""
        out = [("label", node.label)]
        if node.value is not None:
            out.append(("value", f"{node.name or ''} = {format_value(node.value)}".lstrip()))
        if node.grad is not None:
            grad = self.grad_name.format(node.name) if node.name else "grad"
            out.append(("grad", f"{grad} = {format_value(node.grad)}"))
        return out

    def describe(self) -> str:
        """The graph in words, e.g. for a figure's ``<desc>``: its nodes, then its edges."""
        nodes = "; ".join(", ".join(t for _, t in self.lines(n)) for n in self.nodes)
        name = {n.id: n.name or n.label for n in self.nodes}
        edges = "; ".join(f"{name[e.src]} → {name[e.dst]}" + (f" ({e.text()})" if e.text() else "")
                          for e in self.edges)
        return f"{self.title}. Nodes: {nodes}. Edges: {edges}."


def graph_list(graphs) -> list[Graph]:
    """``graphs`` as a list, once it is known to hold one or more :class:`Graph`."""
    try:
        graphs = list(graphs)
    except TypeError:  # not a collection of graphs
        graphs = None
    if not graphs or not all(isinstance(g, Graph) for g in graphs):
        raise InputTypeError("graphs must be a list of one or more lab3.graph.Graph objects")
    return graphs
