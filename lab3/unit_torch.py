r"""The single unit of Part 1, differentiated by PyTorch autograd.

Each function takes the same arguments and returns the same shapes as its
hand-derived twin in ``lab3.unit``, so the two can be compared directly. The
computation runs in float64 unless ``dtype`` says otherwise: in float32,
:math:`\sin(2\pi)` comes out as about 1.7e-07 instead of about -2.4e-16.
"""

from __future__ import annotations

import numpy as np
import torch

from ._validate import (InputTypeError, as_scalar, as_vector, finite_result, flag, positive,
                        same_length)

#: Why a result overflows, by the arguments to blame.
TOO_LARGE = "x, w, b or y_label is too large for the dtype: a step of the formula overflows"


def _tensors(x, w, b, dtype):
    x, w = as_vector("x", x), as_vector("w", w)
    same_length(x, w)
    b = as_scalar("b", b)
    if dtype is not torch.float32 and dtype is not torch.float64:
        raise InputTypeError(f"dtype must be torch.float32 or torch.float64, got {dtype!r}")
    x_t = torch.tensor(x, dtype=dtype)
    w_t = torch.tensor(w, dtype=dtype, requires_grad=True)
    b_t = torch.tensor(b, dtype=dtype, requires_grad=True)
    return x_t, w_t, b_t


def _output(x_t, w_t, b_t):
    """The forward pass as a PyTorch graph: y = sin(w @ x) - b."""
    return torch.sin(w_t @ x_t) - b_t


@finite_result("y", TOO_LARGE)
def forward(x, w, b, *, dtype=torch.float64) -> float:
    r""":math:`y = \sin(\mathbf{w}^\top\mathbf{x}) - b`, computed by PyTorch."""
    with torch.no_grad():
        return _output(*_tensors(x, w, b, dtype)).item()


@finite_result("∂y/∂w", TOO_LARGE)
def grad_y_w(x, w, b, *, dtype=torch.float64) -> np.ndarray:
    r""":math:`\partial y/\partial\mathbf{w}` from ``y.backward()``.

    Returns
    -------
    dy_dw : array of shape (n_features,)
    """
    x_t, w_t, b_t = _tensors(x, w, b, dtype)
    _output(x_t, w_t, b_t).backward()
    return w_t.grad.numpy()


def _backward(x, w, b, y_label, dtype):
    """``L.backward()`` for :math:`L = (y - \tilde y)^2`: the loss, and the leaves ``w`` and
    ``b`` holding their gradients."""
    x_t, w_t, b_t = _tensors(x, w, b, dtype)
    loss = (_output(x_t, w_t, b_t) - as_scalar("y_label", y_label)) ** 2
    loss.backward()
    return loss, w_t, b_t


def _loss_grads(x, w, b, y_label, dtype):
    loss, w_t, b_t = _backward(x, w, b, y_label, dtype)
    return loss.item(), w_t.grad.numpy(), b_t.grad.item()


@finite_result("L", TOO_LARGE)
def mse_loss(x, w, b, y_label, *, dtype=torch.float64) -> float:
    r""":math:`L = (y - \tilde y)^2` with :math:`y` from the forward pass."""
    return _loss_grads(x, w, b, y_label, dtype)[0]


@finite_result("∂L/∂w", TOO_LARGE)
def grad_loss_w(x, w, b, y_label, *, dtype=torch.float64) -> np.ndarray:
    r""":math:`\partial L/\partial\mathbf{w}` from ``L.backward()``.

    Returns
    -------
    dL_dw : array of shape (n_features,)
    """
    return _loss_grads(x, w, b, y_label, dtype)[1]


@finite_result("∂L/∂b", TOO_LARGE)
def grad_loss_b(x, w, b, y_label, *, dtype=torch.float64) -> float:
    r""":math:`\partial L/\partial b` from ``L.backward()``."""
    return _loss_grads(x, w, b, y_label, dtype)[2]


@finite_result("the step", "lr is too large for these x, w, b and y_label: the step overflows")
def gradient_step(x, w, b, y_label, lr, *, update_bias=False, dtype=torch.float64):
    r"""One gradient step the PyTorch way: backward, then an in-place update
    under ``torch.no_grad()``.

    Returns
    -------
    w_new : array of shape (n_features,)
    b_new : float
    """
    lr, update_bias = positive("lr", lr), flag("update_bias", update_bias)
    _, w_t, b_t = _backward(x, w, b, y_label, dtype)
    with torch.no_grad():
        w_t -= lr * w_t.grad
        if update_bias:
            b_t -= lr * b_t.grad
    return w_t.detach().numpy(), b_t.item()
