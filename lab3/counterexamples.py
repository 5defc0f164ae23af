r"""Three ways to break the equivalence of least squares and maximum likelihood, run.

Each function draws data from the true weights :math:`\mathbf{w}^\star` with one
assumption broken (``lab3.noise_models``) and fits them twice: by least squares,
and by the likelihood that matches the noise. The LSQ-versus-MLE tutorial shows
the results, and ``lab3.claims.counterexamples`` the statements they support:

- ``unequal_variances``: noise whose variance grows with :math:`x`, many data sets;
- ``heavy_tails``: Cauchy noise, one data set;
- ``noise_on_x``: Gaussian noise on :math:`x` too, and least squares on more data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import noise_models as nm
from ._validate import positive, whole_number
from .datasets import MAX_SAMPLES, TRUE_W
from .optimize import fit_least_squares

LSQ = "least squares"


@dataclass(frozen=True)
class Comparison:
    """Least squares and a maximum-likelihood fit of data drawn from ``true_w``."""

    true_w: np.ndarray
    x: np.ndarray = field(repr=False)  #: the (last) data set drawn
    y: np.ndarray = field(repr=False)
    #: the weights each method found, by its name: shape (2,), or (n_sets, 2) for many sets
    fits: dict[str, np.ndarray]


def unequal_variances(n_sets: int = 60, n: int = 40, scale: float = 0.1) -> Comparison:
    r"""``n_sets`` data sets (seeds 0, 1, ...) of ``n`` points with noise of standard
    deviation :math:`\sigma(x) = \text{scale}\,e^{2x}`, each fitted by least squares and by
    the Gaussian MLE with those known :math:`\sigma_i` (weighted least squares)."""
    n_sets, n = whole_number("n_sets", n_sets, 2, 10_000), whole_number("n", n, 2, MAX_SAMPLES)
    scale = positive("scale", scale)
    fits: dict[str, list] = {LSQ: [], "weighted (MLE)": []}
    for seed in range(n_sets):
        x, y = nm.sample_points(n, w=TRUE_W, noise="heteroscedastic", scale=scale, seed=seed).T
        fits[LSQ].append(fit_least_squares(x, y).w)
        fits["weighted (MLE)"].append(
            nm.fit_mle(nm.gaussian_nll, x, y, sigma=nm.heteroscedastic_std(x, scale)).w)
    return Comparison(np.array(TRUE_W), x, y, {k: np.array(v) for k, v in fits.items()})


def heavy_tails(n: int = 40, scale: float = 0.05, seed: int = 3) -> Comparison:
    """``n`` points with Cauchy noise of scale ``scale``, fitted by least squares and by the
    Cauchy MLE."""
    n, scale = whole_number("n", n, 2, MAX_SAMPLES), positive("scale", scale)
    x, y = nm.sample_points(n, w=TRUE_W, noise="cauchy", scale=scale, seed=seed).T
    return Comparison(np.array(TRUE_W), x, y, {
        LSQ: fit_least_squares(x, y).w, "Cauchy MLE": nm.fit_mle(nm.cauchy_nll, x, y,
                                                                 scale=scale).w})


def noise_on_x(n: int = 300, sigma_x: float = 0.4, sigma_y: float = 0.1, seed: int = 0,
               more: tuple = (3000, 30000)) -> Comparison:
    """``n`` points whose recorded x carries Gaussian noise of std ``sigma_x`` (and y of
    ``sigma_y``), fitted by least squares and by the errors-in-x MLE; then least squares
    alone on data sets of each size in ``more`` (one or more), named
    ``"least squares, N points"``."""
    n, seed = whole_number("n", n, 2, MAX_SAMPLES), whole_number("seed", seed, 0)
    sigma_x, sigma_y = positive("sigma_x", sigma_x), positive("sigma_y", sigma_y)
    sizes = [whole_number("more", m, 2, MAX_SAMPLES)
             for m in (more if isinstance(more, (tuple, list)) else (more,))]

    def draw(size):
        return nm.sample_points(size, w=TRUE_W, noise="gaussian", scale=sigma_y, seed=seed,
                                x_noise_std=sigma_x).T

    x, y = draw(n)
    fits = {LSQ: fit_least_squares(x, y).w,
            "errors-in-x MLE": nm.fit_mle(nm.errors_in_x_nll, x, y, sigma_x=sigma_x,
                                          sigma_y=sigma_y).w}
    fits.update({f"{LSQ}, {m} points": fit_least_squares(*draw(m)).w for m in sizes})
    return Comparison(np.array(TRUE_W), x, y, fits)
