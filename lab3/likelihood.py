r"""The likelihood of Part 2 and the loss it simplifies to.

Each observation is modelled as

.. math::  p(y \mid x, \mathbf{w}) = K \exp\!\big(-(y - f(x, \mathbf{w}))^2\big),
           \qquad K = 1/\sqrt{\pi},

a Gaussian of mean :math:`f(x, \mathbf{w})` and variance :math:`1/2`. For a
training set of :math:`N` independent samples, the negative log-likelihood is

.. math::  \mathrm{NLL}(\mathbf{w}) = N\log\sqrt{\pi} + \mathrm{SSE}(\mathbf{w}),
           \qquad \mathrm{SSE}(\mathbf{w}) = \sum_i \big(y_i - f(x_i, \mathbf{w})\big)^2 .

``nll`` is the one Gaussian NLL of the package: given other noise levels
``sigma`` it is the NLL that ``lab3.noise_models`` fits. The losses take NumPy
arrays (and return floats) or tensors (and return tensors on the autograd
graph). The gradient and Hessian are derived by hand, in NumPy;
``grad_sse_autograd`` is their PyTorch twin.
"""

from __future__ import annotations

import math

import numpy as np

from ._backend import checked, is_torch, like, prepare, together, xp
from ._validate import (PER_SAMPLE, InputError, finite_result, real_array, same_length,
                        whole_number)
from .datasets import MAX_SAMPLES
from .sigmoid import _model

#: The normalising constant K = 1/√π: ∫ exp(−t²) dt = √π over the real line.
NORMALISER = 1.0 / math.sqrt(math.pi)
#: The variance of the noise the model assumes: K exp(−(y − f)²) is a Gaussian of variance 1/2.
VARIANCE = 0.5
#: Why a loss or its derivatives overflow float64.
TOO_LARGE = "x, y or w is too large: the squared residuals overflow"


def _residuals(w, x, y):
    w, x, y = prepare(w, x, y)
    return y - _model(x, w)


def _scalar(value):
    return value if is_torch(value) else float(value)


@finite_result("the log-density", "value, mean or var is too large, or var too small")
def log_normal(value, mean, var):
    r"""The Gaussian log-density :math:`\log\mathcal{N}(v; \mu, \sigma^2)
    = -\frac{(v - \mu)^2}{2\sigma^2} - \log\sqrt{2\pi\sigma^2}`, elementwise.

    The one Gaussian of the package, in two parts that ``nll`` sums apart: the
    density, every NLL and the errors-in-x likelihood of ``lab3.noise_models``
    are built on it. ``value`` and ``mean`` may be tensors; ``var`` is a
    number or a NumPy array, positive.
    """
    value, mean = together(checked("value", value), checked("mean", mean))
    var = real_array("var", var)
    if (var <= 0).any():
        raise InputError(f"var must be positive, got {var.tolist()}")
    try:
        np.broadcast_shapes(tuple(value.shape), tuple(mean.shape), var.shape)
    except ValueError:
        raise InputError(f"value, mean and var must broadcast, got shapes {tuple(value.shape)}, "
                         f"{tuple(mean.shape)} and {var.shape}") from None
    return _log_normal(value, mean, var)


def _log_normal(value, mean, var):
    return -_scaled_square(value - mean, var) - like(value, _log_scale(var))


def _scaled_square(r, var):
    r""":math:`r^2/(2\sigma^2)`: the part of the Gaussian's −log that depends on the residual."""
    return r**2 / like(r, 2 * np.asarray(var, dtype=np.float64))


def _log_scale(var):
    r""":math:`\log\sqrt{2\pi\sigma^2}`: the part of the Gaussian's −log that does not."""
    return 0.5 * np.log(2 * math.pi * np.asarray(var, dtype=np.float64))


@finite_result("the density", TOO_LARGE)
def density(y, x, w):
    r""":math:`p(y_i \mid x_i, \mathbf{w}) = K \exp(-(y_i - f(x_i, \mathbf{w}))^2)` for each
    sample: the Gaussian of variance 1/2 around the model.

    Returns
    -------
    p : array of shape (n_samples,)
    """
    r = _residuals(w, x, y)
    return xp(r).exp(_log_normal(r, 0.0, VARIANCE))


