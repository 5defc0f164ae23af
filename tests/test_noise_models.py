"""lab3.noise_models against scipy's densities and integrals, and a known truth."""

import math

import numpy as np
import pytest
import torch
from scipy import integrate, stats

import lab3
from lab3 import noise_models as nm

X, Y = lab3.load_points().T
W = np.array([1.3, -0.4])
F = 1 / (1 + np.exp(-(W[0] * X + W[1])))  # the model by hand


def test_gaussian_nll_matches_scipy():
    sigma = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    assert nm.gaussian_nll(W, X, Y, sigma) == pytest.approx(
        -stats.norm.logpdf(Y, F, sigma).sum(), rel=1e-13)
    ref = -stats.norm.logpdf(Y, F, 0.3).sum()
    assert nm.gaussian_nll(W, X, Y, 0.3) == pytest.approx(ref, rel=1e-13)


def test_gaussian_nll_with_variance_one_half_is_the_lab_nll():
    lab_nll = lab3.likelihood.nll(W, X, Y)
    assert nm.gaussian_nll(W, X, Y, math.sqrt(0.5)) == pytest.approx(lab_nll, rel=1e-13)


def test_cauchy_nll_matches_scipy():
    ref = -stats.cauchy.logpdf(Y, F, 0.2).sum()
    assert nm.cauchy_nll(W, X, Y, 0.2) == pytest.approx(ref, rel=1e-13)


def test_errors_in_x_nll_matches_an_integral():
    sx, sy = 0.2, 0.3

    def density(i):  # ∫ N(x; ξ, σx) N(y; f(ξ), σy) · ½ dξ over [−1, 1]
        def integrand(xi):
            f = 1 / (1 + np.exp(-(W[0] * xi + W[1])))
            return stats.norm.pdf(X[i], xi, sx) * stats.norm.pdf(Y[i], f, sy) / 2
        return integrate.quad(integrand, -1, 1)[0]

    ref = -sum(math.log(density(i)) for i in range(len(X)))
    # trapezoid rule with node spacing h = 0.01, then 0.001: error ∝ h²
    assert nm.errors_in_x_nll(W, X, Y, sx, sy) == pytest.approx(ref, rel=1e-4)
    assert nm.errors_in_x_nll(W, X, Y, sx, sy, n_nodes=2001) == pytest.approx(ref, rel=1e-6)


@pytest.mark.parametrize("nll, noise", [
    (nm.gaussian_nll, {"sigma": np.linspace(0.1, 0.5, 5)}),
    (nm.cauchy_nll, {"scale": 0.2}),
    (nm.errors_in_x_nll, {"sigma_x": 0.2, "sigma_y": 0.3}),
])
def test_torch_and_numpy_agree_and_gradients_flow(nll, noise):
    w_t = torch.tensor(W, requires_grad=True)
    value = nll(w_t, X, Y, **noise)
    value.backward()
    assert value.item() == pytest.approx(nll(W, X, Y, **noise), rel=1e-12)
    h = 1e-6
    fd = [(nll(W + h * e, X, Y, **noise) - nll(W - h * e, X, Y, **noise)) / (2 * h)
          for e in np.eye(2)]
    np.testing.assert_allclose(w_t.grad.numpy(), fd, rtol=1e-6, atol=1e-8)


def test_sampler_draws_the_documented_noise():
    x, y = nm.sample_points(100_000, w=(4, 0), noise="heteroscedastic", scale=0.1, seed=0).T
    z = (y - 1 / (1 + np.exp(-4 * x))) / (0.1 * np.exp(2 * x))
    assert z.std() == pytest.approx(1.0, rel=0.02)
    x, y = nm.sample_points(100_000, w=(4, 0), noise="cauchy", scale=0.1, seed=0).T
    r = y - 1 / (1 + np.exp(-4 * x))
    assert np.median(np.abs(r)) == pytest.approx(0.1, rel=0.03)  # the scale is the median |r|


