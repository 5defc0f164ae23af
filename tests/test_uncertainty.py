"""lab3.uncertainty: the noise level and the standard errors, against independent numbers."""

import math

import numpy as np
import pytest
import torch

import lab3
from lab3 import InputError, uncertainty

X, Y = lab3.load_points().T
FIT = lab3.fit_least_squares(X, Y)


def _fd_hessian(f, w, h=1e-4):
    """The Hessian by central second differences, written here."""
    w, n = np.asarray(w, dtype=float), len(w)
    H = np.empty((n, n))
    for i, ei in enumerate(np.eye(n) * h):
        for j, ej in enumerate(np.eye(n) * h):
            H[i, j] = (f(w + ei + ej) - f(w + ei - ej)
                       - f(w - ei + ej) + f(w - ei - ej)) / (4 * h * h)
    return H


def test_hessian_and_standard_errors_match_finite_differences():
    unc = uncertainty.uncertainty(X, Y, FIT.w)
    fd = _fd_hessian(lambda w: lab3.likelihood.nll(w, X, Y), FIT.w)
    np.testing.assert_allclose(unc.hessian, fd, rtol=1e-5, atol=1e-8)
    se = np.sqrt(np.diag(np.linalg.inv(fd)))
    np.testing.assert_allclose(unc.se, se, rtol=1e-4)
    assert unc.se == pytest.approx([6.46, 3.93], abs=0.01)  # the sizes the pages discuss
    np.testing.assert_allclose(np.sort(unc.axis_se), np.sort(1 / np.sqrt(np.linalg.eigvalsh(fd))),
                               rtol=1e-4)


def test_hessian_matches_autograd():
    def nll(w):
        return lab3.likelihood.nll(w, torch.tensor(X), torch.tensor(Y))

    H = torch.autograd.functional.hessian(nll, torch.tensor(FIT.w)).numpy()
    unc = uncertainty.uncertainty(X, Y, FIT.w)
    np.testing.assert_allclose(unc.hessian, H, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(unc.cov @ H, np.eye(2), atol=1e-10)
    assert unc.corr == pytest.approx(unc.cov[0, 1] / np.sqrt(unc.cov[0, 0] * unc.cov[1, 1]))


def test_pivot_is_where_the_flat_direction_leaves_the_line_unchanged():
    unc = uncertainty.uncertainty(X, Y, FIT.w)
    moved = FIT.w + 0.5 * unc.axes[:, 0]
    z = [lab3.sigmoid.line(unc.pivot, w) for w in (FIT.w, moved)]
    assert z[0] == pytest.approx(z[1], abs=1e-12)


def test_noise_variance_maximises_the_likelihood_over_sigma():
    s2 = uncertainty.noise_variance(FIT.w, X, Y)
    r = Y - 1 / (1 + np.exp(-(FIT.w[0] * X + FIT.w[1])))
    assert s2 == pytest.approx(np.mean(r**2), rel=1e-12)
    assert s2 == pytest.approx(0.338, abs=0.001)
    at = lab3.likelihood.nll(FIT.w, X, Y, np.sqrt(s2))
    for factor in (0.99, 1.01):
        assert lab3.likelihood.nll(FIT.w, X, Y, np.sqrt(s2) * factor) > at


@pytest.mark.parametrize("value", [0.0, 0.1, 1.0, 3.38, 7.8, 30.0])
def test_chi2_cdf_matches_the_closed_forms(value):
    """Two and three degrees of freedom have closed forms: 1 − e^(−q/2), and
    erf(√(q/2)) − √(2q/π) e^(−q/2)."""
    assert uncertainty.chi2_cdf(value, 2) == pytest.approx(-math.expm1(-value / 2), abs=1e-12)
    three = math.erf(math.sqrt(value / 2)) - math.sqrt(2 * value / math.pi) * math.exp(-value / 2)
    assert uncertainty.chi2_cdf(value, 3) == pytest.approx(three, abs=1e-12)


def test_chi2_cdf_refuses_a_negative_value_and_a_fractional_dof():
    with pytest.raises(InputError, match="value must be >= 0"):
        uncertainty.chi2_cdf(-1.0, 3)
    with pytest.raises(InputError, match="dof must be a whole number"):
        uncertainty.chi2_cdf(1.0, 2.5)
    # too large for dof / 2 to be a float: named, not an OverflowError from inside
    with pytest.raises(InputError, match="dof must be at most"):
        uncertainty.chi2_cdf(3.38, 10**400)


def test_z_scores_count_standard_errors():
    unc = uncertainty.uncertainty(X, Y, FIT.w)
    np.testing.assert_allclose(unc.z_scores(FIT.w + unc.se * [1, -2]), [1, -2])


def test_not_a_minimum_is_refused():
    with pytest.raises(lab3.InputError, match="not positive definite"):
        uncertainty.uncertainty(X, Y, [200.0, 200.0])  # saturated: the Hessian vanishes
    with pytest.raises(lab3.InputError, match="not positive definite"):
        uncertainty.uncertainty(X, Y, [-2.0, 2.0])  # the start, where H has a negative eigenvalue


@pytest.mark.parametrize("w0", [-20.0, -5.0, 0.0, 10.0])
def test_profile_finds_the_best_offset_for_each_slope(w0):
    best = uncertainty.profile(X, Y, w0)
    assert best.w[0] == w0
    w1 = np.linspace(-30, 30, 60001)[:, None]  # brute force, on a grid of step 0.001
    with np.errstate(over="ignore"):
        sse = ((Y - 1 / (1 + np.exp(-(w0 * X + w1)))) ** 2).sum(axis=1)
    assert best.loss - lab3.likelihood.nll_constant(len(X)) <= sse.min() + 1e-9
    assert best.loss == pytest.approx(lab3.likelihood.nll(best.w, X, Y), rel=1e-12)
    at_fit = uncertainty.profile(X, Y, FIT.w[0])
    assert at_fit.loss == pytest.approx(FIT.nll, abs=1e-9)
