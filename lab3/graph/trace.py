r"""The lab's expressions traced into computational graphs.

Each builder runs its expression in PyTorch, float64, and reads every number
on the graph off that computation: the forward value of each node, the
gradient of the output with respect to it (``backward=True``), and the local
derivative of each edge, each operation differentiated with its other inputs
held fixed, and the order in which ``backward()`` ran the nodes. Nothing on a
figure is typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .._validate import InputError, as_scalar, as_vector, flag, same_length
from ..sigmoid import line, sigmoid
from .autograd import backward_order
from .core import Edge, Graph, Node, plain_value


@dataclass(frozen=True)
class _Op:
    """One operation: the name of its result, its label, its inputs, the
    function (scalar output) and the formula of ∂op/∂input for each input."""

    name: str
    label: str
    inputs: tuple[str, ...]
    fn: Callable
    local: tuple[str, ...]


def _trace(leaves, ops, *, backward: bool, title: str, notes=()) -> Graph:
    """Run ``ops`` in PyTorch on ``leaves`` = (id, name, role, kind, value) and record the graph."""
    import torch

    t = {id: torch.tensor(v, dtype=torch.float64, requires_grad=(kind == "param"))
         for id, _, _, kind, v in leaves}
    for op in ops:
        t[op.name] = op.fn(*(t[i] for i in op.inputs))
        t[op.name].retain_grad()
        if not torch.isfinite(t[op.name]).all():
            raise InputError(f"{op.name} is not a finite number in float64: the inputs are "
                             "too large")
    order = backward_order(t[ops[-1].name], t) if backward else ()

    def grad(id):
        return plain_value(t[id].grad) if backward and t[id].requires_grad else None

    def local(op, k):  # ∂op/∂(input k), the other inputs held fixed
        args = [t[i].detach().requires_grad_(j == k) for j, i in enumerate(op.inputs)]
        return plain_value(torch.autograd.grad(op.fn(*args), args[k])[0])

    nodes = [Node(id, role, name, kind, plain_value(t[id]), grad(id))
             for id, name, role, kind, _ in leaves]
    nodes += [Node(op.name, op.label, op.name, "output" if op is ops[-1] else "op",
                   plain_value(t[op.name]), grad(op.name)) for op in ops]
    edges = [Edge(i, op.name, *((local(op, k), op.local[k])
                                if backward and t[i].requires_grad else (None, None)))
             for op in ops for k, i in enumerate(op.inputs)]
    out = ops[-1].name
    return Graph(tuple(nodes), tuple(edges), title, "backward" if backward else "forward",
                 f"∂{out}/∂{{}}", tuple(notes), order)


def _notes(backward: bool, out: str) -> tuple[str, ...]:
    if not backward:
        return ("The forward pass: each node shows the value it computes.",)
    return (f"The backward pass: each node shows ∂{out}/∂(its value), the gradient of the node",
            "it feeds times the local derivative on the edge between them.")


def unit_graph(x, w, b, y_label=None, *, backward: bool = False) -> Graph:
    r"""The graph of :math:`y = \sin(\mathbf{w}^\top\mathbf{x}) - b`, and of the loss
    :math:`L = (y - \tilde y)^2` when ``y_label`` is given.

    Nodes carry the theory pages' names: :math:`s = \mathbf{w}^\top\mathbf{x}`,
    :math:`u = \sin s`, :math:`y = u - b`, :math:`e = y - \tilde y`, :math:`L = e^2`.

    Parameters
    ----------
    x : array of shape (n_features,)
    w : array of shape (n_features,)
    b : float
    y_label : float or None
    backward : bool
        Run the backward pass from the last node (``L``, or ``y`` without a
        label): nodes then carry their gradient and edges their local derivative.

    Returns
    -------
    graph : Graph
    """
    x, w, backward = as_vector("x", x), as_vector("w", w), flag("backward", backward)
    same_length(x, w)
    leaves = [("w", "w", "weights", "param", w), ("x", "x", "input", "data", x),
              ("b", "b", "bias", "param", as_scalar("b", b))]
    ops = [_Op("s", "wᵀx", ("w", "x"), lambda w, x: w @ x, ("x", "w")),
           _Op("u", "sin", ("s",), lambda s: s.sin(), ("cos s",)),
           _Op("y", "− b", ("u", "b"), lambda u, b: u - b, ("1", "−1"))]
    title = "y = sin(wᵀx) − b"
    if y_label is not None:
        leaves.append(("y_label", "ỹ", "label", "data", as_scalar("y_label", y_label)))
        ops += [_Op("e", "− ỹ", ("y", "y_label"), lambda y, t: y - t, ("1", "−1")),
                _Op("L", "( · )²", ("e",), lambda e: e**2, ("2e",))]
        title = "L = (y − ỹ)², y = sin(wᵀx) − b"
    kind = "Backward pass" if backward else "Forward pass"
    return _trace(leaves, ops, backward=backward, title=f"{kind} of {title}",
                  notes=_notes(backward, ops[-1].name))


def sigmoid_loss_graph(x, y, w, *, backward: bool = False) -> Graph:
    r"""The graph of one data point's loss :math:`L = (y - \mathrm{sigmoid}(w_0 x + w_1))^2`.

    Nodes are named as on the Part 2 pages: :math:`z = w_0 x + w_1`, :math:`f = \mathrm{sigmoid}(z)`
    (``lab3.sigmoid.line`` and ``lab3.sigmoid.sigmoid``, the model's own formula), the
    residual :math:`r = y - f`, and :math:`L = r^2`.

    Parameters
    ----------
    x, y : float
        The data point.
    w : array of shape (2,)
        The weights :math:`[w_0, w_1]`.
    backward : bool
        Run ``L.backward()``: nodes then carry :math:`\partial L/\partial` (node).

    Returns
    -------
    graph : Graph
    """
    w, backward = as_vector("w", w), flag("backward", backward)
    if w.shape != (2,):
        raise InputError(f"w must hold the two weights [w₀, w₁], got shape {w.shape}")
    leaves = [("w", "w", "weights", "param", w), ("x", "x", "input", "data", as_scalar("x", x)),
              ("y", "y", "label", "data", as_scalar("y", y))]
    ops = [_Op("z", "w₀x + w₁", ("w", "x"), lambda w, x: line(x, w), ("[x, 1]", "w₀")),
           _Op("f", "sigmoid", ("z",), sigmoid, ("f(1 − f)",)),
           _Op("r", "y − ·", ("f", "y"), lambda f, y: y - f, ("−1", "1")),
           _Op("L", "( · )²", ("r",), lambda r: r**2, ("2r",))]
    kind = "Backward pass" if backward else "Forward pass"
    return _trace(leaves, ops, backward=backward,
                  title=f"{kind} of L = (y − sigmoid(w₀x + w₁))²", notes=_notes(backward, "L"))
