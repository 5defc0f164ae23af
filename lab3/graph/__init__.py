"""Computational graphs: traced from the computation, laid out, and drawn.

- ``lab3.graph.core``: the data, :class:`Graph`, :class:`Node` and :class:`Edge`;
- ``lab3.graph.trace``: the lab's expressions run in PyTorch and recorded
  (``unit_graph``, ``sigmoid_loss_graph``);
- ``lab3.graph.scalar``: the unit one number per node, and a graph with a fork;
- ``lab3.graph.autograd``: PyTorch's own graph, read from ``grad_fn``;
- ``lab3.graph.layout``: where each node goes;
- ``lab3.graph.svg`` and ``lab3.graph.dot``: drawn as SVG, or as Graphviz DOT;
- ``lab3.graph.steps``: the forward and backward passes, one node at a time;
- ``lab3.graph.figures``: the lab's figures (Part 1's, Part 2's one point), for pages and
  notebooks.

Each name below is imported from its module on first use.
"""

from .._lazy import exports

__getattr__, __dir__, __all__ = exports(__name__, globals(), (
    "autograd", "core", "dot", "figures", "layout", "scalar", "steps", "svg", "trace",
), {
    "Edge": "core", "Graph": "core", "Node": "core", "format_value": "core",
    "plain_value": "core",
    "sigmoid_loss_graph": "trace", "unit_graph": "trace",
    "fork_graph": "scalar", "scalar_unit_graph": "scalar",
    "autograd_graph": "autograd", "backward_order": "autograd",
    "forward_order": "steps", "graph_steps": "steps",
    "to_svg": "svg", "to_svg_stack": "svg",
    "to_dot": "dot",
    "FIGURES": "figures", "SVGFigure": "figures", "figure_html": "figures",
    "lab_autograd_graph": "figures", "lab_graphs": "figures", "point_figure_html": "figures",
})
