r"""The single unit of Part 1, differentiated by hand.

The unit maps an input :math:`\mathbf{x}` to

.. math::  y = \sin(\mathbf{w}^\top\mathbf{x}) - b,

and is trained with the squared error :math:`L = (y - \tilde y)^2` (the MSE of
one sample). Every function here is the formula on the theory pages, written
once in float64 NumPy; ``lab3.unit_torch`` computes the same quantities with
PyTorch autograd (same arguments, same shapes) and ``lab3.finite_diff`` with
central differences.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_scalar, as_vector, finite_result, flag, positive, same_length

#: Why a result overflows float64, by the arguments to blame.
WX_OVERFLOWS = "x and w are too large: wᵀx overflows"
LOSS_OVERFLOWS = "x, w, b or y_label is too large: y − ỹ overflows when squared or doubled"


def _inputs(x, w, b):
    x, w = as_vector("x", x), as_vector("w", w)
    same_length(x, w)
    return x, w, as_scalar("b", b)


def _error(x, w, b, y_label):
    """y − ỹ, the checked inputs' error: the first factor of every loss gradient."""
    x, w, b = _inputs(x, w, b)
    return np.sin(w @ x) - b - as_scalar("y_label", y_label)


@finite_result("y", WX_OVERFLOWS)
def forward(x, w, b) -> float:
    r"""Output of the unit, :math:`y = \sin(\mathbf{w}^\top\mathbf{x}) - b`.

    Parameters
    ----------
    x : array of shape (n_features,)
    w : array of shape (n_features,)
    b : float

    Returns
    -------
    y : float
    """
    x, w, b = _inputs(x, w, b)
    return float(np.sin(w @ x) - b)


@finite_result("∂y/∂w", WX_OVERFLOWS)
def grad_y_w(x, w, b) -> np.ndarray:
    r""":math:`\partial y/\partial\mathbf{w} = \cos(\mathbf{w}^\top\mathbf{x})\,\mathbf{x}`.

    Returns
    -------
    dy_dw : array of shape (n_features,)
    """
    x, w, _ = _inputs(x, w, b)
    return np.cos(w @ x) * x


def grad_y_b(x, w, b) -> float:
    r""":math:`\partial y/\partial b = -1`, whatever the inputs."""
    _inputs(x, w, b)
    return -1.0


@finite_result("L", LOSS_OVERFLOWS)
def mse_loss(x, w, b, y_label) -> float:
    r"""Squared error of the unit's prediction, :math:`L = (y - \tilde y)^2` with
    :math:`y = \sin(\mathbf{w}^\top\mathbf{x}) - b`."""
    return float(_error(x, w, b, y_label) ** 2)


@finite_result("∂L/∂y", "y and y_label are too large: 2(y − ỹ) overflows")
def grad_loss_y(y, y_label) -> float:
    r""":math:`\partial L/\partial y = 2\,(y - \tilde y)`."""
    return 2.0 * (as_scalar("y", y) - as_scalar("y_label", y_label))


@finite_result("∂L/∂w", LOSS_OVERFLOWS)
def grad_loss_w(x, w, b, y_label) -> np.ndarray:
    r"""Chain rule: :math:`\partial L/\partial\mathbf{w} = \partial L/\partial y \cdot \partial y/\partial\mathbf{w}
    = 2\,(y - \tilde y)\cos(\mathbf{w}^\top\mathbf{x})\,\mathbf{x}`.

    Returns
    -------
    dL_dw : array of shape (n_features,)
    """
    x, w, b = _inputs(x, w, b)
    return 2.0 * _error(x, w, b, y_label) * (np.cos(w @ x) * x)


@finite_result("∂L/∂b", LOSS_OVERFLOWS)
def grad_loss_b(x, w, b, y_label) -> float:
    r"""Chain rule: :math:`\partial L/\partial b = 2\,(y - \tilde y)\cdot(-1)`."""
    return float(2.0 * _error(x, w, b, y_label) * -1.0)


@finite_result("the step", "lr is too large for these x, w, b and y_label: w − α·∂L/∂w overflows")
def gradient_step(x, w, b, y_label, lr, *, update_bias=False):
    r"""One step of gradient descent, :math:`\mathbf{w} \leftarrow \mathbf{w} - \alpha\,\partial L/\partial\mathbf{w}`.

    The lab updates the weights only and keeps ``b`` fixed; pass
    ``update_bias=True`` to move ``b`` along :math:`-\partial L/\partial b` too.

    Returns
    -------
    w_new : array of shape (n_features,)
    b_new : float
    """
    lr, update_bias = positive("lr", lr), flag("update_bias", update_bias)
    w_new = as_vector("w", w) - lr * grad_loss_w(x, w, b, y_label)
    b_new = as_scalar("b", b)
    if update_bias:
        b_new -= lr * grad_loss_b(x, w, b, y_label)
    return w_new, b_new
