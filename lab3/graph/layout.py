"""A small layered layout: nodes in ranks by depth, left to right (or top to bottom).

Each node sits one rank before the first operation that uses it, so the output
is in the last rank and every input right next to its consumer. Places across
the ranks are assigned from the output backwards: an operation's main input
(the one with the largest graph behind it) stays in line with the operation,
the other inputs go beside it. Everything is plain arithmetic on the graph,
so the same graph always gets the same coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._validate import InputError, flag, instance, one_of, positive, real_array
from .core import Edge, Graph, Node

FONT_SIZE, LABEL_SIZE, LINE = 12.0, 13.0, 16.0  # px
PAD_X, PAD_Y, MIN_GAP, MARGIN = 8.0, 7.0, 28.0, 14.0
CROSS_GAP = {"LR": 22.0, "TB": 24.0}  # between the nodes of one rank
RANKDIRS = tuple(CROSS_GAP)
MAX_LENGTH = 1e6  # px: the largest font size, rank size or gap a figure may ask for
_NARROW, _WIDE = set(" .,:;!|()[]'/fijlrtᵀ·"), set("mwMW—")


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """A generous estimate of the width of ``text`` in a sans-serif font, in px."""
    text, bold = instance("text", text, str), flag("bold", bold)
    size = positive("size", size, MAX_LENGTH)
    em = sum(0.36 if c in _NARROW else 0.88 if c in _WIDE else 0.7 if c.isupper() else 0.6
             for c in text)
    return em * size * (1.1 if bold else 1.0)


def _graph(graph) -> Graph:
    return instance("graph", graph, Graph, "a lab3.graph.Graph")


def _lengths(name: str, values) -> list:
    """``values`` as a list of lengths from 0 to :data:`MAX_LENGTH`."""
    arr = real_array(name, values)
    if arr.ndim != 1 or (arr < 0).any() or (arr > MAX_LENGTH).any():
        raise InputError(f"{name} must be a sequence of lengths from 0 to {MAX_LENGTH:g} px, "
                         f"got {arr.tolist()[:8]}")
    return arr.tolist()


@dataclass(frozen=True)
class Box:
    """A node's rectangle: top-left corner ``(x, y)``, width ``w``, height ``h``."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Layout:
    """Where everything goes: a box per node id, the thickness of each rank and
    the gaps between ranks (along ``rankdir``), and the overall size."""

    boxes: dict
    rank_sizes: tuple[float, ...]
    gaps: tuple[float, ...]
    width: float
    height: float
    rankdir: str = "LR"


def edge_lines(edge, rankdir: str = "LR") -> list[str]:
    """An edge's label as lines: in a left-to-right gap the formula goes above its value."""
    text = instance("edge", edge, Edge, "a lab3.graph.Edge").text()
    rankdir = one_of("rankdir", rankdir, RANKDIRS)
    if rankdir == "LR" and " = " in text:
        formula, value = text.split(" = ", 1)
        return [formula, f"= {value}"]
    return [text] if text else []


def node_size(graph: Graph, node) -> tuple[float, float]:
    """Width and height of a node's box, from its lines of text."""
    lines = _graph(graph).lines(instance("node", node, Node, "a lab3.graph.Node"))
    w = max(text_width(t, LABEL_SIZE if k == "label" else FONT_SIZE, k == "label")
            for k, t in lines)
    return w + 2 * PAD_X, len(lines) * LINE + 2 * PAD_Y


def ranks(graph: Graph) -> dict:
    """Rank of each node: the longest path to an output, counted back from the last rank."""
    graph = _graph(graph)
    consumers = {n.id: [e.dst for e in graph.edges if e.src == n.id] for n in graph.nodes}
    depth = {}
    pending = [n.id for n in graph.nodes]
    while pending:
        ready = [i for i in pending if all(c in depth for c in consumers[i])]
        if not ready:
            raise InputError(f"the graph has a cycle through {pending}")
        for i in ready:
            depth[i] = 1 + max((depth[c] for c in consumers[i]), default=-1)
        pending = [i for i in pending if i not in depth]
    last = max(depth.values(), default=0)
    return {n.id: last - depth[n.id] for n in graph.nodes}


def _mean(values) -> float:
    return sum(values) / len(values) if values else 0.0


