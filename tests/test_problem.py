"""lab3.problem: the lab's values and the full worked solution."""

import dataclasses
import json
import math

import numpy as np
import pytest

import lab3
from lab3.problem import UnitProblem


def test_lab_problem_holds_the_labs_values():
    p = lab3.LAB_PROBLEM
    np.testing.assert_array_equal(p.x, [2.0, 1.0])
    np.testing.assert_array_equal(p.w, [math.pi / 2, math.pi])
    assert (p.b, p.y_label, p.lr) == (0.0, 2.0, 0.5)


def test_solution_by_hand():
    s = lab3.solve()
    assert s.wx == pytest.approx(2 * math.pi, rel=1e-15)
    assert abs(s.y) < 1e-15
    np.testing.assert_allclose(s.dy_dw, [2, 1], atol=1e-15)
    assert s.dy_db == -1.0
    assert s.loss == pytest.approx(4.0, abs=1e-14)
    assert s.dL_dy == pytest.approx(-4.0, abs=1e-14)
    np.testing.assert_allclose(s.dL_dw, [-8, -4], atol=1e-14)
    assert s.dL_db == pytest.approx(4.0, abs=1e-14)
    np.testing.assert_allclose(s.w_new, [math.pi / 2 + 4, math.pi + 2], rtol=1e-15)
    assert s.y_new == pytest.approx(math.sin(10.0), abs=1e-13)
    assert s.loss_new == pytest.approx((math.sin(10.0) - 2) ** 2, abs=1e-12)


def test_learning_rate_to_the_peak_of_the_sine():
    # wᵀx moves by α·4·‖x‖² = 20α; α = π/40 lands on 2π + π/2 where sin = 1, L = 1.
    s = lab3.solve(dataclasses.replace(lab3.LAB_PROBLEM, lr=math.pi / 40))
    assert s.y_new == pytest.approx(1.0, abs=1e-14)
    assert s.loss_new == pytest.approx(1.0, abs=1e-13)


def test_as_dict_is_json_ready():
    d = lab3.solve().as_dict()
    assert json.loads(json.dumps(d))["dL_dw"] == pytest.approx([-8, -4])
    assert set(d) >= {"y", "dy_dw", "loss", "dL_dw", "w_new"}


def test_problem_validates_its_inputs():
    with pytest.raises(ValueError, match="same length"):
        UnitProblem(x=[1.0], w=[1.0, 2.0], b=0, y_label=1, lr=0.1)
    with pytest.raises(ValueError, match="lr must be positive"):
        UnitProblem(x=[1.0], w=[1.0], b=0, y_label=1, lr=-1)
    with pytest.raises(ValueError, match="y_label must be finite"):
        UnitProblem(x=[1.0], w=[1.0], b=0, y_label=math.inf, lr=1)
    with pytest.raises(ValueError, match="lr must be positive"):
        dataclasses.replace(lab3.LAB_PROBLEM, lr=0)


def test_lowering_limit_is_pi_over_20_and_every_smaller_rate_lowers_the_loss():
    # s moves by α·|∂L/∂y|·|cos s|·‖x‖² = 20α; the loss is back at 4 when sin s = 0 again.
    limit = lab3.problem.lowering_limit()
    assert limit == pytest.approx(math.pi / 20, rel=1e-14)
    assert lab3.problem.step_shift() == pytest.approx(20.0, rel=1e-14)
    assert lab3.problem.peak_rate() == pytest.approx(math.pi / 40, rel=1e-14)
    before = lab3.solve().loss
    for lr in np.linspace(1e-4, limit * (1 - 1e-9), 500):
        assert lab3.solve(dataclasses.replace(lab3.LAB_PROBLEM, lr=lr)).loss_new < before
    assert lab3.solve(dataclasses.replace(lab3.LAB_PROBLEM, lr=limit * 1.001)).loss_new > before


def test_the_lab_problem_cannot_be_changed():
    w = lab3.LAB_PROBLEM.w
    with pytest.raises(ValueError, match="read-only"):
        w -= [-4, -2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lab3.LAB_PROBLEM.w = np.zeros(2)
    np.testing.assert_array_equal(lab3.LAB_PROBLEM.w, [math.pi / 2, math.pi])


def test_a_problem_copies_the_arrays_it_is_given():
    x = np.array([2.0, 1.0])
    p = UnitProblem(x=x, w=[1.0, 1.0], b=0, y_label=1, lr=0.1)
    x[0] = 99.0
    assert p.x[0] == 2.0 and x.flags.writeable


@pytest.mark.parametrize("call", [lab3.solve, lab3.problem.step_shift, lab3.problem.peak_rate,
                                  lab3.problem.lowering_limit])
def test_a_problem_must_be_a_unit_problem(call):
    with pytest.raises(lab3.InputError, match="problem must be a lab3.problem.UnitProblem"):
        call({"x": [2.0, 1.0]})
