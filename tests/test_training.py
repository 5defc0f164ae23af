"""lab3.training: the learning loop against a by-hand NumPy loop, and its
behaviour for small, reasonable and too-large learning rates."""

import math

import numpy as np
import pytest
import torch

import lab3
from lab3 import training

X, Y = lab3.load_points().T
OPTIMUM = lab3.fit_least_squares(X, Y)


def numpy_descent(lr, n_iter, w=(-2.0, 2.0)):
    """Plain gradient descent on the SSE, gradient written out by hand here."""
    w, path = np.array(w), []
    for _ in range(n_iter + 1):
        path.append(w.copy())
        f = 1 / (1 + np.exp(-(w[0] * X + w[1])))
        grad = -2 * np.sum((Y - f) * f * (1 - f) * np.stack([X, np.ones_like(X)]), axis=1)
        w = w - lr * grad
    return np.array(path)


def test_history_shapes_and_start():
    hist = training.learning_loop(X, Y, 1.0, n_iter=7)
    assert hist.weights.shape == (8, 2) and hist.losses.shape == (8,) and hist.grads.shape == (8, 2)
    assert hist.n_iter == 7 and hist.lr == 1.0 and hist.loss == "sse"
    np.testing.assert_array_equal(hist.weights[0], [-2.0, 2.0])
    np.testing.assert_array_equal(hist.w, hist.weights[-1])


def test_defaults_are_the_template():
    hist = training.learning_loop(X, Y)
    assert hist.n_iter == 30 and hist.lr == training.DEFAULT_LR


@pytest.mark.parametrize("lr", [0.1, 2.5, 6.0])
def test_autograd_loop_matches_a_hand_written_loop(lr):
    hist = training.learning_loop(X, Y, lr)
    np.testing.assert_allclose(hist.weights, numpy_descent(lr, 30), rtol=1e-11, atol=1e-12)
    for w, loss, grad in zip(hist.weights, hist.losses, hist.grads):
        assert loss == pytest.approx(lab3.likelihood.sse(w, X, Y), rel=1e-13)
        np.testing.assert_allclose(grad, lab3.likelihood.grad_sse(w, X, Y), rtol=1e-10, atol=1e-15)


def test_small_rate_crawls_downhill():
    hist = training.learning_loop(X, Y, 0.1)
    assert hist.loss_rises == 0 and np.all(np.diff(hist.losses) < 0)
    assert hist.final_loss - OPTIMUM.sse > 0.5  # after 30 steps, still far from the optimum
    start = hist.weights[0]
    assert np.linalg.norm(hist.w - start) < 0.2 * np.linalg.norm(OPTIMUM.w - start)


def test_reasonable_rate_descends_every_step_and_gets_close():
    hist = training.learning_loop(X, Y, training.DEFAULT_LR)
    assert hist.loss_rises == 0
    assert hist.final_loss - OPTIMUM.sse < 0.05 * (hist.losses[0] - OPTIMUM.sse)
    assert np.linalg.norm(hist.w - OPTIMUM.w) > 0.5  # visibly close, but not all the way
    assert training.learning_loop(X, Y, training.DEFAULT_LR, n_iter=3000).w == pytest.approx(
        OPTIMUM.w, abs=1e-6)


def test_too_large_rate_oscillates():
    hist = training.learning_loop(X, Y, 6.0)
    assert lab3.learning_rate.curvature(X, Y, OPTIMUM.w).limit < 6.0
    assert hist.loss_rises >= 5
    steps = np.diff(hist.weights[-10:], axis=0)
    back = (steps[1:] * steps[:-1]).sum(axis=1) < 0  # each step against the one before
    assert back.sum() >= 6, back  # of the last 8 pairs (at 2.5, where it converges: none)


def test_huge_rate_saturates_the_sigmoid():
    hist = training.learning_loop(X, Y, 100.0)
    assert np.abs(hist.w).max() > 20  # thrown far out, onto a plateau
    assert np.abs(hist.grads[-1]).max() < 1e-6
    assert hist.final_loss > OPTIMUM.sse + 0.5


def test_non_finite_weights_raise_a_divergence_error():
    match = r"diverged at step 1 with learning rate 1e\+200"
    with pytest.raises(training.DivergenceError, match=match):
        training.learning_loop(X, Y * 1e150, 1e200)
    assert issubclass(training.DivergenceError, ValueError)