def _slots(graph: Graph, rank: dict) -> dict:
    """Place of each node across its rank, in units of one node plus the gap; may be fractional."""
    order = [n.id for n in graph.nodes]
    inputs = {i: list(dict.fromkeys(e.src for e in graph.edges if e.dst == i)) for i in order}
    behind = {}  # how many nodes lie behind each node: the larger, the more it is the "spine"
    for i in sorted(order, key=lambda i: rank[i]):
        behind[i] = set(inputs[i]).union(*(behind[j] for j in inputs[i]))
    wanted, slot = {i: [] for i in order}, {}
    for c in sorted(set(rank.values()), reverse=True):
        here = [i for i in order if rank[i] == c]
        prev = None  # no two nodes of a rank closer than one place
        # nodes go where their consumers want them; outputs (no consumer) go last
        for i in sorted(here, key=lambda i: (not wanted[i], _mean(wanted[i]), order.index(i))):
            want = _mean(wanted[i]) if wanted[i] else (0.0 if prev is None else prev + 1)
            slot[i] = want if prev is None else max(want, prev + 1)
            prev = slot[i]
        for i in here:
            ins = inputs[i]
            sizes = sorted((len(behind[j]) for j in ins), reverse=True)
            if len(ins) > 1 and sizes[0] == sizes[1]:  # no main input: centre them
                offsets = [k - (len(ins) - 1) / 2 for k in range(len(ins))]
            else:
                spine = max(ins, key=lambda j: len(behind[j])) if ins else None
                rest = iter(range(1, len(ins)))
                offsets = [0.0 if j == spine else float(next(rest)) for j in ins]
            for j, off in zip(ins, offsets):
                wanted[j].append(slot[i] + off)
    return slot


def layout(graph: Graph, rank_sizes=(), gaps=(), *, rankdir: str = "LR") -> Layout:
    """Place every node, ranks left to right (``"LR"``) or top to bottom (``"TB"``).

    ``rank_sizes`` and ``gaps`` are minima, to align the ranks of several graphs.
    """
    rankdir = one_of("rankdir", rankdir, RANKDIRS)
    rank_sizes, gaps = _lengths("rank_sizes", rank_sizes), _lengths("gaps", gaps)
    lr = rankdir == "LR"
    rank = ranks(graph)
    slot = _slots(graph, rank)
    size = {n.id: node_size(graph, n) for n in graph.nodes}
    height = max((h for _, h in size.values()), default=0.0)  # one height for all nodes
    size = {i: (w, height) for i, (w, _) in size.items()}
    along = {i: (w if lr else h) for i, (w, h) in size.items()}
    across = {i: (h if lr else w) for i, (w, h) in size.items()}
    n = max(rank.values(), default=-1) + 1
    thick = [max([along[i] for i in along if rank[i] == r] + list(rank_sizes[r:r + 1]))
             for r in range(n)]
    need = [MIN_GAP] * max(n - 1, 0)
    for e in graph.edges:  # an edge's label sits in the gap after its source
        lines = edge_lines(e, rankdir)
        if lines and rank[e.dst] == rank[e.src] + 1:
            room = (max(text_width(t) for t in lines) + 2 * PAD_X if lr
                    else (len(lines) + 1.5) * LINE)
            need[rank[e.src]] = max(need[rank[e.src]], room)
    need = [max([g, *gaps[k:k + 1]]) for k, g in enumerate(need)]
    starts = [MARGIN + sum(thick[:r]) + sum(need[:r]) for r in range(n)]
    widest = max(across.values(), default=0.0)
    pitch, first = widest + CROSS_GAP[rankdir], min(slot.values(), default=0.0)
    boxes = {}
    for i, (w, h) in size.items():
        a = starts[rank[i]] + (thick[rank[i]] - along[i]) / 2
        c = MARGIN + (slot[i] - first) * pitch + (widest - across[i]) / 2
        boxes[i] = Box(a, c, w, h) if lr else Box(c, a, w, h)
    total = MARGIN + sum(thick) + sum(need) + MARGIN
    cross = max((b.y + b.h if lr else b.x + b.w for b in boxes.values()), default=0.0) + MARGIN
    return Layout(boxes, tuple(thick), tuple(need), total if lr else cross,
                  cross if lr else total, rankdir)
