"""lab3.selfcheck.mistakes: each planted mistake gets the hint for its step, never the solution.

The planted mistakes are the slips the lab's notes warn about, computed here by
hand or by torch, not by lab3.
"""

import math

import numpy as np

import lab3
from lab3.selfcheck import mistakes
from lab3.selfcheck.check import check_answers
from students import PROBLEMS, items, part1_student


def plants(p):
    """(answer name, wrong value, the hint it must get), computed independently."""
    s = lab3.solve(p)
    c, si, r = math.cos(s.wx), math.sin(s.wx), s.y - p.y_label
    accumulated = part1_student(p, zero_grad=False)
    return [
        ("dy_dw", -c * p.x, mistakes.SIGN_SIN),
        ("dy_dw", si * p.x, mistakes.SIN_NOT_COS),
        ("dy_dw", p.x, mistakes.FORGOT_COS),
        ("dy_dw", c * p.w, mistakes.W_NOT_X),
        ("dL_dw", r * c * p.x, mistakes.FORGOT_2),
        ("dL_dw", -2 * r * c * p.x, mistakes.SIGN_LOSS),
        ("dL_dw", 2 * r * p.x, mistakes.FORGOT_COS),
        ("dL_dw", accumulated["dL_dw"], mistakes.ACCUMULATED),
        ("w_new", p.w + p.lr * s.dL_dw, mistakes.PLUS_UPDATE),
        ("w_new", p.w - s.dL_dw, mistakes.FORGOT_LR),
        ("w_new", accumulated["w_new"], mistakes.ACCUMULATED),
        ("w_new", p.w - p.lr * s.dy_dw, mistakes.DY_UPDATE),
        ("y", si + p.b, "bias"),
        ("y", c - p.b, "sin, not cos"),
        ("loss", r, "squares the error"),
        ("loss", abs(r), "squares the error"),
        ("loss", s.loss / 2, "no factor 1/2"),
    ]


def _same(a, b):
    a, b = np.ravel(np.asarray(a, dtype=float)), np.ravel(np.asarray(b, dtype=float))
    return a.size == b.size and np.allclose(a, b, atol=1e-3, rtol=1e-3)


def test_each_planted_mistake_gets_its_hint():
    tested = {}
    for p in PROBLEMS:
        s, planted = lab3.solve(p), plants(p)
        for name, value, hint in planted:
            ambiguous = _same(value, getattr(s, name)) or any(
                n == name and h != hint and _same(v, value) for n, v, h in planted)
            if ambiguous:  # e.g. forgetting cos(wᵀx) changes nothing when it is 1
                continue
            item = items(check_answers({name: value}, problem=p))[name]
            assert item.status == "wrong" and hint in item.hint, (p, name, hint, item)
            tested[(name, hint)] = tested.get((name, hint), 0) + 1
    assert len(tested) == 16 and min(tested.values()) >= 10, tested


def test_the_template_slip_of_not_clearing_w_grad():
    report = check_answers(part1_student(lab3.LAB_PROBLEM, zero_grad=False))
    found = items(report)
    assert found["dL_dw"].hint == mistakes.ACCUMULATED
    assert found["w_new"].hint == mistakes.ACCUMULATED
    assert found["y"].status == found["dy_dw"].status == found["loss"].status == "correct"


def test_hints_never_print_the_solution():
    s = lab3.solve()
    report = str(check_answers({"y": 1, "dy_dw": [1, 1], "loss": 3, "dL_dw": [1, 1],
                                "w_new": [1, 1]}))
    for value in (*s.dL_dw, *s.w_new, s.loss):
        assert f"{value:g}" not in report and f"{value:.2f}" not in report
