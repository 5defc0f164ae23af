r"""The learning loop of the lab's template, completed, with its full history.

The loop minimises the least-squares loss
:math:`\mathrm{SSE}(\mathbf{w}) = \sum_i (y_i - f(x_i, \mathbf{w}))^2`, the
negative log-likelihood with its constant :math:`N\log\sqrt{\pi}` dropped:
same minimiser, same gradient, so the same steps. ``loss="nll"`` keeps the
constant (identical weights, losses shifted); ``loss="mse"`` divides by
:math:`N` (same minimiser, but every step is :math:`N` times shorter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch

from . import likelihood
from ._backend import prepare
from ._validate import positive, positive_int
from .optimize import W_INIT

#: The losses the loop can minimise, by name.
LOSSES = {"sse": likelihood.sse, "nll": likelihood.nll, "mse": likelihood.mse}
#: The template's number of iterations.
N_ITER = 30
#: The learning rate the solutions use for the SSE on the shipped data: a
#: reasonable rate (``lab3.learning_rate``) at which the loss falls at every step.
DEFAULT_LR = 2.5


class DivergenceError(ValueError):
    """Gradient descent produced a non-finite loss or non-finite weights."""


@dataclass(frozen=True)
class History:
    """Every step of one run of gradient descent, the start included."""

    weights: np.ndarray = field(repr=False)  #: shape (n_iter + 1, 2); row k is w after k steps
    losses: np.ndarray = field(repr=False)  #: shape (n_iter + 1,); loss at each row of weights
    grads: np.ndarray = field(repr=False)  #: shape (n_iter + 1, 2); gradient at each row
    lr: float  #: the learning rate α
    loss: str  #: which loss was minimised: "sse", "nll" or "mse"

    @property
    def n_iter(self) -> int:
        return len(self.losses) - 1

    @property
    def w(self) -> np.ndarray:
        """The weights after the last step, shape (2,)."""
        return self.weights[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def loss_rises(self) -> int:
        """How many steps made the loss go up: 0 for a monotone descent."""
        return int(count_rises(self.losses))


def count_rises(losses):
    """How many steps made the loss go up, along axis 0 of ``losses``."""
    return np.sum(np.diff(losses, axis=0) > 0, axis=0)


def learning_loop(x, y, lr=DEFAULT_LR, *, n_iter=N_ITER, w_init=W_INIT, loss="sse") -> History:
    r"""Gradient descent with PyTorch autograd, exactly as the template sets it up.

    Each step: (1) evaluate the loss, (2) ``loss.backward()`` fills ``w.grad``,
    (3) update in place, :math:`\mathbf{w} \leftarrow \mathbf{w} - \alpha\,\nabla L`,
    under ``torch.no_grad()``, then zero ``w.grad`` so gradients do not pile up.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    lr : float
        The learning rate :math:`\alpha > 0`.
    n_iter : int
        Number of steps, at least 1.
    w_init : array of shape (2,)
        Starting weights, the lab's :math:`[-2, 2]` by default.
    loss : {"sse", "nll", "mse"}

    Returns
    -------
    History

    Raises
    ------
    DivergenceError
        If the loss or the weights stop being finite numbers.
    """
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    lr, n_iter = positive("lr", lr), positive_int("n_iter", n_iter)
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
    loss_fn, x_t, y_t = LOSSES[loss], torch.from_numpy(x), torch.from_numpy(y)
    w = torch.tensor(w_init, requires_grad=True)
    weights, losses, grads = [], [], []
    for step in range(n_iter + 1):
        value = loss_fn(w, x_t, y_t)  # (1) the loss
        value.backward()  # (2) its gradient, into w.grad
        weights.append(w.detach().numpy().copy())
        losses.append(value.item())
        grads.append(w.grad.numpy().copy())
        if not (math.isfinite(losses[-1]) and np.isfinite(grads[-1]).all()):
            raise DivergenceError(
                f"the loss or its gradient became non-finite at step {step} with learning "
                f"rate {lr:g}" + ("; the data are too large to square in float64"
                                  if step == 0 else "; lower the learning rate"))
        if step == n_iter:
            break
        with torch.no_grad():
            w -= lr * w.grad  # (3) the update, in place
        w.grad.zero_()
        if not torch.isfinite(w).all():
            raise DivergenceError(
                f"gradient descent diverged at step {step + 1} with learning rate {lr:g}: "
                f"the weights became non-finite ({w.detach().numpy().tolist()}); "
                "lower the learning rate")
    return History(weights=np.array(weights), losses=np.array(losses), grads=np.array(grads),
                   lr=lr, loss=loss)
