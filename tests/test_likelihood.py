"""lab3.likelihood against scipy (integrals, Gaussian log-densities), torch
autograd and finite differences."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

import lab3
from lab3 import likelihood

X = np.array([0.76, -0.17, 0.45, 0.85, -0.78])
Y = np.array([1.12, -0.60, 0.49, 0.09, 0.79])
weights = st.tuples(st.floats(-8, 8), st.floats(-8, 8)).map(np.array)


def f(x, w):  # the model, written out again as an independent reference
    return 1.0 / (1.0 + np.exp(-(w[0] * x + w[1])))


def test_normaliser_is_one_over_root_pi():
    assert likelihood.NORMALISER == pytest.approx(0.5641895835477563)  # 1/√π


@pytest.mark.parametrize("x, w", [(0.3, [1.0, -2.0]), (-1.0, [-2.0, 2.0]), (0.9, [4.0, 0.0])])
def test_density_integrates_to_one(x, w):
    total, err = integrate.quad(lambda y: likelihood.density([y], [x], w)[0], -np.inf, np.inf)
    assert total == pytest.approx(1.0, abs=1e-10)


def test_nll_is_a_gaussian_with_variance_one_half():
    w = np.array([1.3, -0.4])
    ref = -stats.norm.logpdf(Y, loc=f(X, w), scale=math.sqrt(0.5)).sum()
    assert likelihood.nll(w, X, Y) == pytest.approx(ref, rel=1e-13)
    assert likelihood.sse(w, X, Y) == pytest.approx(np.sum((Y - f(X, w)) ** 2), rel=1e-13)
    assert likelihood.mse(w, X, Y) == pytest.approx(np.mean((Y - f(X, w)) ** 2), rel=1e-13)
    np.testing.assert_allclose(np.prod(likelihood.density(Y, X, w)), np.exp(-ref), rtol=1e-12)


@given(weights)
def test_nll_minus_sse_is_the_same_constant_everywhere(w):
    assert likelihood.nll(w, X, Y) - likelihood.sse(w, X, Y) == pytest.approx(
        5 * math.log(math.sqrt(math.pi)), abs=1e-12)
    assert likelihood.nll_constant(5) == pytest.approx(2.8618247146235004)  # 5·log√π, by hand


def test_nll_of_other_gaussian_noise_against_scipy():
    w = np.array([1.3, -0.4])
    for sigma in (0.3, np.linspace(0.1, 0.5, 5), math.sqrt(0.5)):
        ref = -stats.norm.logpdf(Y, loc=f(X, w), scale=sigma).sum()
        assert likelihood.nll(w, X, Y, sigma) == pytest.approx(ref, rel=1e-13)
    assert likelihood.nll(w, X, Y, math.sqrt(0.5)) == pytest.approx(likelihood.nll(w, X, Y),
                                                                     rel=1e-14)
    assert likelihood.nll_constant(5, 0.3) == pytest.approx(
        5 * math.log(0.3 * math.sqrt(2 * math.pi)))
    np.testing.assert_array_equal(likelihood.variances(None, 3), [0.5, 0.5, 0.5])


@settings(max_examples=50, deadline=None)  # the first call into torch is slow
@given(weights)
def test_hand_gradient_matches_autograd(w):
    grad = likelihood.grad_sse(w, X, Y)
    w_t = torch.tensor(w, requires_grad=True)
    loss = ((torch.from_numpy(Y) - torch.sigmoid(w_t[0] * torch.from_numpy(X) + w_t[1])) ** 2).sum()
    loss.backward()
    assert grad.shape == (2,)
    np.testing.assert_allclose(grad, w_t.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(likelihood.grad_sse_autograd(w, X, Y), w_t.grad.numpy(), rtol=1e-12)


def test_hand_gradient_matches_finite_differences():
    w, h = np.array([-2.0, 2.0]), 1e-6
    fd = [(likelihood.sse(w + h * e, X, Y) - likelihood.sse(w - h * e, X, Y)) / (2 * h)
          for e in np.eye(2)]
    np.testing.assert_allclose(likelihood.grad_sse(w, X, Y), fd, rtol=1e-7)


@settings(max_examples=30, deadline=None)
@given(weights)
def test_hand_hessian_matches_autograd(w):
    auto = torch.autograd.functional.hessian(
        lambda w_t: likelihood.sse(w_t, torch.from_numpy(X), torch.from_numpy(Y)), torch.tensor(w))
    hess = likelihood.hessian_sse(w, X, Y)
    assert hess.shape == (2, 2)
    np.testing.assert_allclose(hess, auto.numpy(), rtol=1e-9, atol=1e-13)


def test_torch_losses_stay_on_the_graph():
    w_t = torch.tensor([0.5, 0.5], dtype=torch.float64, requires_grad=True)
    for loss in (likelihood.sse, likelihood.nll, likelihood.mse):
        value = loss(w_t, X, Y)
        assert isinstance(value, torch.Tensor) and value.requires_grad


def test_landscape_is_the_sse_on_a_grid():
    w0, w1 = np.meshgrid(np.linspace(-3, 3, 4), np.linspace(-2, 2, 3))
    grid = likelihood.landscape(w0, w1, X, Y)
    assert grid.shape == (3, 4)
    for i, j in np.ndindex(grid.shape):
        assert grid[i, j] == pytest.approx(likelihood.sse([w0[i, j], w1[i, j]], X, Y), rel=1e-13)


@pytest.mark.parametrize("call, match", [
    (lambda: likelihood.sse([0.0, 0.0], X, Y[:3]), "x and y must have one value per sample"),
    (lambda: likelihood.sse([0.0, 0.0], [], []), "x must not be empty"),
    (lambda: likelihood.nll([0.0, 0.0], X, [np.nan] * 5), "y must hold finite numbers"),
    (lambda: likelihood.grad_sse([0.0], X, Y), r"w must hold \[w0, w1\]"),
    (lambda: likelihood.nll_constant(0), "n_samples must be at least 1"),
    (lambda: likelihood.nll([0.0, 0.0], X, Y, [0.1, 0.2]),
     "x and sigma must have one value per sample"),
    (lambda: likelihood.nll([0.0, 0.0], X, Y, 0.0), "sigma must be positive"),
    (lambda: likelihood.landscape(np.zeros(3), np.zeros(4), X, Y),
     "w0 and w1 must have the same shape"),
    (lambda: likelihood.landscape(np.zeros(3), np.full(3, np.nan), X, Y),
     "w1 must hold finite numbers"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: likelihood.sse([0.0, 0.0], X, Y * 1e200), "the SSE is not a finite number"),
    (lambda: likelihood.nll([0.0, 0.0], X, Y, 1e-200), "sigma is too large or too small"),
    (lambda: likelihood.nll_constant(10**9), "n_samples must be at most"),
    (lambda: likelihood.log_normal(Y, 0.0, -1.0), "var must be positive"),
    (lambda: likelihood.sse_and_grad(np.zeros((3, 3)), X, Y), "last axis"),
    (lambda: likelihood.sse([1.0, 2.0], torch.ones(5, dtype=torch.complex64), Y),
     "x must be numeric"),
])
def test_overflow_and_bad_kinds_are_input_errors(call, match):
    with pytest.raises(lab3.InputError, match=match):
        call()


def test_a_loss_on_tensors_stays_on_the_graph():
    w = torch.tensor([1.0, 2.0], requires_grad=True)  # float32: kept as it is
    likelihood.sse(w, X, Y).backward()
    assert w.grad is not None and w.grad.dtype == torch.float32
