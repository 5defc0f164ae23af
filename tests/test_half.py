"""lab3.half: the ½ convention halves the gradient and the step, not the minimiser."""

import numpy as np
import pytest
import torch

import lab3
from lab3 import half

X, Y = lab3.load_points().T
P = lab3.LAB_PROBLEM


def _central(f, w, h=1e-6):
    """Central differences, written here: an independent reference."""
    w = np.asarray(w, dtype=float)
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(len(w))])


def test_part1_gradients_by_hand_and_by_finite_differences():
    found = half.part1()
    np.testing.assert_allclose(found.grad[0], lab3.unit.grad_loss_w(P.x, P.w, P.b, P.y_label))
    # by hand: 2·(0 − 2)·[2, 1]
    np.testing.assert_allclose(found.grad[0], [-8.0, -4.0], atol=1e-12)

    def half_loss(w):
        return 0.5 * (np.sin(w @ P.x) - P.b - P.y_label) ** 2

    np.testing.assert_allclose(found.grad[1], _central(half_loss, P.w), rtol=1e-7)
    np.testing.assert_allclose(found.w_new[0], lab3.solve().w_new)
    np.testing.assert_allclose(found.w_new[1], P.w - P.lr * np.array([-4.0, -2.0]))


def test_part1_minimiser_is_shared_and_is_the_sines_peak():
    found = half.part1()
    np.testing.assert_allclose(found.minimiser[0], found.minimiser[1], atol=1e-9)
    s = found.minimiser[0] @ P.x
    assert np.sin(s) == pytest.approx(1.0, abs=1e-12)  # the least loss: y = 1 − b
    assert found.minimum == pytest.approx((1.0, 0.5), abs=1e-12)


def test_part2_against_the_sse_and_the_loop():
    found = half.part2(X, Y)
    np.testing.assert_allclose(found.grad[0], lab3.likelihood.grad_sse(lab3.optimize.W_INIT, X, Y))
    np.testing.assert_allclose(
        found.grad[1], _central(lambda w: 0.5 * lab3.likelihood.sse(w, X, Y), found.w), rtol=1e-7)
    loop = lab3.learning_loop(X, Y, found.lr, n_iter=1)
    np.testing.assert_allclose(found.w_new[0], loop.weights[1], rtol=1e-12)
    np.testing.assert_allclose(found.w_new[1], found.w - found.lr * found.grad[0] / 2)
    fit = lab3.fit_least_squares(X, Y)
    for w in found.minimiser:
        np.testing.assert_allclose(w, fit.w, atol=1e-7)
    assert found.minimum[1] == pytest.approx(fit.sse / 2, rel=1e-10)


def test_compare_takes_any_loss_and_refuses_one_off_the_graph():
    found = half.compare(lambda w: ((w - 3.0) ** 2).sum(), [0.0, 1.0], 0.1)
    np.testing.assert_allclose(found.grad[0], [-6.0, -4.0])
    np.testing.assert_allclose(found.minimiser[1], [3.0, 3.0], atol=1e-9)
    with pytest.raises(lab3.InputError, match="gradient never reached w"):
        half.compare(lambda w: torch.zeros((), requires_grad=True), [0.0, 1.0], 0.1)
    with pytest.raises(lab3.InputError):
        half.compare(lambda w: 1.0, [0.0, 1.0], 0.1)


def test_a_rate_so_large_that_the_step_overflows_is_an_input_error():
    with pytest.raises(lab3.InputError, match="not a finite number in float64: lr or w"):
        half.compare(lambda w: ((w - 1.0) ** 2).sum(), [0.0, 0.0], 1e308)