def test_overflowing_loss_raises_at_step_zero():
    with pytest.raises(training.DivergenceError, match="non-finite at step 0"):
        training.learning_loop(X, Y * 1e200, 1.0)


def test_nll_takes_the_same_steps_and_mse_shorter_ones():
    sse = training.learning_loop(X, Y, 1.0)
    nll = training.learning_loop(X, Y, 1.0, loss="nll")
    np.testing.assert_allclose(nll.weights, sse.weights, rtol=1e-13)
    shift = 5 * math.log(math.sqrt(math.pi))  # N log √π, N = 5
    np.testing.assert_allclose(nll.losses - sse.losses, shift, rtol=1e-12)
    mse = training.learning_loop(X, Y, 5 * 1.0, loss="mse")  # N·α on the mean = α on the sum
    np.testing.assert_allclose(mse.weights, sse.weights, rtol=1e-12)


def test_a_loss_of_ones_own_and_the_two_slips_of_the_update():
    sse = training.learning_loop(X, Y, 1.0, n_iter=5)
    own = training.learning_loop(X, Y, 1.0, n_iter=5, loss=lambda w, x, y: (
        (y - 1 / (1 + (-(w[0] * x + w[1])).exp())) ** 2).sum())
    np.testing.assert_allclose(own.weights, sse.weights, rtol=1e-13)
    assert own.loss == "<lambda>"
    up = training.learning_loop(X, Y, 1.0, n_iter=5, ascend=True)
    np.testing.assert_allclose(up.weights[1], up.weights[0] + up.grads[0], rtol=1e-15)
    assert np.all(np.diff(up.losses) > 0), "uphill: the loss climbs"
    piled = training.learning_loop(X, Y, 1.0, n_iter=5, zero_grad=False)
    np.testing.assert_allclose(piled.grads[1], piled.grads[0] + lab3.likelihood.grad_sse(
        piled.weights[1], X, Y), rtol=1e-12)  # w.grad holds both steps' gradients


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((X, Y, 0.0), {}, ValueError, "lr must be positive"),
    ((X, Y, -1.0), {}, ValueError, "lr must be positive"),
    ((X, Y, math.nan), {}, ValueError, "lr must be finite"),
    ((X, Y, 1.0), {"n_iter": 0}, ValueError, "n_iter must be at least 1"),
    ((X, Y, 1.0), {"n_iter": 2.0}, TypeError, "n_iter must be a whole number"),
    ((X, Y, 1.0), {"loss": "mae"}, ValueError, "loss must be one of"),
    ((X, Y, 1.0), {"w_init": [1.0]}, ValueError, r"w_init must hold \[w0, w1\]"),
    (([], [], 1.0), {}, ValueError, "x must not be empty"),
    ((X, Y[:4], 1.0), {}, ValueError, "x and y must have one value per sample"),
    ((X, np.full(5, np.nan), 1.0), {}, ValueError, "y must hold finite numbers"),
    ((X[:, None], Y, 1.0), {}, ValueError, "x must be a 1-D vector"),
])
def test_bad_input_is_named(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        training.learning_loop(*args, **kwargs)


def test_count_rises_counts_the_steps_that_go_up():
    assert training.count_rises(np.array([3.0, 2.0, 2.5, 2.5, 1.0, 1.2])) == 2
    assert training.learning_loop(X, Y, 4.0).loss_rises == training.count_rises(
        training.learning_loop(X, Y, 4.0).losses) > 0


@pytest.mark.parametrize("kwargs, match", [
    ({"n_iter": 10**9}, "n_iter must be at most 10000"),
    ({"ascend": "no"}, "ascend must be True or False"),
    ({"zero_grad": None}, "zero_grad must be True or False"),
    ({"loss": ["sse"]}, "loss must be one of sse, nll, mse"),
    ({"loss": lambda w, x, y: 1.0}, "loss must return one number as a tensor"),
    ({"loss": lambda w, x, y: torch.ones(1, requires_grad=True).sum()}, "computed from w"),
])
def test_bad_options_are_input_errors(kwargs, match):
    with pytest.raises(lab3.InputError, match=match):
        training.learning_loop(X, Y, 1.0, **kwargs)


def test_the_named_losses_cannot_be_replaced():
    with pytest.raises(TypeError):
        training.LOSSES["sse"] = training.LOSSES["mse"]
