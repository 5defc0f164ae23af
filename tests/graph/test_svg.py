"""lab3.graph.svg: valid, accessible, deterministic SVG with every label as real text."""

import xml.etree.ElementTree as ET

import pytest

from lab3 import LAB_PROBLEM as P
from lab3.graph.core import Edge, Graph, Node
from lab3.graph.figures import FIGURES, figure_html, lab_autograd_graph
from lab3.graph.layout import text_width
from lab3.graph.svg import (CARD, FILL, GRAD, INK, LOCAL, MUTED, NOTE_SIZE, to_svg,
                           to_svg_stack)
from lab3.graph.trace import sigmoid_loss_graph, unit_graph

NS = "{http://www.w3.org/2000/svg}"


def backward():
    return unit_graph(P.x, P.w, P.b, P.y_label, backward=True)


def texts(svg):
    return [t.text for t in ET.fromstring(svg).iter(f"{NS}text")]


def test_svg_parses_and_is_accessible():
    g = backward()
    root = ET.fromstring(to_svg(g))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label") == g.title
    assert root[0].tag == f"{NS}title" and root[0].text == g.title
    assert root[1].tag == f"{NS}desc" and "∂L/∂w = [−8, −4]" in root[1].text
    assert root.get("viewBox").startswith("0 0 ") and "max-width:100%" in root.get("style")


def test_every_label_value_gradient_and_local_derivative_is_text():
    g = backward()
    shown = texts(to_svg(g))
    for n in g.nodes:
        for _, line in g.lines(n):
            assert line in shown
    for label in ("weights", "wᵀx", "sin", "− b", "− ỹ", "s = 6.283", "∂L/∂w = [−8, −4]",
                  "∂L/∂b = 4", "∂L/∂L = 1", "cos s", "= 1", "= [2, 1]", "2e", "= −4", "−1"):
        assert label in shown
    assert set(g.notes) <= set(shown)


def test_top_to_bottom_keeps_each_edge_label_on_one_line():
    shown = texts(to_svg(backward(), rankdir="TB"))
    assert "cos s = 1" in shown and "x = [2, 1]" in shown


def test_two_renders_are_byte_identical():
    assert to_svg(backward()) == to_svg(backward())
    pair = to_svg_stack([backward(), lab_autograd_graph()], rankdir="TB")
    assert pair == to_svg_stack([backward(), lab_autograd_graph()], rankdir="TB")


def test_no_ids_and_no_blank_lines():
    """No id may clash between figures on one page; a blank line would end Markdown's raw HTML."""
    svg = to_svg_stack([backward(), lab_autograd_graph()])
    assert not any("id" in el.attrib for el in ET.fromstring(svg).iter())
    assert "\n\n" not in svg


def test_text_is_escaped():
    g = Graph((Node("a", 'x < y & "z"', "p<q", value=1.0), Node("b", "</svg>")),
              (Edge("a", "b", 2.0, "<d>"),), title='A "quoted" <title> & more',
              direction="backward")
    root = ET.fromstring(to_svg(g))
    assert root.get("aria-label") == 'A "quoted" <title> & more'
    shown = [t.text for t in root.iter(f"{NS}text")]
    assert 'x < y & "z"' in shown and "</svg>" in shown and "p<q = 1" in shown


def test_stacks_align_matching_nodes():
    math, torch_graph = backward(), lab_autograd_graph()

    def position(svg, text):
        el = next(t for t in ET.fromstring(svg).iter(f"{NS}text") if t.text == text)
        return float(el.get("x")), float(el.get("y"))

    lr = to_svg_stack([math, torch_graph], rankdir="LR")  # one above the other: same x
    assert position(lr, "sin")[0] == position(lr, "SinBackward0")[0]
    assert position(lr, "( · )²")[0] == position(lr, "PowBackward0")[0]
    tb = to_svg_stack([math, torch_graph], rankdir="TB")  # side by side: same y
    assert position(tb, "sin")[1] == position(tb, "SinBackward0")[1]
    assert position(tb, "wᵀx")[1] == position(tb, "DotBackward0")[1]
    assert position(tb, "sin")[0] < position(tb, "SinBackward0")[0]
    headings = [t.text for t in ET.fromstring(tb).iter(f"{NS}text")
                if t.get("font-weight") == "bold" and t.get("text-anchor") == "start"]
    assert " ".join(headings) == f"{math.title} {torch_graph.title}"  # wrapped, in order


