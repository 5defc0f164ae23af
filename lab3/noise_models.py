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

import math

import numpy as np
import torch

from ._backend import is_torch, prepare, same_length, weights, xp
from ._validate import as_scalar, as_vector, positive, positive_int
from .optimize import Minimum, fit_least_squares, minimize
from .sigmoid import sigmoid

#: The kinds of noise ``sample_points`` can draw.
NOISE_KINDS = ("gaussian", "heteroscedastic", "cauchy")


def heteroscedastic_std(x, scale) -> np.ndarray:
    r"""Noise level that grows with :math:`x`: :math:`\sigma(x) = s\,e^{2x}`,
    a factor :math:`e^4 \approx 55` from :math:`x = -1` to :math:`x = 1`."""
    return positive("scale", scale) * np.exp(2.0 * as_vector("x", x))


def sample_points(n, *, w, noise, scale, seed, x_noise_std=0.0, x_range=(-1.0, 1.0)):
    r"""Draw :math:`x_i` uniformly, :math:`y_i = f(x_i, \mathbf{w}) + \varepsilon_i`
    with ``noise`` of size ``scale``, then (optionally) blur the :math:`x_i`.

    ``noise`` is "gaussian" (std ``scale``), "heteroscedastic" (std
    ``heteroscedastic_std(x, scale)``) or "cauchy" (scale ``scale``).
    ``x_noise_std > 0`` adds Gaussian noise to each :math:`x_i` after
    :math:`y_i` is computed: the data record the blurred :math:`x`.

    Returns
    -------
    pts : array of shape (n, 2)
        Column 0 holds the recorded :math:`x_i`, column 1 the :math:`y_i`.
    """
    n, w, scale = positive_int("n", n), weights(w), positive("scale", scale)
    if noise not in NOISE_KINDS:
        raise ValueError(f"noise must be one of {NOISE_KINDS}, got {noise!r}")
    x_noise_std = as_scalar("x_noise_std", x_noise_std)
    if x_noise_std < 0:
        raise ValueError(f"x_noise_std must be >= 0, got {x_noise_std}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=n)
    if noise == "cauchy":
        eps = scale * rng.standard_cauchy(n)
    else:
        std = heteroscedastic_std(x, scale) if noise == "heteroscedastic" else scale
        eps = std * rng.standard_normal(n)
    y = sigmoid(w[0] * x + w[1]) + eps
    return np.stack([x + x_noise_std * rng.standard_normal(n), y], axis=1)


def _sigma(name, sigma, n, like):
    """Positive noise levels, one per sample, in the backend of ``like``."""
    arr = as_vector(name, np.ravel(sigma)) if np.ndim(sigma) else np.array([as_scalar(name, sigma)])
    if (arr <= 0).any():
        raise ValueError(f"{name} must be positive, got {arr.tolist()}")
    if arr.size != 1:
        same_length(np.empty(n), arr, ("x", name))
    arr = np.broadcast_to(arr, (n,)).copy()
    return torch.as_tensor(arr) if is_torch(like) else arr


def gaussian_nll(w, x, y, sigma):
    r"""NLL of Gaussian noise with standard deviation :math:`\sigma_i`,

    .. math::  \sum_i \Big[\log\big(\sigma_i\sqrt{2\pi}\big)
               + \frac{(y_i - f(x_i, \mathbf{w}))^2}{2\sigma_i^2}\Big].

    ``sigma`` is one number or an array of shape (n_samples,). With one
    :math:`\sigma` it is the SSE scaled and shifted; with :math:`\sigma_i`
    that differ it is a *weighted* least squares.
    """
    w, x, y = prepare(w, x, y)
    s, r = _sigma("sigma", sigma, len(x), x), y - sigmoid(w[0] * x + w[1])
    total = (xp(r).log(s * math.sqrt(2 * math.pi)) + r**2 / (2 * s**2)).sum()
    return total if is_torch(total) else float(total)


def cauchy_nll(w, x, y, scale):
    r"""NLL of Cauchy noise of scale :math:`\gamma`, a heavy-tailed law,

    .. math::  \sum_i \Big[\log(\pi\gamma)
               + \log\Big(1 + \frac{(y_i - f(x_i, \mathbf{w}))^2}{\gamma^2}\Big)\Big].

    A residual costs only :math:`\sim 2\log|r|` when large, so an outlier
    pulls far less than under least squares.
    """
    w, x, y = prepare(w, x, y)
    g, r = positive("scale", scale), y - sigmoid(w[0] * x + w[1])
    total = (xp(r).log1p((r / g) ** 2)).sum() + len(r) * math.log(math.pi * g)
    return total if is_torch(total) else float(total)


def errors_in_x_nll(w, x, y, sigma_x, sigma_y, *, x_range=(-1.0, 1.0), n_nodes=201):
    r"""NLL when :math:`x` is recorded with noise too.

    The true input :math:`\xi_i` is unknown, uniform on ``x_range``; we see
    :math:`x_i = \xi_i + \delta_i` and :math:`y_i = f(\xi_i, \mathbf{w}) + \varepsilon_i`
    with Gaussian :math:`\delta_i, \varepsilon_i` of std ``sigma_x``, ``sigma_y``.
    Each sample's likelihood integrates :math:`\xi` out,

    .. math::  p(x_i, y_i \mid \mathbf{w}) = \int \mathcal{N}(x_i; \xi, \sigma_x^2)\,
               \mathcal{N}(y_i; f(\xi, \mathbf{w}), \sigma_y^2)\, p(\xi)\, d\xi ,

    computed by the trapezoid rule on ``n_nodes`` points of ``x_range``.
    """
    w, x, y = prepare(w, x, y)
    sx, sy = positive("sigma_x", sigma_x), positive("sigma_y", sigma_y)
    lo, hi = as_scalar("x_range[0]", x_range[0]), as_scalar("x_range[1]", x_range[1])
    positive("the width of x_range", hi - lo)
    n_nodes = positive_int("n_nodes", n_nodes)
    if n_nodes < 2:
        raise ValueError(f"n_nodes must be at least 2 for the trapezoid rule, got {n_nodes}")
    # Trapezoid weights h = (hi - lo)/(n - 1), halved at the ends, times the prior 1/(hi - lo).
    log_q = np.full(n_nodes, -math.log(n_nodes - 1))
    log_q[[0, -1]] -= math.log(2.0)
    nodes = np.linspace(lo, hi, n_nodes)
    m = xp(w, x, y)
    if m is torch:
        nodes, log_q = torch.as_tensor(nodes), torch.as_tensor(log_q)
    # log N(x_i; ξ_k, σx²) + log N(y_i; f(ξ_k), σy²) + log q_k, for every sample i and node k
    terms = (_log_normal(x[:, None], nodes[None, :], sx)
             + _log_normal(y[:, None], sigmoid(w[0] * nodes + w[1])[None, :], sy) + log_q[None, :])
    log_p = torch.logsumexp(terms, dim=1) if m is torch else np.logaddexp.reduce(terms, axis=1)
    return -log_p.sum() if m is torch else float(-log_p.sum())


def _log_normal(value, mean, std):
    return -0.5 * ((value - mean) / std) ** 2 - math.log(std * math.sqrt(2 * math.pi))


def fit_mle(nll, x, y, *, w_init=None, **noise) -> Minimum:
    r""":math:`\arg\min_{\mathbf{w}}` of one of the NLLs above, to convergence.

    ``noise`` holds the NLL's known noise parameters, e.g.
    ``fit_mle(cauchy_nll, x, y, scale=0.05)``. These NLLs need not be convex;
    by default the search starts from the least-squares fit, which is close
    to the answer when the assumptions are only mildly broken.
    """
    if w_init is None:
        w_init = fit_least_squares(x, y).w
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    return minimize(lambda w: nll(w, x_t, y_t, **noise), w_init)
