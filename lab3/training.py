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
from types import MappingProxyType

import numpy as np
import torch

from . import likelihood
from ._backend import prepare
from ._validate import InputError, flag, function, one_of, positive, real_array, whole_number
from .optimize import W_INIT

#: The losses the loop can minimise, by name.
LOSSES = MappingProxyType({"sse": likelihood.sse, "nll": likelihood.nll, "mse": likelihood.mse})
#: The template's number of iterations.
N_ITER = 30
#: The most steps a run may take.
MAX_ITER = 10_000
#: The learning rate the solutions use for the SSE on the shipped data: a
#: reasonable rate (``lab3.learning_rate``) at which the loss falls at every step.
DEFAULT_LR = 2.5


class DivergenceError(InputError):
    """Gradient descent produced a non-finite loss or non-finite weights: the learning
    rate is too large for the data (or the data too large to square)."""


@dataclass(frozen=True)
class History:
    """Every step of one run of gradient descent, the start included."""

    weights: np.ndarray = field(repr=False)  #: shape (n_iter + 1, 2); row k is w after k steps
    losses: np.ndarray = field(repr=False)  #: shape (n_iter + 1,); loss at each row of weights
    grads: np.ndarray = field(repr=False)  #: shape (n_iter + 1, 2); gradient at each row
    lr: float  #: the learning rate α
    loss: str  #: which loss was minimised: "sse", "nll", "mse", or a callable's name

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
        return int(_count_rises(self.losses))


def count_rises(losses):
    """How many steps made the loss go up, along axis 0 of ``losses``."""
    losses = real_array("losses", losses)
    if losses.ndim == 0:
        raise InputError("losses must hold the steps along axis 0, got one number")
    return _count_rises(losses)


def _count_rises(losses, rtol=0.0):
    """Steps at which the loss went up by more than ``rtol`` times the loss before."""
    return np.sum(_rose(losses[:-1], losses[1:], rtol), axis=0)


def _rose(before, after, rtol=0.0):
    """The loss went up from ``before`` to ``after``, by more than ``rtol`` times ``before``
    (elementwise)."""
    with np.errstate(invalid="ignore"):  # inf − inf in a run that diverged: not a rise
        return after - before > rtol * np.abs(before)


def learning_loop(x, y, lr=DEFAULT_LR, *, n_iter=N_ITER, w_init=W_INIT, loss="sse",
                  ascend=False, zero_grad=True) -> History:
    r"""Gradient descent with PyTorch autograd, exactly as the template sets it up.

    Each step: (1) evaluate the loss, (2) ``loss.backward()`` fills ``w.grad``,
    (3) update in place, :math:`\mathbf{w} \leftarrow \mathbf{w} - \alpha\,\nabla L`,
    under ``torch.no_grad()``, then zero ``w.grad`` so gradients do not pile up.
    ``ascend`` and ``zero_grad=False`` run the loop with a student's slip
    (``w += ...``; no ``w.grad.zero_()``), for the self-check to replay.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    lr : float
        The learning rate :math:`\alpha > 0`.
    n_iter : int
        Number of steps, from 1 to :data:`MAX_ITER`.
    w_init : array of shape (2,)
        Starting weights, the lab's :math:`[-2, 2]` by default.
    loss : {"sse", "nll", "mse"} or callable
        A callable maps the tensors ``(w, x, y)`` to a 0-d tensor computed from ``w``.
    ascend : bool
        Step uphill, :math:`\mathbf{w} \leftarrow \mathbf{w} + \alpha\,\nabla L`.
    zero_grad : bool
        Clear ``w.grad`` after each update; without it the gradients pile up.

    Returns
    -------
    History

    Raises
    ------
    DivergenceError
        If the loss or the weights stop being finite numbers.
    """
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    lr, n_iter = positive("lr", lr), whole_number("n_iter", n_iter, maximum=MAX_ITER)
    ascend, zero_grad = flag("ascend", ascend), flag("zero_grad", zero_grad)
    loss_fn = function("loss", loss) if callable(loss) else LOSSES[one_of("loss", loss, LOSSES)]
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    w = torch.tensor(w_init, requires_grad=True)
    weights, losses, grads = [], [], []
    for step in range(n_iter + 1):
        value = _loss(loss_fn, w, x_t, y_t, step, lr)  # (1) the loss
        value.backward()  # (2) its gradient, into w.grad
        if w.grad is None:
            raise InputError("loss must be computed from w: its gradient never reached w")
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
            if ascend:
                w += lr * w.grad
            else:
                w -= lr * w.grad  # (3) the update, in place
        if zero_grad:
            w.grad.zero_()
        if not torch.isfinite(w).all():
            raise DivergenceError(
                f"gradient descent diverged at step {step + 1} with learning rate {lr:g}: "
                f"the weights became non-finite ({w.detach().numpy().tolist()}); "
                "lower the learning rate")
    return History(weights=np.array(weights), losses=np.array(losses), grads=np.array(grads),
                   lr=lr, loss=loss if isinstance(loss, str) else getattr(loss, "__name__", "loss"))


def _loss(loss_fn, w, x, y, step, lr):
    """The loss at step ``step``: a 0-d tensor on ``w``'s graph, or a ``DivergenceError``."""
    try:
        value = loss_fn(w, x, y)
    except InputError as err:  # the loss overflowed
        raise DivergenceError(f"the loss or its gradient became non-finite at step {step} with "
                              f"learning rate {lr:g}: {err}") from None
    if not (isinstance(value, torch.Tensor) and value.numel() == 1 and value.requires_grad):
        raise InputError(f"loss must return one number as a tensor computed from w, got "
                         f"{type(value).__name__}")
    return value.reshape(())
