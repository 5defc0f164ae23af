r"""The ½ convention: a squared-error loss :math:`L` or :math:`\tfrac12 L`.

Many textbooks write the squared error as :math:`\tfrac12 (y - \tilde y)^2`, so
that the 2 the square brings down cancels. A constant factor :math:`c > 0`
multiplies the gradient by :math:`c` and leaves the minimiser where it is, so
gradient descent at rate :math:`\alpha` on :math:`cL` takes the steps of rate
:math:`c\alpha` on :math:`L`. The functions below compute both losses side by
side, by autograd, for the lab's two problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import likelihood
from ._backend import prepare
from ._validate import InputError, as_vector, finite_result, function, positive
from .optimize import W_INIT, minimize
from .problem import LAB_PROBLEM, checked
from .training import DEFAULT_LR


@dataclass(frozen=True)
class Halved:
    r"""A loss :math:`L` and :math:`\tfrac12 L` compared at one point ``w``; each pair holds
    the value for :math:`L` first, then for :math:`\tfrac12 L`."""

    w: np.ndarray = field(repr=False)  #: where the gradients are taken, shape (n_params,)
    lr: float  #: the rate of the step
    grad: tuple = field(repr=False)  #: the two gradients at ``w``, each of shape (n_params,)
    w_new: tuple = field(repr=False)  #: ``w`` after one step at ``lr`` on each loss
    minimiser: tuple = field(repr=False)  #: each loss minimised from ``w`` (Newton's method)
    minimum: tuple  #: the two losses at their minimisers


@finite_result("the step or the minimiser", "lr or w is too large")
def compare(loss, w, lr) -> Halved:
    r"""Gradient, one step and minimiser of ``loss`` and of ``0.5 * loss``, from ``w``.

    Parameters
    ----------
    loss : callable
        Maps a float64 tensor of shape (n_params,) to a 0-d tensor on its graph.
    w : array of shape (n_params,)
    lr : float
        The learning rate :math:`\alpha > 0` of the step.
    """
    import torch

    loss, lr = function("loss", loss), positive("lr", lr)
    w = as_vector("w", w)
    grads, steps, found = [], [], []
    for scale in (1.0, 0.5):
        w_t = torch.tensor(w, requires_grad=True)
        value = loss(w_t)
        if not (isinstance(value, torch.Tensor) and value.numel() == 1 and value.requires_grad):
            raise InputError("loss must return one number as a tensor computed from w")
        (grad,) = torch.autograd.grad(scale * value.reshape(()), w_t, allow_unused=True)
        if grad is None:
            raise InputError("loss must be computed from w: its gradient never reached w")
        grad = grad.numpy()
        if not (np.isfinite(grad).all() and torch.isfinite(value).all()):
            raise InputError("the loss or its gradient at w is not finite: w is too large")
        grads.append(grad)
        steps.append(w - lr * grad)
        found.append(minimize(lambda v, scale=scale: scale * loss(v), w))
    return Halved(w=w, lr=lr, grad=tuple(grads), w_new=tuple(steps),
                  minimiser=tuple(m.w for m in found), minimum=tuple(m.loss for m in found))


def part1(problem=LAB_PROBLEM) -> Halved:
    r""":math:`L = (y - \tilde y)^2` against :math:`\tfrac12 L` for the unit of Part 1, as a
    function of :math:`\mathbf{w}` (``x``, ``b`` and :math:`\tilde y` fixed), at the
    problem's weights and rate."""
    import torch

    from .unit_torch import _output

    p = checked(problem)
    x, b = torch.tensor(p.x), torch.tensor(p.b, dtype=torch.float64)
    return compare(lambda w: (_output(x, w, b) - p.y_label) ** 2, p.w, p.lr)


def part2(x, y, w=W_INIT, lr=DEFAULT_LR) -> Halved:
    r""":math:`\mathrm{SSE}` against :math:`\tfrac12\mathrm{SSE}` for the model of Part 2, from
    ``w`` (the lab's start) with rate ``lr`` (the solutions' rate).

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    w : array of shape (2,)
    lr : float
    """
    import torch

    w, x, y = prepare(w, x, y, numpy=True)
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    return compare(lambda v: likelihood.sse(v, x_t, y_t), w, lr)