def test_titles_and_notes_wrap_at_the_graphs_width():
    """A title or note longer than its graph is broken over lines, not let widen it."""
    g = backward()
    svg = to_svg_stack([g], rankdir="TB")
    width = float(ET.fromstring(svg).get("viewBox").split()[2])
    assert width < text_width(g.notes[0], NOTE_SIZE)  # the note alone would be wider
    notes = [t.text for t in ET.fromstring(svg).iter(f"{NS}text")
             if t.get("fill") == MUTED and float(t.get("font-size")) == NOTE_SIZE]
    assert len(notes) > len(g.notes) and " ".join(notes) == " ".join(g.notes)
    for el in ET.fromstring(svg).iter(f"{NS}text"):
        if el.get("text-anchor") == "start":
            assert text_width(el.text, float(el.get("font-size")),
                              el.get("font-weight") == "bold") <= width


def rects(svg, rx):
    return [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
            for r in ET.fromstring(svg).iter(f"{NS}rect") if r.get("rx") == rx]


def intersect(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def figure_svg(name, k):
    """The ``k``-th drawing of figure ``name`` (its wide one first, then the narrow)."""
    return ET.tostring(list(ET.fromstring(figure_html(name)).iter(f"{NS}svg"))[k],
                       encoding="unicode")


SVGS = {f"{name} {k}": lambda name=name, k=k: figure_svg(name, k)
        for name in FIGURES for k in range(3 if name == "autograd" else 2)}
SVGS["sigmoid"] = lambda: to_svg(sigmoid_loss_graph(0.5, 0.8, [-2.0, 2.0], backward=True))
SVGS["sigmoid TB"] = lambda: to_svg(sigmoid_loss_graph(0.5, 0.8, [-2.0, 2.0], backward=True),
                                    rankdir="TB")


@pytest.mark.parametrize("name", SVGS)
def test_labels_and_nodes_never_overlap(name):
    """No edge label covers a node, no two labels cover each other, all inside the card."""
    svg = SVGS[name]()
    nodes, labels = rects(svg, "6"), rects(svg, "3")
    card = rects(svg, "8")[0]
    assert not any(intersect(a, b) for a in labels for b in nodes)
    assert not any(intersect(a, b) for k, a in enumerate(labels) for b in labels[k + 1:])
    for x, y, w, h in nodes + labels:
        assert card[0] <= x and x + w <= card[0] + card[2] and card[1] <= y and y + h <= card[3]


def relative_luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("fill", [f for f, _ in FILL.values()])
def test_text_colours_meet_wcag_aa_on_every_node(fill):
    assert contrast(INK, fill) >= 7
    assert contrast(GRAD, fill) >= 4.5


def test_the_card_keeps_contrast_on_any_page():
    assert contrast(LOCAL, CARD) >= 4.5 and contrast(MUTED, CARD) >= 4.5
    assert contrast(CARD, "#1e2129") >= 7  # the white card stands out on a dark page


def test_bad_input_is_a_type_error():
    with pytest.raises(TypeError, match="lab3.graph.Graph"):
        to_svg("graph")
    with pytest.raises(TypeError, match="one or more"):
        to_svg_stack([])


def test_groups_name_each_graph_node_and_edge():
    """Data attributes let a script light up one node or edge: each node's box and text sit
    in one group named by its id, each edge's curve (and label) in groups named by its ends."""
    pair = [backward(), lab_autograd_graph()]
    root = ET.fromstring(to_svg_stack(pair, rankdir="TB"))
    graphs = [g for g in root if g.get("data-graph") is not None]
    assert [g.get("data-graph") for g in graphs] == ["0", "1"]
    for graph, drawn in zip(pair, graphs):
        nodes = {g.get("data-node"): g for g in drawn.iter(f"{NS}g") if g.get("data-node")}
        assert list(nodes) == [n.id for n in graph.nodes]
        for n in graph.nodes:
            assert [t.text for t in nodes[n.id].iter(f"{NS}text")] == [t for _, t in graph.lines(n)]
        ends = [(g.get("data-src"), g.get("data-dst")) for g in drawn.iter(f"{NS}g")
                if g.get("data-src")]
        labelled = [e for e in graph.edges if e.text()]
        assert sorted(ends) == sorted([(e.src, e.dst) for e in graph.edges]
                                      + [(e.src, e.dst) for e in labelled])
