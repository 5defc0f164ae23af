"""lab3.unit: the hand-derived formulas, against values worked out by hand."""

import math

import numpy as np
import pytest
import torch

import lab3
from lab3 import unit

X, W, B, Y_LABEL = [2.0, 1.0], [math.pi / 2, math.pi], 0.0, 2.0


def test_forward_is_sin_of_two_pi():
    # wᵀx = 2·π/2 + 1·π = 2π, and sin(2π) = 0 up to the rounding of 2π.
    assert unit.forward(X, W, B) == pytest.approx(0.0, abs=1e-15)
    assert unit.forward(X, W, 0.5) == pytest.approx(-0.5, abs=1e-15)


def test_grad_y_w_is_x_when_cos_is_one():
    # cos(2π) = 1, so ∂y/∂w = x.
    np.testing.assert_allclose(unit.grad_y_w(X, W, B), [2.0, 1.0], rtol=0, atol=1e-15)
    assert unit.grad_y_b(X, W, B) == -1.0


def test_loss_and_chain_rule_by_hand():
    # L = (0 − 2)² = 4; ∂L/∂y = 2(0 − 2) = −4; ∂L/∂w = −4·[2, 1]; ∂L/∂b = −4·(−1).
    y = unit.forward(X, W, B)
    assert unit.mse_loss(X, W, B, Y_LABEL) == pytest.approx(4.0, abs=1e-14)
    assert unit.grad_loss_y(y, Y_LABEL) == pytest.approx(-4.0, abs=1e-14)
    np.testing.assert_allclose(unit.grad_loss_w(X, W, B, Y_LABEL), [-8.0, -4.0], atol=1e-14)
    assert unit.grad_loss_b(X, W, B, Y_LABEL) == pytest.approx(4.0, abs=1e-14)


def test_gradient_step_by_hand():
    # w − 0.5·[−8, −4] = [π/2 + 4, π + 2]; the bias stays unless asked.
    w_new, b_new = unit.gradient_step(X, W, B, Y_LABEL, 0.5)
    np.testing.assert_allclose(w_new, [math.pi / 2 + 4, math.pi + 2], rtol=1e-15)
    assert b_new == 0.0
    _, b_moved = unit.gradient_step(X, W, B, Y_LABEL, 0.5, update_bias=True)
    assert b_moved == pytest.approx(-2.0, abs=1e-14)  # 0 − 0.5·4


def test_loss_after_the_step_rises():
    # wᵀx_new = 2π + 10, so y_new = sin(10) and L_new = (sin 10 − 2)² ≈ 6.472 > 4.
    w_new, _ = unit.gradient_step(X, W, B, Y_LABEL, 0.5)
    y_new = unit.forward(X, w_new, B)
    assert y_new == pytest.approx(math.sin(10.0), abs=1e-13)
    assert unit.mse_loss(X, w_new, B, Y_LABEL) == pytest.approx((math.sin(10.0) - 2) ** 2,
                                                            abs=1e-12)


def test_one_dimensional_unit():
    # n = 1: y = sin(3·0.5) − 1, ∂y/∂w = cos(1.5)·3.
    assert unit.forward([3.0], [0.5], 1.0) == pytest.approx(math.sin(1.5) - 1)
    np.testing.assert_allclose(unit.grad_y_w([3.0], [0.5], 1.0), [3 * math.cos(1.5)])


def test_accepts_tensors_and_numpy():
    x = torch.tensor(X, dtype=torch.float64)
    assert unit.forward(x, np.array(W), np.float64(0)) == pytest.approx(0, abs=1e-15)


BAD_INPUTS = [
    (dict(x=[1.0, 2.0, 3.0], w=W), ValueError, "same length"),
    (dict(x=[[2.0, 1.0]], w=[[1.0, 1.0]]), ValueError, "1-D vector"),
    (dict(x=[], w=[]), ValueError, "must not be empty"),
    (dict(x=[2.0, float("nan")], w=W), ValueError, "NaN or inf"),
    (dict(x=X, w=[float("inf"), 1.0]), ValueError, "NaN or inf"),
    (dict(x="21", w=W), TypeError, "x must be numeric"),
    (dict(x=[2.0, "a"], w=W), TypeError, "x must be numeric, got text"),
    (dict(x=X, w=None), TypeError, "w must be numeric"),
    (dict(x=X, w=W, b=float("nan")), ValueError, "b must be finite"),
    (dict(x=X, w=W, b=[1.0, 2.0]), ValueError, "b must be a scalar"),
    (dict(x=X, w=W, b="0"), TypeError, "b must be numeric"),
]


@pytest.mark.parametrize("kwargs, error, message", BAD_INPUTS)
def test_bad_input_names_the_problem(kwargs, error, message):
    args = {"b": B, **kwargs}
    with pytest.raises(error, match=message):
        unit.forward(args["x"], args["w"], args["b"])
    with pytest.raises(error, match=message):
        unit.grad_loss_w(args["x"], args["w"], args["b"], Y_LABEL)


@pytest.mark.parametrize("lr", [0.0, -0.5, float("nan"), float("inf")])
def test_learning_rate_must_be_positive_and_finite(lr):
    with pytest.raises(ValueError, match="lr must be"):
        unit.gradient_step(X, W, B, Y_LABEL, lr)


def test_label_must_be_finite():
    with pytest.raises(ValueError, match="y_label must be finite"):
        unit.grad_loss_w(X, W, B, float("nan"))


@pytest.mark.parametrize("kwargs, message", [
    (dict(x=[2.0, 1.0 + 1j]), "x must be numeric, got complex numbers"),
    (dict(x=np.array([2.0, 1.0], dtype=complex)), "x must be numeric, got complex numbers"),
    (dict(b=1j), "b must be numeric, got complex numbers"),
    (dict(x=[True, False]), "x must be numeric, got booleans"),
    (dict(b=True), "b must be numeric, got booleans"),
    (dict(x=np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]")),
     "x must be numeric, got dates"),
    (dict(x=torch.tensor([2.0, 1.0], device="meta")), "x is a meta tensor"),
    (dict(x=torch.tensor([2.0, 1.0], dtype=torch.complex64)), "x must be numeric"),
])
def test_complex_bools_dates_and_meta_tensors_are_refused(kwargs, message):
    args = {"x": X, "w": W, "b": B, **kwargs}
    with pytest.raises(lab3.InputError, match=message):
        unit.forward(args["x"], args["w"], args["b"])


def test_a_tensor_that_requires_grad_is_read_not_changed():
    w = torch.tensor(W, dtype=torch.float32, requires_grad=True)
    assert unit.forward(X, w, B) == pytest.approx(0.0, abs=1e-6)
    assert w.grad is None and w.requires_grad


@pytest.mark.parametrize("call, message", [
    (lambda: unit.forward([1e200], [1e200], 0), "y is not a finite number.*x and w are too large"),
    (lambda: unit.grad_y_w([1e200], [1e200], 0), "x and w are too large"),
    (lambda: unit.mse_loss(X, W, B, 1e200), "L is not a finite number.*y_label"),
    (lambda: unit.grad_loss_y(1e308, -1e308), "y and y_label are too large"),
    (lambda: unit.gradient_step(X, W, B, Y_LABEL, 1e308), "lr is too large"),
])
def test_overflow_is_an_error_naming_the_arguments(call, message):
    with pytest.raises(lab3.InputError, match=message):
        call()


def test_update_bias_must_be_a_bool():
    with pytest.raises(lab3.InputError, match="update_bias must be True or False"):
        unit.gradient_step(X, W, B, Y_LABEL, 0.5, update_bias="no")
