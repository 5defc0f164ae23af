r"""What the fit says beyond :math:`\hat{\mathbf{w}}`: the noise level and the uncertainty.

The noise level. Were the variance :math:`\sigma^2` of the noise unknown,
maximising the likelihood over it as well would give

.. math::  \hat\sigma^2 = \mathrm{SSE}(\hat{\mathbf{w}})/N ,

to compare with the :math:`\sigma^2 = 1/2` the model fixes. When the noise
variance really is :math:`\sigma^2`, :math:`\mathrm{SSE}(\hat{\mathbf{w}})/\sigma^2`
follows the :math:`\chi^2` distribution with :math:`N - 2` degrees of freedom (exactly
for a model linear in its two weights, approximately for the sigmoid):
:func:`chi2_cdf` says how far into its tails a value lies.

The uncertainty. Near its minimum the NLL is a bowl,
:math:`\mathrm{NLL}(\mathbf{w}) \approx \mathrm{NLL}(\hat{\mathbf{w}})
+ \tfrac12 (\mathbf{w} - \hat{\mathbf{w}})^\top H (\mathbf{w} - \hat{\mathbf{w}})`,
so the likelihood :math:`e^{-\mathrm{NLL}}` is, as a function of
:math:`\mathbf{w}`, close to a Gaussian with covariance :math:`H^{-1}`. The
standard error of each weight is the square root of the diagonal of
:math:`H^{-1}`; along each eigenvector of :math:`H` it is
:math:`1/\sqrt{\lambda}`. With the model's :math:`\sigma^2 = 1/2` the NLL is
the SSE plus a constant, so :math:`H` is the SSE's Hessian.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from . import likelihood
from ._backend import prepare, weights
from ._validate import InputError, as_scalar, finite_result, non_negative, whole_number
from .optimize import Minimum, minimize


@finite_result("the noise variance", likelihood.TOO_LARGE)
def noise_variance(w, x, y) -> float:
    r""":math:`\hat\sigma^2 = \mathrm{SSE}(\mathbf{w})/N`: the variance of the noise that makes
    the data most likely at :math:`\mathbf{w}` (the maximum-likelihood estimate at
    :math:`\hat{\mathbf{w}}`).

    Parameters
    ----------
    w : array of shape (2,)
    x, y : arrays of shape (n_samples,)
    """
    w, x, y = prepare(w, x, y, numpy=True)
    return likelihood.sse(w, x, y) / len(x)


#: The most degrees of freedom :func:`chi2_cdf` takes (a float holds dof / 2 exactly).
MAX_DOF = 10**12


def chi2_cdf(value, dof) -> float:
    r"""The probability that a :math:`\chi^2` variable with ``dof`` degrees of freedom is at
    most ``value`` (>= 0): the regularised lower incomplete gamma function
    :math:`P(\mathrm{dof}/2,\ \mathrm{value}/2)`, from ``torch.special.gammainc``."""
    value, dof = non_negative("value", value), whole_number("dof", dof, 1, MAX_DOF)
    half = torch.tensor([dof / 2, value / 2], dtype=torch.float64)
    return float(torch.special.gammainc(half[0], half[1]))


@dataclass(frozen=True)
class Uncertainty:
    """The NLL's curvature at a minimum and the standard errors it gives."""

    w: np.ndarray = field(repr=False)  #: the minimum :math:`\hat{\mathbf{w}}`, shape (2,)
    hessian: np.ndarray = field(repr=False)  #: :math:`H`, the NLL's Hessian there, (2, 2)
    cov: np.ndarray = field(repr=False)  #: :math:`H^{-1}`, shape (2, 2)
    se: np.ndarray = field(repr=False)  #: standard errors of :math:`w_0, w_1`, shape (2,)
    corr: float  #: the correlation of :math:`w_0` and :math:`w_1` under :math:`H^{-1}`
    lam: np.ndarray = field(repr=False)  #: eigenvalues of :math:`H`, ascending, shape (2,)
    axes: np.ndarray = field(repr=False)  #: unit eigenvectors, column k for ``lam[k]``, (2, 2)

    @property
    def axis_se(self) -> np.ndarray:
        r""":math:`1/\sqrt{\lambda}`: the standard error along each eigenvector, shape (2,)."""
        return 1.0 / np.sqrt(self.lam)

    @property
    def pivot(self) -> float:
        r"""The :math:`x` about which a move along the flattest direction :math:`\mathbf{v}`
        turns the line :math:`z = w_0 x + w_1`: there :math:`v_0 x + v_1 = 0`."""
        return float(-self.axes[1, 0] / self.axes[0, 0])

    def z_scores(self, w) -> np.ndarray:
        r""":math:`(\mathbf{w} - \hat{\mathbf{w}})/\mathrm{se}`, weight by weight: how many
        standard errors ``w`` (shape (2,)) lies from the minimum."""
        return (weights(w) - self.w) / self.se