def variances(sigma, n_samples: int) -> np.ndarray:
    r"""The noise variance :math:`\sigma_i^2` of each of ``n_samples`` samples (at most
    ``lab3.datasets.MAX_SAMPLES``), checked.

    ``sigma`` is a standard deviation, one number or one per sample; ``None``
    is the model's own noise, :data:`VARIANCE` exactly.
    """
    return _variances(sigma, whole_number("n_samples", n_samples, maximum=MAX_SAMPLES))


def _variances(sigma, n_samples: int) -> np.ndarray:
    if sigma is None:
        return np.full(n_samples, VARIANCE)
    sigma = real_array("sigma", sigma).ravel()
    if sigma.size == 0 or (sigma <= 0).any():
        raise InputError(f"sigma must be positive, got {sigma.tolist()}")
    if sigma.size != 1:
        same_length(np.empty(n_samples), sigma, ("x", "sigma"), PER_SAMPLE)
    with np.errstate(over="ignore", under="ignore"):  # checked below
        var = np.broadcast_to(sigma**2, (n_samples,)).copy()
    if not (np.isfinite(var).all() and (var > 0).all()):
        raise InputError("sigma is too large or too small: σ² overflows or underflows float64")
    return var


@finite_result("the NLL's constant", "sigma is too large")
def nll_constant(n_samples, sigma=None) -> float:
    r"""The part of the NLL that does not depend on :math:`\mathbf{w}`,
    :math:`\sum_i \log\big(\sigma_i\sqrt{2\pi}\big)`: :math:`N\log\sqrt{\pi}` for the
    model's :math:`\sigma^2 = 1/2`."""
    return float(_log_scale(variances(sigma, n_samples)).sum())


@finite_result("the SSE", TOO_LARGE)
def sse(w, x, y):
    r"""Sum of squared errors :math:`\sum_i (y_i - f(x_i, \mathbf{w}))^2`: the loss to minimise.

    Parameters
    ----------
    w : array of shape (2,)
    x : array of shape (n_samples,)
    y : array of shape (n_samples,)

    Returns
    -------
    sse : float, or a 0-d tensor when an argument is a tensor
    """
    return _scalar((_residuals(w, x, y) ** 2).sum())


@finite_result("the MSE", TOO_LARGE)
def mse(w, x, y):
    r"""Mean squared error :math:`\mathrm{SSE}(\mathbf{w})/N`.

    Same minimiser as the SSE, but a gradient :math:`N` times smaller.
    """
    r = _residuals(w, x, y)
    return _scalar((r**2).mean())


@finite_result("the NLL", TOO_LARGE)
def nll(w, x, y, sigma=None):
    r"""Negative log-likelihood of the data, for Gaussian noise of standard deviation
    :math:`\sigma_i`,

    .. math::  -\sum_i \log p(y_i \mid x_i, \mathbf{w})
               = \sum_i \Big[\log\big(\sigma_i\sqrt{2\pi}\big)
               + \frac{(y_i - f(x_i, \mathbf{w}))^2}{2\sigma_i^2}\Big].

    With the model's own noise (``sigma=None``, :math:`\sigma^2 = 1/2`) this is
    :math:`N\log\sqrt{\pi} + \mathrm{SSE}(\mathbf{w})`. ``sigma`` may also be one
    number, or an array of shape (n_samples,): with :math:`\sigma_i` that
    differ the NLL is a *weighted* least squares.
    """
    r = _residuals(w, x, y)
    var = _variances(sigma, len(r))
    return _scalar(float(_log_scale(var).sum()) + _scaled_square(r, var).sum())


@finite_result("the gradient", TOO_LARGE)
def grad_sse(w, x, y) -> np.ndarray:
    r"""Hand-derived :math:`\nabla\mathrm{SSE} = -2\sum_i r_i\, f_i (1 - f_i)\,[x_i,\ 1]`,
    with residuals :math:`r_i = y_i - f_i`. The NLL has the same gradient.

    Returns
    -------
    grad : array of shape (2,)
    """
    w, x, y = prepare(w, x, y, numpy=True)
    return _sse_and_grad(w, x, y)[1]


