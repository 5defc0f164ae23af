"""lab3.graph.layout: ranks by depth, no overlaps, the same coordinates every time."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lab3
from lab3 import LAB_PROBLEM as P
from lab3.graph.core import Edge, Graph, Node
from lab3.graph.layout import MARGIN, layout, node_size, ranks, text_width
from lab3.graph.trace import unit_graph


def overlap(a, b, pad=0.0):
    return (a.x < b.x + b.w + pad and b.x < a.x + a.w + pad
            and a.y < b.y + b.h + pad and b.y < a.y + a.h + pad)


@st.composite
def random_graphs(draw):
    """A random expression DAG: each node after the first few uses one to three earlier ones."""
    n = draw(st.integers(min_value=1, max_value=12))
    leaves = draw(st.integers(min_value=1, max_value=n))
    nodes = [Node(f"v{i}", "input" if i < leaves else "op" * draw(st.integers(1, 6)),
                  f"v{i}", "data" if i < leaves else "op", value=float(i)) for i in range(n)]
    edges = []
    for i in range(leaves, n):
        for j in sorted(draw(st.sets(st.integers(0, i - 1), min_size=1, max_size=min(3, i)))):
            edges.append(Edge(f"v{j}", f"v{i}"))
    return Graph(tuple(nodes), tuple(edges))


def test_ranks_put_inputs_next_to_their_consumer():
    g = unit_graph(P.x, P.w, P.b, P.y_label)
    r = ranks(g)
    assert [r[i] for i in ("w", "s", "u", "y", "e", "L")] == [0, 1, 2, 3, 4, 5]
    assert r["x"] == 0 and r["b"] == 2 and r["y_label"] == 3  # one rank before their consumer


def test_main_line_is_straight_and_side_inputs_beside_it():
    lay = layout(unit_graph(P.x, P.w, P.b, P.y_label))
    y = {i: b.y for i, b in lay.boxes.items()}
    assert y["s"] == y["u"] == y["y"] == y["e"] == y["L"]
    assert y["b"] > y["u"] and y["y_label"] > y["y"]
    assert y["w"] < y["s"] < y["x"]  # wᵀx has two equal inputs: centred around it


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_lab_graph_boxes_do_not_overlap_and_fit_their_text(rankdir):
    g = unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
    lay = layout(g, rankdir=rankdir)
    boxes = list(lay.boxes.values())
    assert not any(overlap(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:])
    for n in g.nodes:
        assert lay.boxes[n.id].w >= node_size(g, n)[0]
        assert all(0 <= b.x and b.x + b.w <= lay.width and 0 <= b.y and b.y + b.h <= lay.height
                   for b in boxes)


@settings(max_examples=60, deadline=None)
@given(random_graphs(), st.sampled_from(["LR", "TB"]))
def test_any_graph_gets_separate_boxes_in_order(g, rankdir):
    lay = layout(g, rankdir=rankdir)
    boxes = list(lay.boxes.values())
    assert not any(overlap(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:])
    for e in g.edges:  # every edge runs forward: left to right, or top to bottom
        a, b = lay.boxes[e.src], lay.boxes[e.dst]
        assert (a.x + a.w < b.x) if rankdir == "LR" else (a.y + a.h < b.y)
    assert layout(g, rankdir=rankdir) == lay


def test_minimum_sizes_align_the_ranks_of_two_graphs():
    g = unit_graph(P.x, P.w, P.b)
    wide = layout(g, rank_sizes=(300, 300, 300, 300))
    assert wide.rank_sizes == (300, 300, 300, 300)
    assert wide.boxes["s"].x + wide.boxes["s"].w / 2 == pytest.approx(MARGIN + 300 + wide.gaps[0] + 150)


def test_text_width_is_a_generous_estimate():
    assert text_width("mm") > text_width("ii")
    assert text_width("AB", bold=True) > text_width("AB")
    assert text_width("") == 0


def test_cycles_and_bad_directions_are_refused():
    a, b = Node("a", "a"), Node("b", "b")
    with pytest.raises(ValueError, match="cycle"):
        layout(Graph((a, b), (Edge("a", "b"), Edge("b", "a"))))
    with pytest.raises(ValueError, match="rankdir"):
        layout(Graph((a,), ()), rankdir="RL")


@pytest.mark.parametrize("call, match", [
    (lambda: text_width("wᵀx", 1e308), "size must be at most"),
    (lambda: text_width(3), "text must be str"),
    (lambda: layout(unit_graph(P.x, P.w, P.b), [1e308]), "rank_sizes must be a sequence"),
    (lambda: layout(unit_graph(P.x, P.w, P.b), (), [-1.0]), "gaps must be a sequence"),
    (lambda: ranks("graph"), "graph must be a lab3.graph.Graph"),
])
def test_bad_sizes_and_graphs_are_input_errors(call, match):
    with pytest.raises(lab3.InputError, match=match):
        call()
