r"""Minimising a loss to convergence, for reference answers.

The learning loop of ``lab3.training`` takes the lab's 30 plain gradient
steps. To see how far those steps got, we also need the optimum itself:
``minimize`` runs PyTorch's L-BFGS (a quasi-Newton method with a line search)
until the gradient vanishes, and says so loudly when it does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from . import likelihood
from ._backend import prepare
from ._validate import as_vector, positive, positive_int

#: The lab's starting weights.
W_INIT = (-2.0, 2.0)


class ConvergenceError(RuntimeError):
    """The minimiser stopped while the gradient was still far from zero."""


@dataclass(frozen=True)
class Minimum:
    """Where a minimiser stopped: the weights, the loss there and its gradient."""

    w: np.ndarray = field(repr=False)  #: weights at the minimum, shape (n_params,)
    loss: float  #: the loss at ``w``
    grad_norm: float  #: largest absolute component of the gradient at ``w``
    n_iter: int  #: L-BFGS iterations taken


def minimize(loss, w_init, *, tol=1e-6, max_iter=1000) -> Minimum:
    r"""Minimise ``loss`` from ``w_init`` until its gradient vanishes.

    L-BFGS runs until it can no longer lower the loss in float64 (or for
    ``max_iter`` iterations); the result is accepted when every gradient
    component is below ``tol * max(1, |loss|)``, a test that does not
    depend on how many samples the loss sums over.

    Parameters
    ----------
    loss : callable
        Maps a float64 tensor of shape (n_params,) to a 0-d tensor, built
        from differentiable PyTorch operations.
    w_init : array of shape (n_params,)
    tol : float
        Relative convergence threshold on :math:`\max_j |\partial L/\partial w_j|`.
    max_iter : int

    Returns
    -------
    Minimum

    Raises
    ------
    ConvergenceError
        If the gradient is still above ``tol`` after ``max_iter`` iterations,
        e.g. because the loss keeps decreasing towards infinite weights.
    """
    w = torch.tensor(as_vector("w_init", w_init), requires_grad=True)
    tol, max_iter = positive("tol", tol), positive_int("max_iter", max_iter)
    opt = torch.optim.LBFGS([w], lr=1.0, max_iter=max_iter, tolerance_grad=1e-14,
                            tolerance_change=0.0, history_size=20,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        value = loss(w)
        value.backward()
        return value

    opt.step(closure)
    value = loss(w)
    (grad,) = torch.autograd.grad(value, w)
    grad_norm = grad.abs().max().item()
    threshold = tol * max(1.0, abs(value.item()))
    if not (np.isfinite(value.item()) and grad_norm <= threshold):
        raise ConvergenceError(
            f"the minimiser stopped at w = {w.detach().numpy()[:4].tolist()} with gradient "
            f"{grad_norm:.3g} > {threshold:.3g}; the loss may keep falling as the weights "
            "grow without bound (a saturated sigmoid), or max_iter is too small")
    return Minimum(w=w.detach().numpy().copy(), loss=value.item(), grad_norm=grad_norm,
                   n_iter=int(opt.state[w]["n_iter"]))


@dataclass(frozen=True)
class LeastSquaresFit:
    """The least-squares optimum, with both losses evaluated there."""

    w: np.ndarray = field(repr=False)  #: optimal weights [w0, w1], shape (2,)
    sse: float  #: SSE at ``w``: the smallest sum of squared errors
    nll: float  #: NLL at ``w`` = N log√π + SSE: the largest likelihood, as −log
    grad_norm: float  #: largest gradient component left at ``w``
    n_iter: int  #: L-BFGS iterations taken


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
    """
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    found = minimize(lambda w: likelihood.sse(w, x_t, y_t), w_init, tol=tol)
    return LeastSquaresFit(w=found.w, sse=found.loss, nll=likelihood.nll(found.w, x, y),
                           grad_norm=found.grad_norm, n_iter=found.n_iter)
