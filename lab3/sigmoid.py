r"""The model of Part 2: a sigmoid of a line.

.. math::  f(x, \mathbf{w}) = \mathrm{sigmoid}(w_0 x + w_1)
           = \frac{1}{1 + e^{-(w_0 x + w_1)}}

The formula is written here once, in ``_line`` and ``_model``; every loss,
data generator, graph and self-check of Part 2 calls them, the public
functions once their inputs are checked. Each function
takes NumPy arrays (and computes in float64) or PyTorch tensors (and stays on
the autograd graph); see ``lab3._backend``.
"""

from __future__ import annotations

import numpy as np

from ._backend import checked, is_torch, prepare, together
from ._validate import InputError, finite_result

#: Why the line overflows.
TOO_LARGE = "x and w are too large: w₀x + w₁ overflows"


def sigmoid(z):
    r"""The logistic function :math:`\mathrm{sigmoid}(z) = 1/(1 + e^{-z})`, elementwise.

    Written as :math:`\exp(-\log(1 + e^{-z}))` in NumPy, which never
    overflows, even for :math:`z = -1000`; ``torch.sigmoid`` for a tensor.

    Parameters
    ----------
    z : array of any shape, or torch.Tensor

    Returns
    -------
    s : array (or tensor) of the same shape, values in [0, 1]
    """
    return _sigmoid(checked("z", z))


def _sigmoid(z):
    if is_torch(z):
        return z.sigmoid()
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def _bulk(x, w):
    """``x`` of any shape and ``w`` holding [w0, w1] along its first axis, checked."""
    x, w = checked("x", x), checked("w", w)
    if w.ndim == 0 or w.shape[0] != 2:
        raise InputError(f"w must hold [w0, w1] along its first axis, got shape {tuple(w.shape)}")
    try:
        np.broadcast_shapes(tuple(w.shape[1:]), tuple(x.shape))
    except ValueError:
        raise InputError(f"w[0] of shape {tuple(w.shape[1:])} and x of shape "
                         f"{tuple(x.shape)} do not broadcast") from None
    return together(x, w)


@finite_result("z = w₀x + w₁", TOO_LARGE)
def line(x, w):
    r"""The input of the sigmoid, :math:`z = w_0 x + w_1`.

    ``w[0]`` and ``w[1]`` broadcast against ``x``: ``w`` of shape (2,) gives
    ``z`` of the shape of ``x``; ``w`` of shape (2, k, 1) gives ``z`` of shape
    (k, n_samples) for k weight vectors at once.
    """
    return _line(*_bulk(x, w))


def _line(x, w):
    return w[0] * x + w[1]


@finite_result("f(x, w)", TOO_LARGE)
def model(x, w):
    r""":math:`f(x, \mathbf{w}) = \mathrm{sigmoid}(w_0 x + w_1)`, for weights one at a
    time or in bulk (see :func:`line`); :func:`predict` for one vector of samples."""
    return _model(*_bulk(x, w))


def _model(x, w):
    """The model on inputs already checked: every Part 2 formula calls this one."""
    return _sigmoid(_line(x, w))


@finite_result("f(x, w)", TOO_LARGE)
def predict(x, w):
    r"""The model's output for each sample, checked:
    :math:`f(x_i, \mathbf{w}) = \mathrm{sigmoid}(w_0 x_i + w_1)`.

    Parameters
    ----------
    x : array of shape (n_samples,)
    w : array of shape (2,)
        The slope :math:`w_0` and the offset :math:`w_1`.

    Returns
    -------
    f : array of shape (n_samples,)
        A tensor when ``x`` or ``w`` is a tensor.
    """
    w, x, _ = prepare(w, x)
    return _model(x, w)


@finite_result("the Jacobian", TOO_LARGE)
def jacobian(x, w) -> np.ndarray:
    r"""Derivative of each output with respect to the weights, by hand.

    Since :math:`\mathrm{sigmoid}'(z) = \mathrm{sigmoid}(z)\,(1 - \mathrm{sigmoid}(z))` and
    :math:`\partial z_i/\partial\mathbf{w} = [x_i, 1]`,

    .. math::  \frac{\partial f_i}{\partial \mathbf{w}} = f_i\,(1 - f_i)\,[x_i,\ 1].

    Returns
    -------
    J : array of shape (n_samples, 2)
        Row ``i`` is :math:`\partial f_i/\partial\mathbf{w}`.
    """
    w, x, _ = prepare(w, x, numpy=True)
    f = _model(x, w)
    return (f * (1.0 - f))[:, None] * np.stack([x, np.ones_like(x)], axis=1)
