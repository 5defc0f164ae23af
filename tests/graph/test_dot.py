"""lab3.graph.dot: the same graph in Graphviz's DOT language."""

import re

import pytest

from lab3 import LAB_PROBLEM as P
from lab3.graph.core import Edge, Graph, Node
from lab3.graph.dot import to_dot
from lab3.graph.trace import unit_graph


def test_dot_has_every_node_and_edge():
    g = unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    dot = to_dot(g)
    assert dot.startswith("digraph ") and dot.rstrip().endswith("}") and "rankdir=LR" in dot
    for n in g.nodes:
        assert re.search(rf'^  "{n.id}" \[label="{re.escape(n.label)}\\n', dot, re.M)
    for e in g.edges:
        assert f'"{e.src}" -> "{e.dst}"' in dot
    assert '"w" -> "s" [label="x = [2, 1]"]' in dot
    assert "∂L/∂w = [−8, −4]" in dot and "dir=back" in dot


def test_forward_graph_arrows_point_forward():
    dot = to_dot(unit_graph(P.x, P.w, P.b))
    assert "dir=back" not in dot and '"u" -> "y";' in dot


def test_dot_strings_are_escaped():
    g = Graph((Node("a", 'say "hi"\\', value=1.0), Node("b", "b")), (Edge("a", "b"),),
              title='t "q"')
    dot = to_dot(g)
    assert 'digraph "t \\"q\\"" {' in dot
    assert '[label="say \\"hi\\"\\\\\\n= 1"' in dot


def test_bad_input_is_a_type_error():
    with pytest.raises(TypeError, match="lab3.graph.Graph"):
        to_dot({"nodes": []})
