r"""Shapes along the unit's graph, and what ``backward()`` does with a vector output.

- :func:`shape_table`: the shape of each tensor of
  :math:`L = (\sin(\mathbf{w}^\top\mathbf{x}) - b - \tilde y)^2` and of ``w.grad``,
  read off a PyTorch run in ``n`` dimensions;
- :func:`vector_backward_error`: the error PyTorch raises for ``y.backward()``
  when ``y`` is a vector;
- :func:`vector_jacobian_product`: ``y.backward(gradient=v)`` for a batch
  :math:`\mathbf{y} = \sin(X\mathbf{w}) - b`, beside the Jacobian it multiplies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import (InputError, as_scalar, as_vector, finite_result, real_array,
                        same_length, whole_number)

#: Three inputs of the lab's unit, one per row: the lab's x first.
BATCH_X = ((2.0, 1.0), (0.0, 1.0), (2.0, 2.0))
#: The vector handed to ``backward(gradient=...)`` with :data:`BATCH_X`.
BATCH_V = (1.0, 2.0, 3.0)
#: The largest dimension :func:`shape_table` runs.
MAX_N = 10_000


def shape_table(n: int, seed: int = 0) -> tuple:
    r"""``(name, shape)`` for ``x``, ``w``, ``s = w @ x``, ``y``, ``L`` and ``w.grad``, after
    ``L.backward()`` on :math:`n`-dimensional inputs drawn with ``seed``.

    Returns
    -------
    table : tuple of (str, tuple of int)
    """
    import torch

    n, seed = whole_number("n", n, 1, MAX_N), whole_number("seed", seed, 0)
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.normal(size=n), dtype=torch.float64)
    w = torch.tensor(rng.normal(size=n), dtype=torch.float64, requires_grad=True)
    s = w @ x
    y = torch.sin(s) - 0.0
    L = (y - 2.0) ** 2
    L.backward()
    return tuple((name, tuple(t.shape)) for name, t in
                 (("x", x), ("w", w), ("s", s), ("y", y), ("L", L), ("w.grad", w.grad)))


def _batch(X, w, b):
    import torch

    X, w = real_array("X", X), as_vector("w", w)
    if X.ndim != 2 or X.shape[0] == 0:
        raise InputError(f"X must be a matrix with one input per row, got shape {X.shape}")
    same_length(X[0], w)
    w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    return w_t, torch.sin(torch.tensor(X, dtype=torch.float64) @ w_t) - as_scalar("b", b)


def vector_backward_error(X=BATCH_X, w=(np.pi / 2, np.pi), b=0.0) -> str:
    r"""The message of the ``RuntimeError`` that ``y.backward()`` raises for the vector
    :math:`\mathbf{y} = \sin(X\mathbf{w}) - b`, one output per row of ``X``.

    Parameters
    ----------
    X : array of shape (n_samples, n_features), n_samples >= 2
    w : array of shape (n_features,)
    b : float
    """
    _, y = _batch(X, w, b)
    if y.numel() < 2:
        raise InputError("X must have two rows or more: one output is a scalar")
    try:
        y.backward()
    except RuntimeError as err:
        return str(err)
    raise InputError("y.backward() raised no error for a vector y")  # pragma: no cover


@dataclass(frozen=True)
class VectorJacobian:
    r"""``grad``: ``w.grad`` after ``y.backward(gradient=v)``; ``jacobian``: :math:`J`,
    :math:`J_{ij} = \partial y_i/\partial w_j`, by ``torch.autograd.functional.jacobian``;
    ``product``: :math:`J^\top\mathbf{v}`."""

    y: np.ndarray  #: shape (n_samples,)
    v: np.ndarray  #: shape (n_samples,)
    grad: np.ndarray  #: shape (n_features,)
    jacobian: np.ndarray  #: shape (n_samples, n_features)
    product: np.ndarray  #: shape (n_features,)


@finite_result("the vector-Jacobian product", "X, w, b or v is too large")
def vector_jacobian_product(X=BATCH_X, w=(np.pi / 2, np.pi), b=0.0, v=BATCH_V) -> VectorJacobian:
    r"""``y.backward(gradient=v)`` for :math:`\mathbf{y} = \sin(X\mathbf{w}) - b`: it leaves
    :math:`\mathbf{v}^\top J = \sum_i v_i\,\partial y_i/\partial\mathbf{w}` in ``w.grad``.

    Parameters
    ----------
    X : array of shape (n_samples, n_features)
    w : array of shape (n_features,)
    b : float
    v : array of shape (n_samples,)
    """
    import torch

    w_t, y = _batch(X, w, b)
    v = as_vector("v", v)
    if v.shape != tuple(y.shape):
        raise InputError(f"v must have one number per output, shape {tuple(y.shape)}, "
                         f"got {v.shape}")
    y.backward(gradient=torch.tensor(v, dtype=torch.float64))
    X_t, b_t = torch.tensor(real_array("X", X), dtype=torch.float64), as_scalar("b", b)
    jac = torch.autograd.functional.jacobian(lambda w_: torch.sin(X_t @ w_) - b_t,
                                             w_t.detach()).numpy()
    return VectorJacobian(y.detach().numpy(), v, w_t.grad.numpy(), jac, jac.T @ v)
