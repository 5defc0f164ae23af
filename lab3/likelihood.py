r"""The likelihood of Part 2 and the loss it simplifies to.

Each observation is modelled as

.. math::  p(y \mid x, \mathbf{w}) = K \exp\!\big(-(y - f(x, \mathbf{w}))^2\big),
           \qquad K = 1/\sqrt{\pi},

a Gaussian of mean :math:`f(x, \mathbf{w})` and variance :math:`1/2`. For a
training set of :math:`N` independent samples, the negative log-likelihood is

.. math::  \mathrm{NLL}(\mathbf{w}) = N\log\sqrt{\pi} + \mathrm{SSE}(\mathbf{w}),
           \qquad \mathrm{SSE}(\mathbf{w}) = \sum_i \big(y_i - f(x_i, \mathbf{w})\big)^2 .

The losses take NumPy arrays (and return floats) or tensors (and return
tensors on the autograd graph). The gradient and Hessian are derived by hand,
in NumPy; ``grad_sse_autograd`` is their PyTorch twin.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ._backend import is_torch, prepare, xp
from ._validate import positive_int
from .sigmoid import sigmoid

#: The normalising constant K = 1/√π: ∫ exp(−t²) dt = √π over the real line.
NORMALISER = 1.0 / math.sqrt(math.pi)


def _residuals(w, x, y):
    w, x, y = prepare(w, x, y)
    return y - sigmoid(w[0] * x + w[1])


def _scalar(value):
    return value if is_torch(value) else float(value)


def density(y, x, w):
    r""":math:`p(y_i \mid x_i, \mathbf{w}) = K \exp(-(y_i - f(x_i, \mathbf{w}))^2)` for each sample.

    Returns
    -------
    p : array of shape (n_samples,)
    """
    r = _residuals(w, x, y)
    return NORMALISER * xp(r).exp(-r**2)


def nll_constant(n_samples) -> float:
    r"""The part of the NLL that does not depend on :math:`\mathbf{w}`: :math:`N\log\sqrt{\pi}`."""
    return positive_int("n_samples", n_samples) * math.log(math.sqrt(math.pi))


def sse(w, x, y):
    r"""Sum of squared errors :math:`\sum_i (y_i - f(x_i, \mathbf{w}))^2`: the loss to minimise.

    Parameters
    ----------
    w : array of shape (2,)
    x : array of shape (n_samples,)
    y : array of shape (n_samples,)

    Returns
    -------
    sse : float, or a 0-d tensor when an argument is a tensor
    """
    return _scalar((_residuals(w, x, y) ** 2).sum())


def mse(w, x, y):
    r"""Mean squared error :math:`\mathrm{SSE}(\mathbf{w})/N`.

    Same minimiser as the SSE, but a gradient :math:`N` times smaller.
    """
    r = _residuals(w, x, y)
    return _scalar((r**2).mean())


def nll(w, x, y):
    r"""Negative log-likelihood of the data,

    .. math::  -\sum_i \log p(y_i \mid x_i, \mathbf{w})
               = N\log\sqrt{\pi} + \mathrm{SSE}(\mathbf{w}).
    """
    r = _residuals(w, x, y)
    return _scalar(len(r) * math.log(math.sqrt(math.pi)) + (r**2).sum())


def grad_sse(w, x, y) -> np.ndarray:
    r"""Hand-derived :math:`\nabla\mathrm{SSE} = -2\sum_i r_i\, f_i (1 - f_i)\,[x_i,\ 1]`,
    with residuals :math:`r_i = y_i - f_i`. The NLL has the same gradient.

    Returns
    -------
    grad : array of shape (2,)
    """
    w, x, y = prepare(w, x, y, numpy=True)
    return sse_and_grad(w, x, y)[1]


def sse_and_grad(weights, x, y):
    r"""The SSE and its hand-derived gradient at many weights at once.

    For gradient descent run with many learning rates side by side: row ``k``
    of ``weights`` is one :math:`\mathbf{w}`. ``x`` and ``y`` are taken as
    validated float64 vectors (see ``prepare``).

    Parameters
    ----------
    weights : array of shape (..., 2)
    x, y : arrays of shape (n_samples,)

    Returns
    -------
    sse : array of shape (...)
    grad : array of shape (..., 2)
    """
    f = sigmoid(weights[..., :1] * x + weights[..., 1:])
    r = y - f
    d = -2.0 * r * f * (1.0 - f)  # ∂SSE/∂z_i, the chain rule through the sigmoid
    return (r**2).sum(axis=-1), np.stack([(d * x).sum(axis=-1), d.sum(axis=-1)], axis=-1)


def grad_sse_autograd(w, x, y) -> np.ndarray:
    r""":math:`\nabla\mathrm{SSE}` from PyTorch autograd, ``loss.backward()``.

    Returns
    -------
    grad : array of shape (2,)
    """
    w, x, y = prepare(w, x, y, numpy=True)
    w_t = torch.tensor(w, requires_grad=True)
    sse(w_t, torch.from_numpy(x), torch.from_numpy(y)).backward()
    return w_t.grad.numpy()


def hessian_sse(w, x, y) -> np.ndarray:
    r"""Hand-derived Hessian of the SSE,

    .. math::  \nabla^2\mathrm{SSE} = 2\sum_i \big(f_i'^2 - r_i f_i''\big)\,[x_i, 1]^\top[x_i, 1],

    with :math:`f' = f(1-f)` and :math:`f'' = f(1-f)(1-2f)`. Its largest
    eigenvalue :math:`\lambda_{\max}` sets the learning-rate limit
    :math:`2/\lambda_{\max}` of gradient descent.

    Returns
    -------
    H : array of shape (2, 2)
    """
    w, x, y = prepare(w, x, y, numpy=True)
    f = sigmoid(w[0] * x + w[1])
    d1 = f * (1 - f)
    d2 = d1 * (1 - 2 * f)
    rows = np.stack([x, np.ones_like(x)], axis=1)
    return 2.0 * (rows.T * (d1**2 - (y - f) * d2)) @ rows


def landscape(w0, w1, x, y) -> np.ndarray:
    r""":math:`\mathrm{SSE}(\mathbf{w})` on a grid of weights, e.g. from ``np.meshgrid``.

    Parameters
    ----------
    w0, w1 : arrays of the same shape (any)
    x, y : arrays of shape (n_samples,)

    Returns
    -------
    sse : array of the shape of ``w0``
    """
    _, x, y = prepare([0.0, 0.0], x, y, numpy=True)
    w0, w1 = np.asarray(w0, dtype=np.float64), np.asarray(w1, dtype=np.float64)
    if w0.shape != w1.shape:
        raise ValueError(f"w0 and w1 must have the same shape, got {w0.shape} and {w1.shape}")
    if not (np.isfinite(w0).all() and np.isfinite(w1).all()):
        raise ValueError("w0 and w1 must hold finite numbers (NaN or inf found)")
    f = sigmoid(w0[..., None] * x + w1[..., None])
    return ((y - f) ** 2).sum(axis=-1)