@finite_result("the SSE or its gradient", TOO_LARGE)
def sse_and_grad(weights, x, y):
    r"""The SSE and its hand-derived gradient at many weights at once.

    For gradient descent run with many learning rates side by side: row ``k``
    of ``weights`` is one :math:`\mathbf{w}`.

    Parameters
    ----------
    weights : array of shape (..., 2)
    x, y : arrays of shape (n_samples,)

    Returns
    -------
    sse : array of shape (...)
    grad : array of shape (..., 2)
    """
    weights = real_array("weights", weights)
    if weights.ndim == 0 or weights.shape[-1] != 2:
        raise InputError(f"weights must hold [w0, w1] along its last axis, got shape "
                         f"{weights.shape}")
    _, x, y = prepare([0.0, 0.0], x, y, numpy=True)
    return _sse_and_grad(weights, x, y)


def _chain(weights, x, y):
    r"""Per sample, at weights of shape (..., 2): :math:`f_i`, :math:`r_i = y_i - f_i` and
    :math:`\partial\mathrm{SSE}/\partial z_i = -2 r_i f_i (1 - f_i)`, each of shape
    (..., n_samples)."""
    f = _model(x, np.moveaxis(weights, -1, 0)[..., None])
    r = y - f
    return f, r, -2.0 * r * f * (1.0 - f)  # the chain rule through the square and the sigmoid


def _sse_and_grad(weights, x, y):
    """``sse_and_grad`` on inputs already checked, NaN and inf passed through: gradient
    descent with many rates (``lab3.learning_rate``) judges a diverging run itself."""
    _, r, d = _chain(weights, x, y)
    return (r**2).sum(axis=-1), np.stack([(d * x).sum(axis=-1), d.sum(axis=-1)], axis=-1)


@finite_result("the gradient", TOO_LARGE)
def grad_sse_autograd(w, x, y) -> np.ndarray:
    r""":math:`\nabla\mathrm{SSE}` from PyTorch autograd, ``loss.backward()``.

    Returns
    -------
    grad : array of shape (2,)
    """
    import torch

    w, x, y = prepare(w, x, y, numpy=True)
    w_t = torch.tensor(w, requires_grad=True)
    sse(w_t, torch.from_numpy(x), torch.from_numpy(y)).backward()
    return w_t.grad.numpy()


@finite_result("the Hessian", TOO_LARGE)
def hessian_sse(w, x, y) -> np.ndarray:
    r"""Hand-derived Hessian of the SSE,

    .. math::  \nabla^2\mathrm{SSE} = 2\sum_i \big(f_i'^2 - r_i f_i''\big)\,[x_i, 1]^\top[x_i, 1],

    with :math:`f' = f(1-f)` and :math:`f'' = f(1-f)(1-2f)`. Its largest
    eigenvalue :math:`\lambda_{\max}` sets the learning-rate limit
    :math:`2/\lambda_{\max}` of gradient descent.

    Returns
    -------
    H : array of shape (2, 2)
    """
    w, x, y = prepare(w, x, y, numpy=True)
    f = _model(x, w)
    d1 = f * (1 - f)
    d2 = d1 * (1 - 2 * f)
    rows = np.stack([x, np.ones_like(x)], axis=1)
    return 2.0 * (rows.T * (d1**2 - (y - f) * d2)) @ rows


@finite_result("the SSE", TOO_LARGE)
def landscape(w0, w1, x, y) -> np.ndarray:
    r""":math:`\mathrm{SSE}(\mathbf{w})` on a grid of weights, e.g. from ``np.meshgrid``.

    Parameters
    ----------
    w0, w1 : arrays of the same shape (any)
    x, y : arrays of shape (n_samples,)

    Returns
    -------
    sse : array of the shape of ``w0``
    """
    _, x, y = prepare([0.0, 0.0], x, y, numpy=True)
    w0, w1 = real_array("w0", w0), real_array("w1", w1)
    if w0.shape != w1.shape:
        raise InputError(f"w0 and w1 must have the same shape, got {w0.shape} and {w1.shape}")
    return _sse_and_grad(np.stack([w0, w1], axis=-1), x, y)[0]
