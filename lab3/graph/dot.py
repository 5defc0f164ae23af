"""Computational graphs as Graphviz DOT text, for readers who have Graphviz.

``dot -Tsvg graph.dot -o graph.svg`` draws the same nodes, values, gradients
and local derivatives as ``lab3.graph.svg``, with Graphviz's own layout.
"""

from __future__ import annotations

from .._validate import instance
from .core import Graph
from .svg import FILL, GRAD, INK, LOCAL, MUTED


def _quote(text: str) -> str:
    """A DOT string literal: backslashes and quotes escaped, newlines as line breaks."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: Graph) -> str:
    """The graph in the DOT language, laid out left to right.

    Returns
    -------
    dot : str
        A ``digraph`` with one node per graph node (labelled with its role or
        operation, value and gradient) and one edge per edge (labelled with its
        local derivative); arrows point backward for a backward-pass graph.
    """
    instance("graph", graph, Graph, "a lab3.graph.Graph")
    back = graph.direction == "backward"
    out = [
        f"digraph {_quote(graph.title)} {{",
        "  rankdir=LR;",
        f'  node [shape=box, style="rounded,filled", fontname="Helvetica", fontcolor="{INK}"];',
        f'  edge [color="{GRAD if back else MUTED}", fontcolor="{LOCAL}", fontname="Helvetica"'
        + (", dir=back];" if back else "];"),
    ]
    for n in graph.nodes:
        fill, stroke = FILL[n.kind]
        label = "\n".join(text for _, text in graph.lines(n))
        out.append(f'  {_quote(n.id)} [label={_quote(label)}, fillcolor="{fill}", '
                   f'color="{stroke}"];')
    for e in graph.edges:
        label = f" [label={_quote(e.text())}]" if e.text() else ""
        out.append(f"  {_quote(e.src)} -> {_quote(e.dst)}{label};")
    out.append("}")
    return "\n".join(out) + "\n"
