r"""The model of Part 2: a sigmoid of a line.

.. math::  f(x, \mathbf{w}) = \sigma(w_0 x + w_1)
           = \frac{1}{1 + e^{-(w_0 x + w_1)}}

Each function takes NumPy arrays (and computes in float64) or PyTorch tensors
(and stays on the autograd graph); see ``lab3._backend``.
"""

from __future__ import annotations

import numpy as np
import torch

from ._backend import prepare


def sigmoid(z):
    r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`, elementwise.

    Written as :math:`\exp(-\log(1 + e^{-z}))` in NumPy, which never
    overflows, even for :math:`z = -1000`.

    Parameters
    ----------
    z : array of any shape, or torch.Tensor

    Returns
    -------
    s : array (or tensor) of the same shape, values in [0, 1]
    """
    if isinstance(z, torch.Tensor):
        return torch.sigmoid(z)
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def predict(x, w):
    r"""The model's output :math:`f(x_i, \mathbf{w}) = \sigma(w_0 x_i + w_1)` for each sample.

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
    return sigmoid(w[0] * x + w[1])


def jacobian(x, w) -> np.ndarray:
    r"""Derivative of each output with respect to the weights, by hand.

    Since :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))` and
    :math:`\partial z_i/\partial\mathbf{w} = [x_i, 1]`,

    .. math::  \frac{\partial f_i}{\partial \mathbf{w}} = f_i\,(1 - f_i)\,[x_i,\ 1].

    Returns
    -------
    J : array of shape (n_samples, 2)
        Row ``i`` is :math:`\partial f_i/\partial\mathbf{w}`.
    """
    w, x, _ = prepare(w, x, numpy=True)
    f = sigmoid(w[0] * x + w[1])
    return (f * (1.0 - f))[:, None] * np.stack([x, np.ones_like(x)], axis=1)
