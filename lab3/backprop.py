r"""How backpropagation works, edge by edge: upstream times local, and forks that add.

- :func:`edge_table`: for each edge of a backward graph (``lab3.graph``), the
  upstream gradient :math:`\partial L/\partial(\text{consumer})`, the local
  derivative :math:`\partial(\text{consumer})/\partial(\text{input})` and their
  product, the downstream gradient;
- :func:`fork_output` and :func:`fork_paths`: the two paths of :math:`y = \sin s + s^2`,
  :math:`s = \mathbf{w}^\top\mathbf{x}`, worked by hand, and their sum;
- :func:`accumulation`: PyTorch's ``w.grad +=`` at work, within one step and
  across two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import InputError, as_scalar, as_vector, finite_result, instance, same_length
from .graph.core import Graph, format_value

#: The pattern of each operation's local derivative, by the label its node carries.
PATTERNS = {"wᵀx": "inner product: the other input", "×": "multiply: the other input",
            "+": "add: passes it on unchanged", "− b": "subtract: ±1, passed on or negated",
            "− ỹ": "subtract: ±1, passed on or negated", "sin": "sine: times the cosine",
            "( · )²": "square: times twice the input"}


@dataclass(frozen=True)
class EdgeRow:
    """One edge of the backward pass: ``src`` feeds ``dst``; ``downstream = upstream × local``
    is what the edge brings to ``src``'s gradient; ``local_label`` is the local derivative's
    formula (``"cos s"``), empty when it is a constant. Vectors are tuples."""

    src: str
    dst: str
    pattern: str
    local_label: str
    upstream: float
    local: float | tuple
    downstream: float | tuple


def edge_table(graph: Graph) -> tuple:
    r"""The backward pass of ``graph``, from its output back: one :class:`EdgeRow` per edge
    that carries a local derivative (an input that needs no gradient gets none).

    ``graph`` is a backward graph (``backward=True``) whose nodes hold their gradients.
    """
    g = instance("graph", graph, Graph, "a lab3.graph.Graph")
    if g.direction != "backward":
        raise InputError("graph must be a backward graph (built with backward=True)")
    name = {n.id: n.name or n.label for n in g.nodes}
    rows = []
    for e in reversed(g.edges):
        dst = g.node(e.dst)
        if e.local is None or dst.grad is None:
            continue
        down = np.asarray(dst.grad, dtype=np.float64) * np.asarray(e.local, dtype=np.float64)
        label = "" if e.local_label == format_value(e.local) else e.local_label or ""
        rows.append(EdgeRow(name[e.src], name[e.dst], PATTERNS.get(dst.label, dst.label),
                            label, dst.grad, e.local,
                            float(down) if down.ndim == 0 else tuple(down.tolist())))
    return tuple(rows)


def _inputs(x, w):
    r"""``x`` and ``w`` checked, and :math:`s = \mathbf{w}^\top\mathbf{x}`."""
    x, w = as_vector("x", x), as_vector("w", w)
    same_length(x, w)
    with np.errstate(over="ignore", invalid="ignore"):  # an inf is judged by finite_result
        return x, w, w @ x


@finite_result("y", "x or w is too large")
def fork_output(x, w) -> float:
    r""":math:`y = \sin s + s^2` with :math:`s = \mathbf{w}^\top\mathbf{x}`.

    Parameters
    ----------
    x, w : array of shape (n_features,)
    """
    _, _, s = _inputs(x, w)
    return float(np.sin(s) + s * s)


@dataclass(frozen=True)
class ForkPaths:
    r""":math:`\partial y/\partial\mathbf{w}` for :math:`y = \sin s + s^2`, path by path."""

    s: float  #: s = wᵀx
    via_sin: np.ndarray  #: cos(s)·x, through u = sin s
    via_square: np.ndarray  #: 2s·x, through v = s²
    total: np.ndarray  #: their sum


@finite_result("the paths' gradients", "x or w is too large")
def fork_paths(x, w) -> ForkPaths:
    r"""The gradient of :math:`y = \sin s + s^2`, :math:`s = \mathbf{w}^\top\mathbf{x}`, by hand.

    :math:`s` feeds two nodes, so :math:`\partial y/\partial s` is the sum of the two
    paths, :math:`1\cdot\cos s + 1\cdot 2s`, and
    :math:`\partial y/\partial\mathbf{w} = \cos(s)\,\mathbf{x} + 2s\,\mathbf{x}`.

    Parameters
    ----------
    x, w : array of shape (n_features,)
    """
    x, _, s = _inputs(x, w)
    via_sin, via_square = np.cos(s) * x, 2 * s * x
    return ForkPaths(float(s), via_sin, via_square, via_sin + via_square)


@dataclass(frozen=True)
class Accumulation:
    """What ``w.grad`` holds: one backward pass of y, one per term, and two passes in a row."""

    one_pass: np.ndarray  #: y.backward() once: both paths, summed
    first_term: np.ndarray  #: sin(s).backward() alone
    both_terms: np.ndarray  #: then (s²).backward() into the same w.grad
    first_step: np.ndarray  #: y.backward(), the first of two without zero_()
    second_step: np.ndarray  #: after the second
    arrivals: int  #: how often a gradient reaches w in one y.backward(): the paths meet first


@finite_result("w.grad", "x or w is too large")
def accumulation(x, w) -> Accumulation:
    r"""``w.grad`` after the backward passes of :math:`y = \sin s + s^2`,
    :math:`s = \mathbf{w}^\top\mathbf{x}`, run by PyTorch in three ways.

    Each term's own ``backward()`` adds its path into ``w.grad``, so the two leave
    what one pass through the fork leaves; two passes of ``y`` without
    ``w.grad.zero_()`` in between leave twice the gradient.

    Parameters
    ----------
    x, w : array of shape (n_features,)
    """
    import torch

    x, w, _ = _inputs(x, w)
    x_t = torch.tensor(x, dtype=torch.float64)

    def leaf():
        return torch.tensor(w, dtype=torch.float64, requires_grad=True)

    def y(w_t):
        s = w_t @ x_t
        return torch.sin(s) + s**2

    def grad(w_t):
        return w_t.grad.detach().numpy().copy()

    one, arrived = leaf(), []
    one.register_hook(arrived.append)  # runs for each gradient that reaches w
    y(one).backward()
    terms = leaf()
    torch.sin(terms @ x_t).backward()
    first_term = grad(terms)
    ((terms @ x_t) ** 2).backward()
    steps = leaf()
    y(steps).backward()
    first_step = grad(steps)
    y(steps).backward()  # a new forward pass, no zero_() before it
    return Accumulation(grad(one), first_term, grad(terms), first_step, grad(steps),
                        len(arrived))


def second_grad_error(x, w, y_label) -> str | None:
    r"""The error ``torch.autograd.grad`` raises when it is asked for :math:`\partial L/\partial
    \mathbf{w}` through the graph it has just used for :math:`\partial y/\partial\mathbf{w}`
    (:math:`y = \sin(\mathbf{w}^\top\mathbf{x})`, :math:`L = (y - \tilde y)^2`), or None
    if it raises none: like ``backward()``, it frees the graph unless told to keep it."""
    import torch

    x, w, _ = _inputs(x, w)
    w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    y = torch.sin(w_t @ torch.tensor(x, dtype=torch.float64))
    loss = (y - as_scalar("y_label", y_label)) ** 2
    torch.autograd.grad(y, w_t)
    try:
        torch.autograd.grad(loss, w_t)
    except RuntimeError as err:
        return str(err).split("\n")[0]
    return None
