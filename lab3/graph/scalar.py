r"""Two more graphs of Part 1, traced like the lab's own (``lab3.graph.trace``).

- :func:`scalar_unit_graph`: the unit drawn one number per node, each product
  :math:`w_i x_i` and their sum :math:`s` a node of its own, as many students
  draw it by hand;
- :func:`fork_graph`: :math:`y = \sin s + s^2` with :math:`s = \mathbf{w}^\top\mathbf{x}`,
  where :math:`s` feeds two nodes, so its gradient is the sum of two paths.
"""

from __future__ import annotations

from .._validate import as_scalar, as_vector, flag, same_length
from .core import Graph
from .trace import _notes, _Op, _trace

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i: int) -> str:
    return str(i).translate(_SUB)


def scalar_unit_graph(x, w, b, y_label=None, *, backward: bool = False) -> Graph:
    r"""The graph of :math:`y = \sin(\sum_i w_i x_i) - b` with a node per number:
    the products :math:`m_i = w_i x_i`, their sum :math:`s`, then as in ``unit_graph``
    (:math:`u = \sin s`, :math:`y = u - b`, and :math:`e = y - \tilde y`,
    :math:`L = e^2` when ``y_label`` is given).

    Parameters
    ----------
    x, w, b, y_label, backward
        As for ``lab3.graph.trace.unit_graph``.

    Returns
    -------
    graph : Graph
        Node ids ``w0, x0, m₀, …, s, u, y`` (and ``e, L``).
    """
    x, w, backward = as_vector("x", x), as_vector("w", w), flag("backward", backward)
    same_length(x, w)
    n = x.size
    leaves, ops = [], []
    for i in range(n):
        leaves += [(f"w{i}", f"w{_sub(i)}", "weight", "param", w[i]),
                   (f"x{i}", f"x{_sub(i)}", "input", "data", x[i])]
        ops.append(_Op(f"m{_sub(i)}", "×", (f"w{i}", f"x{i}"), lambda a, c: a * c,
                       (f"x{_sub(i)}", f"w{_sub(i)}")))
    leaves.append(("b", "b", "bias", "param", as_scalar("b", b)))
    ops += [_Op("s", "+", tuple(f"m{_sub(i)}" for i in range(n)), lambda *m: sum(m), ("1",) * n),
            _Op("u", "sin", ("s",), lambda s: s.sin(), ("cos s",)),
            _Op("y", "− b", ("u", "b"), lambda u, b: u - b, ("1", "−1"))]
    title = "y = sin(w₀x₀ + w₁x₁) − b" if n == 2 else "y = sin(Σ wᵢxᵢ) − b"
    if y_label is not None:
        leaves.append(("y_label", "ỹ", "label", "data", as_scalar("y_label", y_label)))
        ops += [_Op("e", "− ỹ", ("y", "y_label"), lambda y, t: y - t, ("1", "−1")),
                _Op("L", "( · )²", ("e",), lambda e: e**2, ("2e",))]
        title = f"L = (y − ỹ)², {title}"
    kind = "Backward pass" if backward else "Forward pass"
    return _trace(leaves, ops, backward=backward, title=f"{kind}, one number per node, of {title}",
                  notes=_notes(backward, ops[-1].name))


def fork_graph(x, w, *, backward: bool = False) -> Graph:
    r"""The graph of :math:`y = \sin s + s^2`, :math:`s = \mathbf{w}^\top\mathbf{x}`: the
    node :math:`s` feeds both :math:`u = \sin s` and :math:`v = s^2`, and :math:`y = u + v`.

    Parameters
    ----------
    x : array of shape (n_features,)
    w : array of shape (n_features,)
    backward : bool
        Run ``y.backward()``: :math:`s` then holds the sum of its two paths' gradients.

    Returns
    -------
    graph : Graph
        Node ids ``w, x, s, u, t, y``.
    """
    x, w, backward = as_vector("x", x), as_vector("w", w), flag("backward", backward)
    same_length(x, w)
    leaves = [("w", "w", "weights", "param", w), ("x", "x", "input", "data", x)]
    ops = [_Op("s", "wᵀx", ("w", "x"), lambda w, x: w @ x, ("x", "w")),
           _Op("u", "sin", ("s",), lambda s: s.sin(), ("cos s",)),
           _Op("v", "( · )²", ("s",), lambda s: s**2, ("2s",)),
           _Op("y", "+", ("u", "v"), lambda u, v: u + v, ("1", "1"))]
    kind = "Backward pass" if backward else "Forward pass"
    return _trace(leaves, ops, backward=backward, title=f"{kind} of y = sin s + s², s = wᵀx",
                  notes=_notes(backward, "y"))
