"""lab3.selfcheck.backward_item: the student's sin_backward is called and compared with
autograd; a slip is named only when replaying it gives the student's outputs."""

import math
from pathlib import Path

import numpy as np
import pytest
import torch

import lab3
from lab3.selfcheck import backward_item
from lab3.selfcheck.answers import from_mapping
from lab3.selfcheck.check import check_answers
from students import items, part1_student

EXERCISES = Path(__file__).resolve().parents[2] / "docs" / "exercises"


def verdict(function):
    """The sin_backward item of a notebook whose other answers are all right."""
    answers = {**part1_student(lab3.LAB_PROBLEM), "sin_backward": function}
    report = check_answers(answers)
    found = items(report)
    assert all(i.status == "correct" for n, i in found.items() if n != "sin_backward"), report
    return found["sin_backward"]


@pytest.mark.parametrize("function", [
    lambda s, up: up * torch.cos(s),
    lambda s, up: up * math.cos(s),
    lambda s, up: float(up) * np.cos(float(s)),
    lambda s, up: (up * torch.cos(s)).reshape(1),
], ids=["torch", "math", "numpy", "one-element"])
def test_right_functions_pass(function):
    assert verdict(function).status == "correct"


def test_the_probes_include_the_lab_and_points_where_cos_is_not_one():
    s, up = backward_item.PROBES[0]
    assert s == pytest.approx(2 * math.pi) and up == pytest.approx(-4.0)  # 2(0 − 2)
    assert sum(abs(math.cos(s) - 1) > 0.1 for s, _ in backward_item.PROBES) >= 3
    s_t = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    torch.sin(s_t).backward(torch.tensor(1.0, dtype=torch.float64))
    k = [p[0] for p in backward_item.PROBES].index(0.5)
    assert backward_item.reference()[k] == pytest.approx(s_t.grad.item(), rel=1e-15)


def test_the_reference_is_sin_backward_with_the_upstream_bit_for_bit():
    """``reference`` backpropagates ``upstream * sin(s)`` (to skip PyTorch's slow first
    import of its shape checks): the very ``s.grad`` of ``sin(s).backward(upstream)``."""
    expected = []
    for s, up in backward_item.PROBES:
        s_t = torch.tensor(s, dtype=torch.float64, requires_grad=True)
        torch.sin(s_t).backward(torch.tensor(up, dtype=torch.float64))
        expected.append(s_t.grad.item())
    assert backward_item.reference().tolist() == expected


@pytest.mark.parametrize("function, hint", [
    (lambda s, up: torch.cos(s), "forgot the upstream factor"),
    (lambda s, up: up, "forgot the local derivative"),
    (lambda s, up: up * torch.sin(s), "not sin"),
    (lambda s, up: torch.sin(s), "returned sin s"),
    (lambda s, up: -up * torch.sin(s), "derivative of cos s"),
    (lambda s, up: -up * torch.cos(s), "not −cos s"),
    (lambda s, up: up + torch.cos(s), "multiplies"),
], ids=["no-upstream", "no-cos", "sin", "sin-only", "minus-sin", "minus-cos", "plus"])
def test_each_slip_is_named(function, hint):
    item = verdict(function)
    assert item.status == "wrong" and hint in item.hint, item


def test_an_unknown_mistake_is_described_not_guessed():
    item = verdict(lambda s, up: up * torch.cos(2 * s))
    assert item.status == "wrong"
    assert item.hint.startswith("differs from autograd at 4 of 5 inputs")
    assert "right at the lab's s" in item.hint, "cos(4π) = cos(2π): right there only"
    assert not any(h in item.hint for h, _ in backward_item.SLIPS)
    wrong_everywhere = verdict(lambda s, up: up * torch.cos(s) + 1)
    assert "5 of 5" in wrong_everywhere.hint and "right at" not in wrong_everywhere.hint


@pytest.mark.parametrize("function, status, hint", [
    (lambda s, up: ..., "missing", "still ..."),
    (lambda s, up: 1 / 0, "wrong", "raised ZeroDivisionError"),
    (lambda s, up: torch.stack([s, up]), "wrong", "returned 2 numbers"),
    (lambda s, up: "cos", "wrong", "sin_backward(s="),
    (lambda s: s, "wrong", "raised TypeError"),
])
def test_blank_broken_or_odd_functions(function, status, hint):
    item = verdict(function)
    assert item.status == status and hint in item.hint, item


def test_no_function_is_missing_and_typed_answers_have_no_item():
    found = items(check_answers(part1_student(lab3.LAB_PROBLEM) | {"sin_backward": ...}))
    assert found["sin_backward"].status == "missing" and "still ..." in found["sin_backward"].hint
    found = items(check_answers(part1_student(lab3.LAB_PROBLEM) | {"sin_backward": None}))
    assert found["sin_backward"].status == "wrong", "not a function: not a pass either"
    found = items(check_answers({"y": 0.0}))
    assert found["sin_backward"].status == "missing" and "define it" in found["sin_backward"].hint
    typed = check_answers(from_mapping({"y": 0, "dy_dw": [2, 1]}, typed=True))
    assert "sin_backward" not in items(typed) and typed.ok


def test_the_template_file_with_a_slip(tmp_path):
    text = (EXERCISES / "part1_template.py").read_text(encoding="utf-8")
    assert "    return ...  # TODO" in text
    untouched = items(check_answers(EXERCISES / "part1_template.py"))
    assert untouched["sin_backward"].status == "missing"
    path = tmp_path / "slip.py"
    path.write_text(text.replace("    return ...  # TODO", "    return torch.cos(s)  #"),
                    encoding="utf-8")
    item = items(check_answers(path))["sin_backward"]
    assert item.status == "wrong" and "forgot the upstream factor" in item.hint
