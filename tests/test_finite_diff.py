"""lab3.finite_diff: central differences, a third independent reference."""

import numpy as np
import pytest
from hypothesis import given, settings

import lab3
from lab3 import finite_diff, unit
from strategies import unit_problems


def test_gradient_of_a_quadratic_is_exact():
    # f(v) = v₀² + 3v₀v₁: ∇f = [2v₀ + 3v₁, 3v₀]; central differences are exact for quadratics.
    grad = finite_diff.gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1], [1.0, 2.0], h=1e-3)
    np.testing.assert_allclose(grad, [8.0, 3.0], rtol=1e-9)


def test_derivative_of_sin():
    assert finite_diff.derivative(np.sin, 0.3) == pytest.approx(np.cos(0.3), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(unit_problems())
def test_finite_differences_agree_with_hand_derivation(problem):
    x, w, b, y_label = problem
    np.testing.assert_allclose(finite_diff.grad_y_w(x, w, b), unit.grad_y_w(x, w, b), atol=1e-7)
    np.testing.assert_allclose(
        finite_diff.grad_loss_w(x, w, b, y_label), unit.grad_loss_w(x, w, b, y_label), atol=1e-6
    )
    assert finite_diff.grad_loss_b(x, w, b, y_label) == pytest.approx(
        unit.grad_loss_b(x, w, b, y_label), abs=1e-6
    )


@pytest.mark.parametrize("h", [0.0, -1e-6])
def test_step_must_be_positive(h):
    with pytest.raises(ValueError, match="h must be positive"):
        finite_diff.gradient(np.sum, [1.0], h=h)


@pytest.mark.parametrize("h, v, match", [
    (1e-300, [1.0, 2.0], "too small to resolve"), (1e-15, [1.0], "too small to resolve"),
    (1e-10, [1e7], "too small to resolve"), (1e308, [1.0], "too large"),
])
def test_a_step_the_point_cannot_take_is_refused(h, v, match):
    with pytest.raises(lab3.InputError, match=f"h = .* is {match}"):
        finite_diff.gradient(np.sum, v, h=h)


def test_the_lab_problem_with_a_vanishing_step_is_refused_not_zero():
    p = lab3.LAB_PROBLEM
    with pytest.raises(lab3.InputError, match="too small to resolve at a point of size 3.14"):
        finite_diff.grad_loss_w(p.x, p.w, p.b, p.y_label, h=1e-300)
    with pytest.raises(lab3.InputError, match="too small"):
        finite_diff.grad_loss_b(p.x, p.w, p.b, p.y_label, h=1e-300)


@pytest.mark.parametrize("f, match", [
    (lambda v: "1.0", "the value of f must be numeric"),
    (lambda v: 1j, "the value of f must be numeric"),
    (lambda v: [1.0, 2.0], "the value of f must be a scalar"),
    (lambda v: np.nan, "the value of f must be finite"),
    ("sum", "f must be a function"),
])
def test_f_must_give_one_real_number(f, match):
    with pytest.raises(lab3.InputError, match=match):
        finite_diff.gradient(f, [1.0, 2.0])
