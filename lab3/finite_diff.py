r"""Central finite differences: a third, independent way to get a gradient.

.. math::  \frac{\partial f}{\partial v_i} \approx \frac{f(\mathbf{v} + h\mathbf{e}_i) - f(\mathbf{v} - h\mathbf{e}_i)}{2h}

The error is of order :math:`h^2` (truncation) plus :math:`\varepsilon/h`
(rounding), smallest near :math:`h \approx \varepsilon^{1/3} \approx 6\cdot10^{-6}`
in float64.
"""

from __future__ import annotations

import numpy as np

from . import unit
from ._validate import as_scalar, as_vector, finite_result, function, step_size

DEFAULT_STEP = 1e-6
#: Why a difference quotient is not finite.
TOO_LARGE = "h is too large, or f overflows near the point"


def _value(f, at) -> float:
    """``f(at)``, which must be one real number."""
    return as_scalar("the value of f", f(at))


@finite_result("the gradient", TOO_LARGE)
def gradient(f, v, h=DEFAULT_STEP) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at the vector ``v``.

    Parameters
    ----------
    f : callable taking an array of shape (n,) and returning a float
    v : array of shape (n,)
    h : float, the step, > 0 and large enough to move ``v`` in float64

    Returns
    -------
    grad : array of shape (n,)
    """
    f, v = function("f", f), as_vector("v", v)
    h = step_size("h", h, v)
    grad = np.empty_like(v)
    for i in range(v.size):
        step = np.zeros_like(v)
        step[i] = h
        grad[i] = (_value(f, v + step) - _value(f, v - step)) / (2 * h)
    return grad


@finite_result("the derivative", TOO_LARGE)
def derivative(f, s, h=DEFAULT_STEP) -> float:
    """Central-difference derivative of a scalar function ``f`` at the number ``s``."""
    f, s = function("f", f), as_scalar("s", s)
    h = step_size("h", h, np.array([s]))
    return (_value(f, s + h) - _value(f, s - h)) / (2 * h)


def grad_y_w(x, w, b, h=DEFAULT_STEP) -> np.ndarray:
    r""":math:`\partial y/\partial\mathbf{w}` by central differences."""
    return gradient(lambda v: unit.forward(x, v, b), w, h)


def grad_loss_w(x, w, b, y_label, h=DEFAULT_STEP) -> np.ndarray:
    r""":math:`\partial L/\partial\mathbf{w}` by central differences."""
    return gradient(lambda v: unit.mse_loss(x, v, b, y_label), w, h)


def grad_loss_b(x, w, b, y_label, h=DEFAULT_STEP) -> float:
    r""":math:`\partial L/\partial b` by central differences."""
    return derivative(lambda s: unit.mse_loss(x, w, s, y_label), b, h)
