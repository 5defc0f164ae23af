"""lab3.selfcheck.part1: right answers to Part 1 pass, in either precision, typed or computed;
a later answer that follows from an earlier mistake says so; the inputs are checked too."""

import math

import pytest
import torch

import lab3
from lab3.selfcheck import mistakes
from lab3.selfcheck.answers import from_mapping
from lab3.selfcheck.check import check_answers
from lab3.selfcheck.variant import make_variant
from students import PROBLEMS, items, part1_student


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
def test_autograd_answers_pass_in_both_precisions(dtype):
    for p in PROBLEMS:
        report = check_answers(part1_student(p, dtype), problem=p)
        assert report.ok, f"{p}\n{report}"


def test_float32_passes_for_large_dimensions():
    for seed in range(5):
        p = make_variant(seed, 40)
        assert check_answers(part1_student(p, torch.float32), problem=p).ok


def test_typed_answers_to_the_lab_pass_with_a_few_digits():
    typed = from_mapping({"y": 0, "dy_dw": [2, 1], "loss": 4, "dL_dw": [-8, -4],
                          "w_new": [5.57, 5.14]}, typed=True)
    report = check_answers(typed)
    assert report.ok and len(report.items) == 5, str(report)
    assert "5 of 5 correct." in str(report)


def test_zero_is_right_for_sin_2pi():
    assert items(check_answers({"y": 0.0}))["y"].status == "correct"
    assert items(check_answers({"y": 1.7484555e-07}))["y"].status == "correct"  # float32


def test_a_later_answer_that_follows_from_an_earlier_mistake():
    found = items(check_answers({"y": 1.0, "loss": 1.0, "dL_dw": [4.0, 2.0],
                                 "w_new": [math.pi / 2 - 2, math.pi - 1]}))
    assert "from your y" in found["loss"].hint
    assert "from your ∂L/∂w" in found["w_new"].hint
    found = items(check_answers({"dL_dw": [3.0, 1.0], "w_new": [math.pi / 2 + 1.5, math.pi + 0.5]}))
    assert found["w_new"].hint.startswith(mistakes.PLUS_UPDATE) and "∂L/∂w" in found["w_new"].hint


def test_inputs_are_checked_too():
    s = lab3.solve()
    found = items(check_answers({"x": [1.0, 2.0], "w": s.w_new, "b": 0.0}))
    assert found["x"].status == "wrong" and "--seed" in found["x"].hint
    assert "w holds the updated weights" in found["w"].hint
    assert found["b"].status == "correct"


def test_missing_blank_wrong_size_and_rounding():
    typed = from_mapping({"dy_dw": [2, 1, 0], "w_new": [5.6, 5.14]}, typed=True)
    found = items(check_answers(typed))
    assert set(found) == {"dy_dw", "w_new"}, "typed: only what was given"
    assert found["dy_dw"].hint == "expected 2 numbers, got 3"
    assert "three significant digits" in found["w_new"].hint
    found = items(check_answers({"y": ..., "L2": 4.0}))
    assert found["y"].status == "missing" and "still ..." in found["y"].hint
    assert found["dy_dw"].status == "missing" and found["loss"].status == "correct"
    assert not check_answers({"y": ...}).ok
