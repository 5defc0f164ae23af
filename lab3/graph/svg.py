"""Computational graphs drawn as SVG, by hand, with no dependency.

The SVG keeps every label as real ``<text>`` (searchable, read by screen
readers, sharp at any zoom), has a ``<title>`` and ``role="img"`` with an
``aria-label``, and sits on a white card so that its colours keep their
contrast on light and dark pages alike. It uses no ``id`` attributes, so any
number of figures can share a page, and the same graph always gives the same
bytes. Data attributes name what each group draws, for a script that steps
through the graph: ``data-graph`` (the graph's place in the figure),
``data-node`` (a node's id), ``data-src`` and ``data-dst`` (an edge's ends).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .._validate import flag, instance, whole_number
from .core import Graph, graph_list
from .layout import FONT_SIZE, LABEL_SIZE, LINE, MARGIN, PAD_Y, edge_lines, layout, text_width

FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, 'DejaVu Sans', sans-serif"
# Dark ink on a white card: every colour keeps a contrast of 4.5:1 or more against its fill.
INK, MUTED, GRAD, LOCAL = "#1f2328", "#57606a", "#a40e26", "#6639ba"
CARD, BORDER = "#ffffff", "#d0d7de"
FILL = {"data": ("#ddf4ff", "#0969da"), "param": ("#fff8c5", "#9a6700"),
        "op": ("#f6f8fa", "#57606a"), "output": ("#dafbe1", "#1a7f37")}
NOTE_SIZE, HEAD_SIZE, ARROW = 11.5, 13.5, 7.0


def _n(v: float) -> str:
    """A coordinate with one fixed decimal, so that output bytes never vary."""
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x, y, text, *, size=FONT_SIZE, fill=INK, anchor="middle", bold=False):
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}" '
            f'text-anchor="{anchor}"{weight}>{escape(text)}</text>')


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` px (a longer word keeps a line of its own)."""
    lines = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _ports(graph: Graph, boxes, lr: bool) -> dict:
    """Offsets spreading the edges that meet at one side of a node, ordered by their other end."""
    ports = {}
    for end in ("src", "dst"):
        other = "dst" if end == "src" else "src"
        for i in dict.fromkeys(getattr(e, end) for e in graph.edges):
            mine = sorted((k for k, e in enumerate(graph.edges) if getattr(e, end) == i),
                          key=lambda k: (boxes[getattr(graph.edges[k], other)].y
                                         if lr else boxes[getattr(graph.edges[k], other)].x, k))
            step = min(10.0, (boxes[i].h if lr else boxes[i].w) / (len(mine) + 1))
            for j, k in enumerate(mine):
                ports[end, k] = (j - (len(mine) - 1) / 2) * step
    return ports


def _attr(value: str) -> str:
    """Text as an attribute value in double quotes."""
    return escape(value, {'"': "&quot;"})


def _edges(graph: Graph, lay, dx: float, dy: float) -> list[str]:
    """A curve per edge, an arrowhead pointing the graph's way, and the local derivative."""
    lr, back = lay.rankdir == "LR", graph.direction == "backward"
    ports, colour, out, labels = _ports(graph, lay.boxes, lr), GRAD if back else MUTED, [], []
    ux, uy = (1.0, 0.0) if lr else (0.0, 1.0)  # the forward direction
    for k, e in enumerate(graph.edges):
        a, b, ps, pd = lay.boxes[e.src], lay.boxes[e.dst], ports["src", k], ports["dst", k]
        x1, y1 = (dx + a.x + a.w, dy + a.y + a.h / 2 + ps) if lr else (dx + a.x + a.w / 2 + ps,
                                                                        dy + a.y + a.h)
        x2, y2 = (dx + b.x, dy + b.y + b.h / 2 + pd) if lr else (dx + b.x + b.w / 2 + pd, dy + b.y)
        tip, sign = ((x1, y1), -1.0) if back else ((x2, y2), 1.0)
        if back:  # leave room for the arrowhead at the end it points to
            x1, y1 = x1 + ARROW * ux, y1 + ARROW * uy
        else:
            x2, y2 = x2 - ARROW * ux, y2 - ARROW * uy
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        group = f'<g data-src="{_attr(e.src)}" data-dst="{_attr(e.dst)}">'
        out.append(group)
        c1, c2 = ((mx, y1), (mx, y2)) if lr else ((x1, my), (x2, my))
        out.append(f'<path d="M{_n(x1)} {_n(y1)} C{_n(c1[0])} {_n(c1[1])} {_n(c2[0])} '
                   f'{_n(c2[1])} {_n(x2)} {_n(y2)}" fill="none" stroke="{colour}" '
                   f'stroke-width="1.4"/>')
        bx, by = tip[0] - sign * ARROW * ux, tip[1] - sign * ARROW * uy
        out.append(f'<path d="M{_n(tip[0])} {_n(tip[1])} L{_n(bx - 3.5 * uy)} {_n(by - 3.5 * ux)} '
                   f'L{_n(bx + 3.5 * uy)} {_n(by + 3.5 * ux)} Z" fill="{colour}"/>')
        out.append("</g>")
        lines = edge_lines(e, lay.rankdir)
        if lines:  # on a card of its own, so that the curve does not cross it
            tw, th = max(text_width(t) for t in lines) + 6, len(lines) * LINE
            labels.append(group)
            labels.append(f'<rect x="{_n(mx - tw / 2)}" y="{_n(my - th / 2)}" width="{_n(tw)}" '
                          f'height="{_n(th)}" rx="3" fill="{CARD}"/>')
            labels += [_text(mx, my - th / 2 + j * LINE + (LINE + 0.7 * FONT_SIZE) / 2, t,
                             fill=LOCAL) for j, t in enumerate(lines)]
            labels.append("</g>")
    return out + labels


