r"""Minimising a loss to convergence, for reference answers.

The learning loop of ``lab3.training`` takes the lab's 30 plain gradient
steps. To see how far those steps got, we also need the optimum itself:
``minimize`` runs Newton's method (exact Hessian from autograd, a line
search) until the gradient vanishes, and says so loudly when it does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch

from . import likelihood
from ._backend import prepare
from ._validate import InputError, as_vector, function, positive, whole_number

#: The lab's starting weights.
W_INIT = (-2.0, 2.0)
#: The most Newton steps ``minimize`` takes.
MAX_ITER = 10_000


class ConvergenceError(InputError, RuntimeError):
    """The minimiser found no minimum: the gradient was still far from zero, or Newton's
    method would still move the weights far (the loss keeps falling, e.g. as a
    saturated sigmoid's weights grow without bound)."""


@dataclass(frozen=True)
class Minimum:
    """Where a minimiser stopped: the weights, the loss there and its gradient."""

    w: np.ndarray = field(repr=False)  #: weights at the minimum, shape (n_params,)
    loss: float  #: the loss at ``w``
    grad_norm: float  #: largest absolute component of the gradient at ``w``
    n_iter: int  #: Newton steps taken


def minimize(loss, w_init, *, tol=1e-6, max_iter=100) -> Minimum:
    r"""Minimise ``loss`` from ``w_init`` until its gradient vanishes.

    Newton's method: each step solves :math:`H\,\mathbf{p} = -\nabla L` with
    the exact Hessian :math:`H` (by autograd), after replacing each
    eigenvalue :math:`\lambda` of :math:`H` by :math:`|\lambda|` (kept away
    from zero), so that :math:`\mathbf{p}` points downhill even where the
    loss is not convex; the step is halved until the loss falls enough
    (Armijo's condition). Near the minimum the full step is taken and the
    gradient shrinks quadratically. It runs until it can no longer lower the
    loss in float64 (or for ``max_iter`` steps); the result is accepted when
    every gradient component is below ``tol * max(1, |loss|)``, a test that
    does not depend on how many samples the loss sums over, and the Newton
    step still to take is below ``√tol·(1 + max|w|)``: where a sigmoid
    saturates, the gradient is tiny but the loss keeps falling as the weights
    grow, and there is no minimum. One Hessian per step is cheap for the few
    weights of the lab's models.

    Parameters
    ----------
    loss : callable
        Maps a float64 tensor of shape (n_params,) to a 0-d tensor, built
        from twice-differentiable PyTorch operations.
    w_init : array of shape (n_params,)
    tol : float
        Relative convergence threshold on :math:`\max_j |\partial L/\partial w_j|`.
    max_iter : int
        Most Newton steps taken, at most :data:`MAX_ITER`.

    Returns
    -------
    Minimum

    Raises
    ------
    ConvergenceError
        If the gradient is still above ``tol`` after ``max_iter`` steps, or
        the loss keeps decreasing towards infinite weights.
    """
    loss = function("loss", loss)
    w = torch.tensor(as_vector("w_init", w_init), dtype=torch.float64)
    tol = positive("tol", tol)
    max_iter = whole_number("max_iter", max_iter, maximum=MAX_ITER)
    value, grad, hess = _derivatives(loss, w)
    n_iter = 0
    while n_iter < max_iter and grad.abs().max() > 0 and torch.isfinite(hess).all():
        step = _downhill(grad, hess)
        slope = float(grad @ step)  # < 0
        t = 1.0
        while t > 1e-10 and not loss(w + t * step) <= value + 1e-4 * t * slope:
            t /= 2
        if not loss(w + t * step) < value:
            break  # no step lowers the loss in float64: as far as it goes
        w = w + t * step
        value, grad, hess = _derivatives(loss, w)
        n_iter += 1
    grad_norm = grad.abs().max().item()
    threshold = tol * max(1.0, abs(value.item()))
    where = f"the minimiser stopped at w = {w.numpy()[:4].tolist()}"
    if not (np.isfinite(value.item()) and grad_norm <= threshold):
        raise ConvergenceError(
            f"{where} with gradient {grad_norm:.3g} > {threshold:.3g}; the loss may keep "
            "falling as the weights grow without bound (a saturated sigmoid), or max_iter "
            "is too small")
    left = _newton_left(grad, hess)
    if not left <= math.sqrt(tol) * (1.0 + w.abs().max().item()):
        raise ConvergenceError(
            f"{where}, where the gradient is small ({grad_norm:.3g}) but Newton's method "
            f"would still move w by {left:.3g}: the loss has no minimum there, it keeps "
            "falling as the weights grow without bound (a saturated sigmoid)")
    return Minimum(w=w.numpy().copy(), loss=value.item(), grad_norm=grad_norm, n_iter=n_iter)


def _derivatives(loss, w):
    """The loss at ``w``, its gradient and its Hessian (detached)."""
    w = w.detach().requires_grad_(True)
    value = loss(w)
    if not (isinstance(value, torch.Tensor) and value.numel() == 1 and value.requires_grad):
        raise InputError(f"loss must return one number as a tensor computed from w, got "
                         f"{type(value).__name__}")
    (grad,) = torch.autograd.grad(value.reshape(()), w, create_graph=True, allow_unused=True)
    if grad is None:
        raise InputError("loss must be computed from w: its gradient never reached w")
    rows = [torch.autograd.grad(g, w, retain_graph=True, allow_unused=True)[0]
            if g.requires_grad else None for g in grad]  # None: g does not depend on w
    hess = torch.stack([torch.zeros_like(w) if row is None else row for row in rows])
    return value.detach().reshape(()), grad.detach(), hess.detach()


def _newton_left(grad, hess) -> float:
    """How far Newton's method would still move ``w``, largest component of H⁻¹∇L;
    inf where H is not positive semi-definite (a saddle, a flat or broken loss)."""
    if not torch.isfinite(hess).all():
        return math.inf
    lam, vec = torch.linalg.eigh((hess + hess.T) / 2)
    top = lam.abs().max().item()
    if top == 0 or lam.min().item() < -1e-8 * top:
        return math.inf
    return (vec @ ((vec.T @ grad) / lam.clamp_min(1e-8 * top))).abs().max().item()


def _downhill(grad, hess):
    """Newton's step with |eigenvalues| of the Hessian, floored: always a descent direction."""
    lam, vec = torch.linalg.eigh((hess + hess.T) / 2)
    lam = lam.abs().clamp_min(1e-8 * max(1.0, lam.abs().max().item()))
    return -(vec @ ((vec.T @ grad) / lam))


@dataclass(frozen=True)
class LeastSquaresFit:
    """The least-squares optimum, with both losses evaluated there."""

    w: np.ndarray = field(repr=False)  #: optimal weights [w0, w1], shape (2,)
    sse: float  #: SSE at ``w``: the smallest sum of squared errors
    nll: float  #: NLL at ``w`` = N log√π + SSE: the largest likelihood, as −log
    grad_norm: float  #: largest gradient component left at ``w``
    n_iter: int  #: Newton steps taken


def fit_least_squares(x, y, *, w_init=W_INIT, tol=1e-6) -> LeastSquaresFit:
    r""":math:`\arg\min_{\mathbf{w}} \mathrm{SSE}(\mathbf{w})`, found to convergence.

    Because the NLL is the SSE plus a constant, this is also the
    maximum-likelihood estimate under the model's Gaussian noise.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    w_init : array of shape (2,)

    Returns
    -------
    LeastSquaresFit

    Raises
    ------
    ConvergenceError
        If the SSE has no minimum: e.g. labels the sigmoid cannot reach, such as
        ``y = [2, 2, 2]``, where the SSE keeps falling as the weights grow.
    """
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    found = minimize(lambda w: likelihood.sse(w, x_t, y_t), w_init, tol=tol)
    return LeastSquaresFit(w=found.w, sse=found.loss, nll=likelihood.nll(found.w, x, y),
                           grad_norm=found.grad_norm, n_iter=found.n_iter)
