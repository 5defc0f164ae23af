r"""Other noise, other likelihoods: when least squares is not the MLE.

Least squares is the maximum-likelihood estimate only when the noise on
:math:`y` is Gaussian, independent, of one known variance, and :math:`x` is
exact. Each function below breaks one of those assumptions, draws data from
it, or gives the negative log-likelihood (NLL) that fits it:

- ``gaussian_nll`` with one :math:`\sigma_i` per sample: noise whose
  variance changes with :math:`x` (heteroscedastic);
- ``cauchy_nll``: heavy-tailed noise, with outliers;
- ``errors_in_x_nll``: noise on :math:`x` as well as on :math:`y`.

The NLLs keep every constant, so they are true negative log-densities. They
take arrays (and return floats) or tensors (and return tensors on the graph).
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from . import likelihood
from ._backend import is_torch, like, prepare, weights, xp
from ._validate import (InputError, as_vector, finite_result, function, interval, non_negative,
                        one_of, positive, variance, whole_number)
from .datasets import MAX_SAMPLES
from .likelihood import _log_normal
from .optimize import Minimum, fit_least_squares, minimize
from .sigmoid import _model

#: The kinds of noise ``sample_points`` can draw.
NOISE_KINDS = ("gaussian", "heteroscedastic", "cauchy")
#: The most nodes of the trapezoid rule in ``errors_in_x_nll``.
MAX_NODES = 10_001
#: Why a likelihood overflows float64.
TOO_LARGE = "x, y, w or a noise level is too large (or too small)"


@finite_result("the noise level", "x or scale is too large: s·e^(2x) overflows")
def heteroscedastic_std(x, scale) -> np.ndarray:
    r"""Noise level that grows with :math:`x`: :math:`\sigma(x) = s\,e^{2x}`,
    a factor :math:`e^4 \approx 55` from :math:`x = -1` to :math:`x = 1`."""
    return positive("scale", scale) * np.exp(2.0 * as_vector("x", x))


@finite_result("the points", "w, scale or x_noise_std is too large")
def sample_points(n, *, w, noise, scale, seed, x_noise_std=0.0, x_range=(-1.0, 1.0)):
    r"""Draw :math:`x_i` uniformly, :math:`y_i = f(x_i, \mathbf{w}) + \varepsilon_i`
    with ``noise`` of size ``scale``, then (optionally) blur the :math:`x_i`.

    ``noise`` is "gaussian" (std ``scale``), "heteroscedastic" (std
    ``heteroscedastic_std(x, scale)``) or "cauchy" (scale ``scale``).
    ``x_noise_std > 0`` adds Gaussian noise to each :math:`x_i` after
    :math:`y_i` is computed: the data record the blurred :math:`x`. ``n`` is at most
    ``lab3.datasets.MAX_SAMPLES``; ``seed`` a whole number >= 0.

    Returns
    -------
    pts : array of shape (n, 2)
        Column 0 holds the recorded :math:`x_i`, column 1 the :math:`y_i`.
    """
    n, w = whole_number("n", n, maximum=MAX_SAMPLES), weights(w)
    noise, scale = one_of("noise", noise, NOISE_KINDS), positive("scale", scale)
    x_noise_std, lo_hi = non_negative("x_noise_std", x_noise_std), interval("x_range", x_range)
    rng = np.random.default_rng(whole_number("seed", seed, minimum=0))
    x = rng.uniform(*lo_hi, size=n)
    if noise == "cauchy":
        eps = scale * rng.standard_cauchy(n)
    else:
        std = heteroscedastic_std(x, scale) if noise == "heteroscedastic" else scale
        eps = std * rng.standard_normal(n)
    y = _model(x, w) + eps
    return np.stack([x + x_noise_std * rng.standard_normal(n), y], axis=1)


def gaussian_nll(w, x, y, sigma):
    r"""NLL of Gaussian noise with standard deviation :math:`\sigma_i`,

    .. math::  \sum_i \Big[\log\big(\sigma_i\sqrt{2\pi}\big)
               + \frac{(y_i - f(x_i, \mathbf{w}))^2}{2\sigma_i^2}\Big],

    that is ``lab3.likelihood.nll`` with the noise level given. ``sigma`` is
    one number or an array of shape (n_samples,). With one :math:`\sigma` it
    is the SSE scaled and shifted; with :math:`\sigma_i` that differ it is a
    *weighted* least squares.
    """
    return likelihood.nll(w, x, y, sigma)


@finite_result("the NLL", TOO_LARGE)
def cauchy_nll(w, x, y, scale):
    r"""NLL of Cauchy noise of scale :math:`\gamma`, a heavy-tailed law,

    .. math::  \sum_i \Big[\log(\pi\gamma)
               + \log\Big(1 + \frac{(y_i - f(x_i, \mathbf{w}))^2}{\gamma^2}\Big)\Big].

    A residual costs only :math:`\sim 2\log|r|` when large, so an outlier
    pulls far less than under least squares.
    """
    w, x, y = prepare(w, x, y)
    g, r = positive("scale", scale), y - _model(x, w)
    total = (xp(r).log1p((r / g) ** 2)).sum() + len(r) * math.log(math.pi * g)
    return total if is_torch(total) else float(total)


@finite_result("the NLL", TOO_LARGE)
def errors_in_x_nll(w, x, y, sigma_x, sigma_y, *, x_range=(-1.0, 1.0), n_nodes=201):
    r"""NLL when :math:`x` is recorded with noise too.

    The true input :math:`\xi_i` is unknown, uniform on ``x_range``; we see
    :math:`x_i = \xi_i + \delta_i` and :math:`y_i = f(\xi_i, \mathbf{w}) + \varepsilon_i`
    with Gaussian :math:`\delta_i, \varepsilon_i` of std ``sigma_x``, ``sigma_y``.
    Each sample's likelihood integrates :math:`\xi` out,

    .. math::  p(x_i, y_i \mid \mathbf{w}) = \int \mathcal{N}(x_i; \xi, \sigma_x^2)\,
               \mathcal{N}(y_i; f(\xi, \mathbf{w}), \sigma_y^2)\, p(\xi)\, d\xi ,

    computed by the trapezoid rule on ``n_nodes`` points of ``x_range`` (from 2 to
    :data:`MAX_NODES`).
    """
    w, x, y = prepare(w, x, y)
    var_x, var_y = variance("sigma_x", sigma_x), variance("sigma_y", sigma_y)
    lo, hi = interval("x_range", x_range)
    n_nodes = whole_number("n_nodes", n_nodes, minimum=2, maximum=MAX_NODES)
    # Trapezoid weights h = (hi - lo)/(n - 1), halved at the ends, times the prior 1/(hi - lo).
    log_q = np.full(n_nodes, -math.log(n_nodes - 1))
    log_q[[0, -1]] -= math.log(2.0)
    nodes = np.linspace(lo, hi, n_nodes)
    nodes, log_q = like(x, nodes), like(x, log_q)
    # log N(x_i; ξ_k, σx²) + log N(y_i; f(ξ_k), σy²) + log q_k, for every sample i and node k
    terms = (_log_normal(x[:, None], nodes[None, :], var_x)
             + _log_normal(y[:, None], _model(nodes, w)[None, :], var_y) + log_q[None, :])
    if is_torch(terms):
        return -terms.logsumexp(dim=1).sum()
    return float(-np.logaddexp.reduce(terms, axis=1).sum())


def fit_mle(nll, x, y, *, w_init=None, **noise) -> Minimum:
    r""":math:`\arg\min_{\mathbf{w}}` of one of the NLLs above, to convergence.

    ``noise`` holds the NLL's known noise parameters, e.g.
    ``fit_mle(cauchy_nll, x, y, scale=0.05)``. These NLLs need not be convex;
    by default the search starts from the least-squares fit, which is close
    to the answer when the assumptions are only mildly broken.
    """
    import torch

    _takes(function("nll", nll), noise)
    if w_init is None:
        w_init = fit_least_squares(x, y).w
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    return minimize(lambda w: nll(w, x_t, y_t, **noise), w_init)


def _takes(nll, noise: dict) -> None:
    """Check that ``nll(w, x, y, **noise)`` is a call ``nll`` accepts."""
    try:
        signature = inspect.signature(nll)
    except (TypeError, ValueError):  # no signature to read: the call will tell
        return
    try:
        signature.bind(None, None, None, **noise)
    except TypeError as err:
        raise InputError(f"the noise parameters {sorted(noise)} do not fit nll: {err}") from None
