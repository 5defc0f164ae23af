r"""One step of gradient descent on the SSE, written out point by point.

Each point's term of the SSE, :math:`(y_i - f_i)^2` with
:math:`f_i = \mathrm{sigmoid}(w_0 x_i + w_1)`, has the gradient

.. math::  \frac{\partial (y_i - f_i)^2}{\partial \mathbf{w}}
           = -2\, r_i\, f_i (1 - f_i) \begin{bmatrix} x_i \\ 1 \end{bmatrix},
           \qquad r_i = y_i - f_i ,

the gradient of the SSE is their sum, and one step moves the weights by
:math:`-\alpha` times it. A student checks the first iteration of their loop
against these numbers, line by line; the tests check them against one step of
``lab3.learning_loop`` (PyTorch autograd).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._backend import prepare
from ._validate import finite_result, positive
from .likelihood import TOO_LARGE, _chain


@dataclass(frozen=True)
class Step:
    """One gradient step on the SSE, with every per-point quantity of the table."""

    x: np.ndarray = field(repr=False)  #: shape (n_samples,)
    y: np.ndarray = field(repr=False)  #: shape (n_samples,)
    f: np.ndarray = field(repr=False)  #: :math:`f(x_i, \mathbf{w})`, shape (n_samples,)
    r: np.ndarray = field(repr=False)  #: residuals :math:`y_i - f_i`, shape (n_samples,)
    dz: np.ndarray = field(repr=False)  #: :math:`-2 r_i f_i(1 - f_i)`, shape (n_samples,)
    terms: np.ndarray = field(repr=False)  #: each point's gradient, shape (n_samples, 2)
    grad: np.ndarray = field(repr=False)  #: their sum, the gradient of the SSE, shape (2,)
    w: np.ndarray = field(repr=False)  #: the weights before the step, shape (2,)
    step: np.ndarray = field(repr=False)  #: :math:`-\alpha\,\nabla\mathrm{SSE}`, shape (2,)
    w_new: np.ndarray = field(repr=False)  #: the weights after the step, shape (2,)
    lr: float  #: the learning rate :math:`\alpha`
    sse: float  #: :math:`\mathrm{SSE}(\mathbf{w})`, the loss the step starts from


@finite_result("the step", TOO_LARGE)
def _step(w, x, y, lr):
    f, r, dz = _chain(w, x, y)
    terms = dz[:, None] * np.stack([x, np.ones_like(x)], axis=1)
    grad = terms.sum(axis=0)
    step = -lr * grad
    return f, r, dz, terms, grad, step, w + step, float((r**2).sum())


def gradient_step(x, y, w, lr) -> Step:
    r"""One step :math:`\mathbf{w} \leftarrow \mathbf{w} - \alpha\sum_i
    \partial (y_i - f_i)^2/\partial\mathbf{w}`, with the terms of the sum kept apart.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    w : array of shape (2,)
        The weights :math:`[w_0, w_1]` before the step.
    lr : float
        The learning rate :math:`\alpha > 0`.

    Returns
    -------
    Step
    """
    w, x, y = prepare(w, x, y, numpy=True)
    lr = positive("lr", lr)
    f, r, dz, terms, grad, step, w_new, sse = _step(w, x, y, lr)
    return Step(x=x, y=y, f=f, r=r, dz=dz, terms=terms, grad=grad, w=w, step=step,
                w_new=w_new, lr=lr, sse=sse)
