"""lab3.unit_torch: autograd agrees with the hand-derived formulas in any dimension."""

import inspect
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings

from lab3 import unit, unit_torch
from strategies import unit_problems

X, W, B, Y_LABEL = [2.0, 1.0], [math.pi / 2, math.pi], 0.0, 2.0


@settings(max_examples=60, deadline=None)
@given(unit_problems())
def test_autograd_equals_hand_derivation(problem):
    x, w, b, y_label = problem
    assert unit_torch.forward(x, w, b) == pytest.approx(unit.forward(x, w, b), abs=1e-12)
    np.testing.assert_allclose(unit_torch.grad_y_w(x, w, b), unit.grad_y_w(x, w, b), atol=1e-12)
    assert unit_torch.mse_loss(x, w, b, y_label) == pytest.approx(
        unit.mse_loss(x, w, b, y_label), rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(
        unit_torch.grad_loss_w(x, w, b, y_label), unit.grad_loss_w(x, w, b, y_label), atol=1e-10
    )
    assert unit_torch.grad_loss_b(x, w, b, y_label) == pytest.approx(
        unit.grad_loss_b(x, w, b, y_label), abs=1e-10
    )
    for mine, theirs in zip(
        unit_torch.gradient_step(x, w, b, y_label, 0.1, update_bias=True),
        unit.gradient_step(x, w, b, y_label, 0.1, update_bias=True),
    ):
        np.testing.assert_allclose(mine, theirs, atol=1e-10)


def test_each_function_takes_the_arguments_of_its_hand_twin():
    for name in ("forward", "grad_y_w", "mse_loss", "grad_loss_w", "grad_loss_b", "gradient_step"):
        hand = list(inspect.signature(getattr(unit, name)).parameters)
        auto = list(inspect.signature(getattr(unit_torch, name)).parameters)
        assert auto == [*hand, "dtype"], name


def test_same_shapes_as_hand_twin():
    assert unit_torch.grad_y_w(X, W, B).shape == unit.grad_y_w(X, W, B).shape == (2,)
    assert unit_torch.grad_loss_w(X, W, B, Y_LABEL).dtype == np.float64


def test_lab_values_from_autograd():
    assert unit_torch.mse_loss(X, W, B, Y_LABEL) == pytest.approx(4.0, abs=1e-14)
    np.testing.assert_allclose(unit_torch.grad_loss_w(X, W, B, Y_LABEL), [-8, -4], atol=1e-14)


def test_float64_zero_looks_like_zero_float32_does_not():
    # The reason for float64 by default: sin(2π) must read as 0.
    assert abs(unit_torch.forward(X, W, B)) < 1e-15
    assert 1e-8 < abs(unit_torch.forward(X, W, B, dtype=torch.float32)) < 1e-6


def test_errors_are_clear():
    with pytest.raises(ValueError, match="same length"):
        unit_torch.grad_y_w([1.0], W, B)
    with pytest.raises(TypeError, match="dtype must be"):
        unit_torch.forward(X, W, B, dtype=torch.int64)
    with pytest.raises(ValueError, match="lr must be positive"):
        unit_torch.gradient_step(X, W, B, Y_LABEL, 0)