def test_heteroscedastic_mle_is_weighted_least_squares():
    x, y = nm.sample_points(2000, w=(4, 0), noise="heteroscedastic", scale=0.1, seed=1).T
    sigma = nm.heteroscedastic_std(x, 0.1)
    fit = nm.fit_mle(nm.gaussian_nll, x, y, sigma=sigma)

    def weighted(w):
        return (y - 1 / (1 + np.exp(-(w[0] * x + w[1])))) / sigma
    from scipy.optimize import least_squares
    np.testing.assert_allclose(fit.w, least_squares(weighted, [4.0, 0.0], xtol=1e-14).x, rtol=1e-5)
    assert np.abs(fit.w - [4, 0]).max() < 0.2


def test_cauchy_mle_resists_outliers_that_pull_least_squares():
    x, y = nm.sample_points(500, w=(4, 0), noise="cauchy", scale=0.05, seed=0).T
    lsq = lab3.fit_least_squares(x, y).w
    mle = nm.fit_mle(nm.cauchy_nll, x, y, scale=0.05).w
    assert np.abs(mle - [4, 0]).max() < 0.3 < np.abs(lsq - [4, 0]).max()


def test_errors_in_x_mle_undoes_the_attenuation_of_least_squares():
    x, y = nm.sample_points(1000, w=(4, 0), noise="gaussian", scale=0.1, seed=0, x_noise_std=0.25).T
    lsq = lab3.fit_least_squares(x, y).w
    mle = nm.fit_mle(nm.errors_in_x_nll, x, y, sigma_x=0.25, sigma_y=0.1).w
    assert lsq[0] < 3.6  # a blurred x flattens the fitted curve
    assert abs(mle[0] - 4) < 0.3


@pytest.mark.parametrize("call, error, match", [
    (lambda: nm.gaussian_nll(W, X, Y, [0.1, 0.2]), ValueError,
     "x and sigma must have one value per sample"),
    (lambda: nm.gaussian_nll(W, X, Y, -1.0), ValueError, "sigma must be positive"),
    (lambda: nm.gaussian_nll(W, X, Y, [0.1, 0.2, 0.0, 0.1, 0.1]), ValueError,
     "sigma must be positive"),
    (lambda: nm.cauchy_nll(W, X, Y, 0.0), ValueError, "scale must be positive"),
    (lambda: nm.errors_in_x_nll(W, X, Y, 0.1, -0.1), ValueError, "sigma_y must be positive"),
    (lambda: nm.sample_points(5, w=(1, 0), noise="laplace", scale=1, seed=0), ValueError,
     "noise must be one of"),
    (lambda: nm.sample_points(5, w=(1, 0), noise="gaussian", scale=1, seed=0, x_noise_std=-1),
     ValueError, "x_noise_std must be >= 0"),
    (lambda: nm.fit_mle(nm.cauchy_nll, [], [], scale=1.0), ValueError, "x must not be empty"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: nm.errors_in_x_nll(W, X, Y, 0.1, 0.1, n_nodes=10**9), "n_nodes must be at most"),
    (lambda: nm.errors_in_x_nll(W, X, Y, 1e200, 0.1), "sigma_x = 1e\\+200 is too large"),
    (lambda: nm.errors_in_x_nll(W, X, Y, 0.1, 0.1, x_range=(1.0, -1.0)), "x_range must be"),
    (lambda: nm.sample_points(10**9, w=(1, 0), noise="gaussian", scale=1, seed=0),
     "n must be at most"),
    (lambda: nm.sample_points(5, w=(1, 0), noise="gaussian", scale=1, seed=-3),
     "seed must be at least 0"),
    (lambda: nm.heteroscedastic_std([400.0], 1.0), "x or scale is too large"),
    (lambda: nm.fit_mle(nm.cauchy_nll, X, Y, sigma=0.1), "do not fit nll"),
    (lambda: nm.fit_mle("cauchy", X, Y), "nll must be a function"),
])
def test_bad_counts_ranges_and_noise_parameters_are_input_errors(call, match):
    with pytest.raises(lab3.InputError, match=match):
        call()