@finite_result("the uncertainty", likelihood.TOO_LARGE)
def _curvature(w, x, y):
    hessian = likelihood.hessian_sse(w, x, y) / (2.0 * likelihood.VARIANCE)
    lam, axes = np.linalg.eigh(hessian)
    return hessian, lam, axes


def uncertainty(x, y, w) -> Uncertainty:
    r"""Standard errors of the weights from the inverse Hessian of the NLL at ``w``.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    w : array of shape (2,)
        A minimum of the NLL, e.g. ``lab3.fit_least_squares(x, y).w``.

    Returns
    -------
    Uncertainty

    Raises
    ------
    InputError
        If the Hessian at ``w`` is not positive definite: ``w`` is not a
        minimum, or the loss is flat there (a saturated sigmoid).
    """
    w, x, y = prepare(w, x, y, numpy=True)
    hessian, lam, axes = _curvature(w, x, y)
    if not lam[0] > 1e-12 * max(1.0, abs(lam[1])):
        raise InputError(f"the NLL's Hessian at w = {w.tolist()} is not positive definite "
                         f"(eigenvalues {lam.tolist()}): w is not a minimum, or the loss is "
                         "flat there")
    cov = (axes / lam) @ axes.T
    se = np.sqrt(np.diag(cov))
    return Uncertainty(w=w, hessian=hessian, cov=cov, se=se,
                       corr=float(cov[0, 1] / (se[0] * se[1])), lam=lam, axes=axes)


def profile(x, y, w0) -> Minimum:
    r"""The NLL's lowest value with the slope held at ``w0``,
    :math:`\min_{w_1} \mathrm{NLL}([w_0, w_1])`, and where it is reached.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    w0 : float

    Returns
    -------
    Minimum
        ``w`` holds :math:`[w_0, \hat w_1(w_0)]`, ``loss`` the NLL there.

    Raises
    ------
    ConvergenceError
        If no :math:`w_1` minimises the NLL at this slope.
    """
    import torch

    w0 = as_scalar("w0", w0)
    _, x, y = prepare([w0, 0.0], x, y, numpy=True)
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)

    def nll(w1):
        return likelihood.nll(torch.cat([torch.tensor([w0], dtype=torch.float64), w1]), x_t, y_t)

    # The NLL of w₁ may have several minima: start from the best of a grid of offsets that
    # put the sigmoid's midpoint −w₁/w₀ anywhere from −2 to 2 times the data's reach.
    reach = float(np.abs(x).max())
    with np.errstate(all="ignore"):  # huge x or w₀: the grid's SSE check below says so
        grid = np.concatenate([-w0 * np.linspace(-2 * reach, 2 * reach, 401),
                               np.linspace(-10, 10, 201)])
    sse = likelihood.landscape(np.full_like(grid, w0), grid, x, y)
    found = minimize(nll, [grid[np.argmin(sse)]])
    return Minimum(w=np.array([w0, found.w[0]]), loss=found.loss, grad_norm=found.grad_norm,
                   n_iter=found.n_iter)
