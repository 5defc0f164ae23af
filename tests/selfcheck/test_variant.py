"""lab3.selfcheck.variant: random Part 1 problems, checked against PyTorch autograd."""

import json
import math

import numpy as np
import pytest

import lab3
from lab3 import unit_torch
from lab3.selfcheck.variant import (JSON_KEYS, as_json, describe, make_variant, pi_multiple,
                                    worked_solution)

SEEDS_AND_DIMS = [(seed, dim) for seed in range(0, 40, 3) for dim in (1, 2, 3, 5, 8, 13)]


@pytest.mark.parametrize("seed, dim", SEEDS_AND_DIMS)
def test_variant_solution_agrees_with_autograd(seed, dim):
    p = make_variant(seed, dim)
    d = as_json(p)
    args = (p.x, p.w, p.b)
    assert d["y"] == pytest.approx(unit_torch.forward(*args), abs=1e-12)
    np.testing.assert_allclose(d["dy_dw"], unit_torch.grad_y_w(*args), atol=1e-12)
    assert d["loss"] == pytest.approx(unit_torch.mse_loss(*args, p.y_label), abs=1e-12)
    np.testing.assert_allclose(d["dL_dw"], unit_torch.grad_loss_w(*args, p.y_label), atol=1e-12)
    w_new, _ = unit_torch.gradient_step(*args, p.y_label, p.lr)
    np.testing.assert_allclose(d["w_new"], w_new, atol=1e-12)


@pytest.mark.parametrize("seed, dim", SEEDS_AND_DIMS[::4])
def test_variant_is_friendly_to_pen_and_paper(seed, dim):
    p = make_variant(seed, dim)
    assert p.x.shape == p.w.shape == (dim,)
    assert np.all(p.x == np.round(p.x)) and np.all(np.abs(p.x) <= 3)
    quarters = p.w / (math.pi / 4)
    np.testing.assert_allclose(quarters, np.round(quarters), atol=1e-12)
    assert p.b == round(p.b) and p.y_label == round(p.y_label)
    assert p.lr in lab3.selfcheck.variant.LEARNING_RATES
    assert np.any(np.abs(lab3.solve(p).dL_dw) > 0.1), "every step of the solution must show"


def test_same_seed_same_variant_and_seeds_differ():
    assert repr(make_variant(5, 4)) == repr(make_variant(5, 4))
    assert len({repr(make_variant(s, 3)) for s in range(20)}) > 15


def test_json_has_exactly_the_named_keys_in_order():
    d = as_json(make_variant(2, 3))
    assert tuple(d) == JSON_KEYS == ("x", "w", "b", "y_label", "lr", "y", "dy_dw", "loss",
                                     "dL_dw", "w_new")
    assert json.loads(json.dumps(d)) == d


def test_any_dimension_works():
    assert make_variant(0, 1).x.shape == (1,)
    assert make_variant(0, 200).x.shape == (200,)


@pytest.mark.parametrize("seed, dim, error, match", [
    (0, 0, ValueError, "dim must be at least 1"),
    (0, -3, ValueError, "dim must be at least 1"),
    (0, 2.5, TypeError, "dim must be a whole number"),
    (-1, 2, ValueError, "seed must be at least 0"),
    (1.5, 2, TypeError, "seed must be a whole number"),
    ("7", 2, TypeError, "seed must be a whole number"),
])
def test_bad_arguments_raise_clear_errors(seed, dim, error, match):
    with pytest.raises(error, match=match):
        make_variant(seed, dim)


@pytest.mark.parametrize("value, text", [
    (0.0, "0"), (math.pi / 4, "π/4"), (math.pi / 2, "π/2"), (-3 * math.pi / 4, "-3π/4"),
    (math.pi, "π"), (-math.pi, "-π"), (2 * math.pi, "2π"), (5 * math.pi / 2, "5π/2"),
    (1.0, "1"),
])
def test_pi_multiple(value, text):
    assert pi_multiple(value) == text


def test_texts_state_the_problem_and_each_step():
    p = make_variant(3, 2)
    problem, steps = describe(p), worked_solution(p)
    assert "x = [2, -3]" in problem and "w = [π/4, π/2]" in problem
    for number in ("-π", "[-2, 3]", "[4, -6]", "[0.5854, 1.8708]"):  # by hand: see below
        assert number in steps
    # by hand: wᵀx = π/2 - 3π/2 = -π, cos = -1, y = 0 + 1 = 1, ∂L/∂y = 2(1 - 2) = -2,
    # ∂y/∂w = -[2, -3], ∂L/∂w = [4, -6], w_new = [π/4 - 0.2, π/2 + 0.3]
