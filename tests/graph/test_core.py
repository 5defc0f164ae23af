"""lab3.graph.core: nodes, edges and graphs as data, and how their values read."""

import math

import numpy as np
import pytest

import lab3
from lab3.graph.core import Edge, Graph, Node, format_value, plain_value


def test_format_value_is_compact_and_fixed():
    assert format_value((2.0, 1.0)) == "[2, 1]"
    assert format_value(math.pi * 2) == "6.283"
    assert format_value(-8.000000000000002) == "−8"
    assert format_value(-2.4492935982947064e-16) == "−2.4e−16"
    assert format_value(0.0) == format_value(-0.0) == "0"
    assert format_value(None) == ""
    assert format_value(np.array([0.5, -1.0])) == "[0.5, −1]"


def test_plain_value_flattens_tensors_and_arrays():
    import torch

    assert plain_value(torch.tensor(2.5)) == 2.5
    assert plain_value(np.array([1, 2])) == (1.0, 2.0)


def test_edge_text():
    assert Edge("a", "b").text() == ""
    assert Edge("a", "b", 1.0, "1").text() == "1"
    assert Edge("s", "u", 1.0, "cos s").text() == "cos s = 1"


def test_graph_rejects_inconsistent_input():
    a, b = Node("a", "a"), Node("b", "b")
    with pytest.raises(ValueError, match="unique"):
        Graph((a, a), ())
    with pytest.raises(ValueError, match="not in the graph"):
        Graph((a,), (Edge("a", "zz"),))
    with pytest.raises(ValueError, match="kind"):
        Graph((Node("a", "a", kind="tensor"),), ())
    with pytest.raises(ValueError, match="direction"):
        Graph((a, b), (Edge("a", "b"),), direction="sideways")
    with pytest.raises(KeyError, match="no node 'c'"):
        Graph((a, b), ()).node("c")


def test_graph_parts_must_be_of_their_kinds():
    a = Node("a", "a")
    with pytest.raises(lab3.InputError, match="nodes must be a tuple of Node"):
        Graph([a], ())
    with pytest.raises(lab3.InputError, match="title must be text"):
        Graph((a,), (), title=3)
    with pytest.raises(lab3.InputError, match="value must hold finite numbers"):
        plain_value([1.0, math.nan])
    with pytest.raises(lab3.InputError, match="value must be numeric"):
        format_value("abc")


def test_order_names_distinct_nodes_of_the_graph():
    g = Graph((Node("a", "a"), Node("L", "square")), (Edge("a", "L"),), order=("L", "a"))
    assert g.order == ("L", "a")
    with pytest.raises(ValueError, match="order must name distinct nodes"):
        Graph(g.nodes, g.edges, order=("L", "nowhere"))
    with pytest.raises(ValueError, match="order must name distinct nodes"):
        Graph(g.nodes, g.edges, order=("L", "L"))
    with pytest.raises(TypeError, match="order must be a tuple of str"):
        Graph(g.nodes, g.edges, order=["L"])
