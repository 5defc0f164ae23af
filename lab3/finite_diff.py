r"""Central finite differences: a third, independent way to get a gradient.

.. math::  \frac{\partial f}{\partial v_i} \approx \frac{f(\mathbf{v} + h\mathbf{e}_i) - f(\mathbf{v} - h\mathbf{e}_i)}{2h}

The error is of order :math:`h^2` (truncation) plus :math:`\varepsilon/h`
(rounding), smallest near :math:`h \approx \varepsilon^{1/3} \approx 6\cdot10^{-6}`
in float64.
"""

from __future__ import annotations

import numpy as np

from . import unit
from ._validate import as_scalar, as_vector, positive

DEFAULT_STEP = 1e-6


def gradient(f, v, h=DEFAULT_STEP) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at the vector ``v``.

    Parameters
    ----------
    f : callable taking an array of shape (n,) and returning a float
    v : array of shape (n,)
    h : float, the step, > 0

    Returns
    -------
    grad : array of shape (n,)
    """
    v, h = as_vector("v", v), positive("h", h)
    grad = np.empty_like(v)
    for i in range(v.size):
        step = np.zeros_like(v)
        step[i] = h
        grad[i] = (f(v + step) - f(v - step)) / (2 * h)
    return grad


def derivative(f, s, h=DEFAULT_STEP) -> float:
    """Central-difference derivative of a scalar function ``f`` at the number ``s``."""
    s, h = as_scalar("s", s), positive("h", h)
    return (f(s + h) - f(s - h)) / (2 * h)


def grad_y_w(x, w, b, h=DEFAULT_STEP) -> np.ndarray:
    r""":math:`\partial y/\partial\mathbf{w}` by central differences."""
    return gradient(lambda v: unit.forward(x, v, b), w, h)


def grad_loss_w(x, w, b, y_label, h=DEFAULT_STEP) -> np.ndarray:
    r""":math:`\partial L/\partial\mathbf{w}` by central differences."""
    return gradient(lambda v: unit.mse_loss(unit.forward(x, v, b), y_label), w, h)


def grad_loss_b(x, w, b, y_label, h=DEFAULT_STEP) -> float:
    r""":math:`\partial L/\partial b` by central differences."""
    return derivative(lambda s: unit.mse_loss(unit.forward(x, w, s), y_label), b, h)