def _nodes(graph: Graph, lay, dx: float, dy: float) -> list[str]:
    out = []
    for n in graph.nodes:
        b = lay.boxes[n.id]
        fill, stroke = FILL[n.kind]
        out.append(f'<g data-node="{_attr(n.id)}">')
        out.append(f'<rect x="{_n(dx + b.x)}" y="{_n(dy + b.y)}" width="{_n(b.w)}" '
                   f'height="{_n(b.h)}" rx="6" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="1.4"/>')
        for k, (kind, text) in enumerate(graph.lines(n)):
            size = LABEL_SIZE if kind == "label" else FONT_SIZE
            y = dy + b.y + PAD_Y + k * LINE + (LINE + 0.7 * size) / 2
            out.append(_text(dx + b.x + b.w / 2, y, text, size=size, bold=kind == "label",
                             fill=GRAD if kind == "grad" else INK))
        out.append("</g>")
    return out


def to_svg_stack(graphs, *, rankdir: str = "LR", headings: bool = True, first: int = 0) -> str:
    """Several graphs in one SVG with their ranks aligned: one above the other
    (``rankdir="LR"``) or side by side (``"TB"``), each under its title, each in a
    ``<g data-graph="k">``, counting from ``first``."""
    graphs = graph_list(graphs)
    headings = flag("headings", headings)
    first = whole_number("first", first, minimum=0)
    alone = [layout(g, rankdir=rankdir) for g in graphs]
    sizes = [max(lay.rank_sizes[r] for lay in alone if r < len(lay.rank_sizes))
             for r in range(max(len(lay.rank_sizes) for lay in alone))]
    gaps = [max(lay.gaps[r] for lay in alone if r < len(lay.gaps)) for r in range(len(sizes) - 1)]
    lays = [layout(g, sizes, gaps, rankdir=rankdir) for g in graphs]
    # titles and notes wrap at the graphs' width, so that text never widens a figure
    titles = [_wrap(g.title, lay.width - 2 * MARGIN, HEAD_SIZE, True) if headings else []
              for g, lay in zip(graphs, lays)]
    head = max(len(t) for t in titles) * (HEAD_SIZE + 4.0) + 4.0 if headings else 0.0
    body, x, y, width, height = [], 0.0, 0.0, 0.0, 0.0
    for k, (g, lay, title) in enumerate(zip(graphs, lays, titles)):
        body.append(f'<g data-graph="{first + k}">')
        for i, line in enumerate(title):
            body.append(_text(x + MARGIN, y + MARGIN + HEAD_SIZE + i * (HEAD_SIZE + 4.0), line,
                              size=HEAD_SIZE, anchor="start", bold=True))
        body += _edges(g, lay, x, y + head) + _nodes(g, lay, x, y + head) + ["</g>"]
        width, height = max(width, x + lay.width), max(height, y + head + lay.height)
        x, y = (0.0, height) if rankdir == "LR" else (width, 0.0)
    notes = list(dict.fromkeys(note for g in graphs for note in g.notes))
    for line in (line for note in notes for line in _wrap(note, width - 2 * MARGIN, NOTE_SIZE)):
        body.append(_text(MARGIN, height + NOTE_SIZE, line, size=NOTE_SIZE, fill=MUTED,
                          anchor="start"))
        height += NOTE_SIZE + 5.0
        width = max(width, text_width(line, NOTE_SIZE) + 2 * MARGIN)
    height += MARGIN if notes else 0.0
    title = " / ".join(g.title for g in graphs)
    w, h = _n(width), _n(height)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-label="{_attr(title)}" '
        f'font-family="{escape(FONT)}" style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(' '.join(g.describe() for g in graphs))}</desc>",
        f'<rect x="0.5" y="0.5" width="{_n(width - 1)}" height="{_n(height - 1)}" rx="8" '
        f'fill="{CARD}" stroke="{BORDER}"/>',
        *body, "</svg>"])


def to_svg(graph: Graph, *, rankdir: str = "LR") -> str:
    """One graph as an SVG document (a string), ready to inline in HTML or save."""
    instance("graph", graph, Graph, "a lab3.graph.Graph")
    return to_svg_stack([graph], rankdir=rankdir, headings=False)
