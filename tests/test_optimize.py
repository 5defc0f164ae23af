"""lab3.optimize against scipy's least-squares solver and a known truth."""

import numpy as np
import pytest
import torch
from scipy import optimize as sp

import lab3
from lab3 import optimize


def residuals(w, x, y):  # written out again, independently of lab3
    return y - 1 / (1 + np.exp(-(w[0] * x + w[1])))


def test_shipped_optimum_matches_scipy():
    x, y = lab3.load_points().T
    fit = optimize.fit_least_squares(x, y)
    ref = sp.least_squares(residuals, [-2.0, 2.0], args=(x, y), xtol=1e-15, ftol=1e-15, gtol=1e-15)
    np.testing.assert_allclose(fit.w, ref.x, rtol=1e-7)
    assert fit.sse == pytest.approx(np.sum(ref.fun ** 2), rel=1e-12)
    assert fit.nll == pytest.approx(fit.sse + 5 * np.log(np.sqrt(np.pi)), rel=1e-12)
    assert fit.grad_norm < 1e-9


def test_recovers_the_true_weights_from_many_points():
    true_w = np.array([2.5, -1.0])
    x, y = lab3.datasets.make_points(50_000, w=true_w, seed=0).T
    # Standard errors of the estimate: σ²(JᵀJ)⁻¹ with σ² = 1/2, J by hand.
    f = 1 / (1 + np.exp(-(true_w[0] * x + true_w[1])))
    jac = (f * (1 - f))[:, None] * np.stack([x, np.ones_like(x)], axis=1)
    std_err = np.sqrt(np.diag(0.5 * np.linalg.inv(jac.T @ jac)))  # about [0.05, 0.02]
    assert np.all(np.abs(optimize.fit_least_squares(x, y).w - true_w) < 4 * std_err)


def test_minimize_finds_a_quadratic_minimum():
    found = optimize.minimize(lambda w: ((w - torch.tensor([1.0, -3.0, 0.5])) ** 2).sum(),
                              [0.0, 0.0, 0.0])
    np.testing.assert_allclose(found.w, [1.0, -3.0, 0.5], atol=1e-10)
    assert found.loss == pytest.approx(0.0, abs=1e-18)


def test_minimize_follows_rosenbrocks_curved_valley():
    found = optimize.minimize(lambda w: (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2,
                              [-1.2, 1.0])
    np.testing.assert_allclose(found.w, [1.0, 1.0], atol=1e-9)
    assert found.n_iter < 50


def test_minimize_goes_downhill_where_the_loss_is_concave():
    # At w0 = 0.1 the double well w0^4/4 - w0^2/2 curves downwards: a plain
    # Newton step would climb to the maximum at w0 = 0.
    found = optimize.minimize(lambda w: w[0] ** 4 / 4 - w[0] ** 2 / 2 + w[1] ** 2, [0.1, 0.5])
    np.testing.assert_allclose(found.w, [1.0, 0.0], atol=1e-9)
    assert found.loss == pytest.approx(-0.25, abs=1e-15)


def test_an_unfinished_search_raises():
    x, y = lab3.load_points().T
    with pytest.raises(optimize.ConvergenceError, match="max_iter is too small"):
        optimize.minimize(lambda w: lab3.likelihood.sse(w, x, y), [-2.0, 2.0], max_iter=1)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"w_init": [1.0, 2.0, 3.0]}, ValueError, r"w_init must hold \[w0, w1\]"),
    ({"tol": 0.0}, ValueError, "tol must be positive"),
])
def test_bad_arguments_are_named(kwargs, error, match):
    x, y = lab3.load_points().T
    with pytest.raises(error, match=match):
        optimize.fit_least_squares(x, y, **kwargs)


def test_labels_the_sigmoid_cannot_reach_have_no_minimum():
    # sigmoid < 1 < 2: the SSE falls towards 3 as w₁ → ∞ and never gets there.
    with pytest.raises(optimize.ConvergenceError, match="no minimum"):
        optimize.fit_least_squares([0.0, 1.0, 2.0], [2.0, 2.0, 2.0])
    assert issubclass(optimize.ConvergenceError, lab3.InputError)
    assert issubclass(optimize.ConvergenceError, RuntimeError)


@pytest.mark.parametrize("loss, match", [
    (lambda w: 1.0, "loss must return one number as a tensor"),
    (lambda w: w, "loss must return one number as a tensor"),
    ("sse", "loss must be a function"),
])
def test_a_loss_must_give_one_number_on_ws_graph(loss, match):
    with pytest.raises(lab3.InputError, match=match):
        optimize.minimize(loss, [0.0, 0.0])


def test_a_flat_loss_has_no_minimum_to_report():
    with pytest.raises(optimize.ConvergenceError, match="no minimum"):
        optimize.minimize(lambda w: w.sum() * 0.0 + 1.0, [0.0, 0.0])


def test_max_iter_has_an_upper_bound():
    with pytest.raises(lab3.InputError, match="max_iter must be at most 10000"):
        optimize.minimize(lambda w: (w**2).sum(), [1.0], max_iter=10**9)
