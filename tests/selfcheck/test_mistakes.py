"""lab3.selfcheck.mistakes: each planted mistake gets the hint for its step, never the solution.

The planted mistakes are the slips the lab's notes warn about, computed here by
hand or by torch, not by lab3.
"""

import math

import numpy as np
import torch

import lab3
from lab3.selfcheck import mistakes
from lab3.selfcheck.answers import Answers, from_mapping
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


def _run(student):
    """Answers left by ``student(ns)``, a template filled in with a slip, and how it stopped
    (the error text as the self-check reports it)."""
    ns = {}
    try:
        student(ns)
        error = None
    except Exception as err:  # noqa: BLE001 - the student's file stops here
        error = f"{type(err).__name__}: {err}"
    return Answers(values=from_mapping(ns).values, error=error)


def _forward(p, ns):
    ns["x"] = x = torch.tensor(p.x, dtype=torch.float64)
    ns["w"] = w = torch.tensor(p.w, dtype=torch.float64, requires_grad=True)
    ns.update(b=p.b, y_label=p.y_label, lr=p.lr)
    ns["y"] = y = torch.sin(w @ x) - p.b
    y.backward()
    ns["dy_dw"] = w.grad.clone()
    w.grad.zero_()
    return x, w, y


def test_backward_twice_is_a_doubled_gradient_not_a_forgotten_rate():
    def twice(p, ns):
        x, w, _ = _forward(p, ns)
        ns["L2"] = L2 = (torch.sin(w @ x) - p.b - p.y_label) ** 2
        L2.backward(retain_graph=True)
        L2.backward()
        ns["dL_dw"] = w.grad.clone()
        with torch.no_grad():
            ns["w_new"] = w - p.lr * w.grad

    for p in PROBLEMS:
        if np.allclose(lab3.solve(p).dL_dw, 0, atol=1e-6):
            continue  # doubling nothing changes nothing
        found = items(check_answers(_run(lambda ns: twice(p, ns)), problem=p))
        assert found["dL_dw"].hint == mistakes.DOUBLED, (p, found)
        assert mistakes.DOUBLED in found["w_new"].hint, (p, found)  # with α = 1/2 also "forgot α"
    found = items(check_answers(_run(lambda ns: twice(lab3.LAB_PROBLEM, ns))))
    assert found["w_new"].hint == mistakes.DOUBLED, "replaying ∂L/∂w explains w_new too"


def test_a_zero_gradient_is_not_a_calculus_slip():
    def not_rebuilt(ns):  # dL_dw never assigned, the forward pass not rebuilt
        x, w, y = _forward(lab3.LAB_PROBLEM, ns)
        ns["L2"] = L2 = (y - 2.0) ** 2
        L2.backward()

    answers = _run(not_rebuilt)
    assert "backward through the graph a second time" in answers.error
    found = items(check_answers(answers))
    assert found["dL_dw"].hint == mistakes.NOT_REBUILT
    assert found["y"].status == found["dy_dw"].status == "correct"
    assert "dL_dw" not in answers.values  # the zeroed w.grad stands in for it
    answers.error = None  # in a notebook the check does not see the error
    hint = items(check_answers(answers))["dL_dw"].hint
    assert hint.startswith("no variable dL_dw, so w.grad was read") and "all zeros" in hint
    assert mistakes.SIN_NOT_COS not in hint
    # typed zeros could be either: both are said
    hint = items(check_answers({"dL_dw": [0.0, 0.0]}))["dL_dw"].hint
    assert hint.startswith(mistakes.ZERO_GRAD) and mistakes.SIN_NOT_COS in hint


def test_the_half_convention_is_recognised_and_carried():
    def half(p, ns):
        x, w, _ = _forward(p, ns)
        ns["L2"] = L2 = 0.5 * (torch.sin(w @ x) - p.b - p.y_label) ** 2
        L2.backward()
        ns["dL_dw"] = w.grad.clone()
        with torch.no_grad():
            ns["w_new"] = w - p.lr * w.grad

    checked = 0
    for p in PROBLEMS:
        s = lab3.solve(p)
        if abs(s.loss) < 1e-3 or np.allclose(s.dL_dw, 0, atol=1e-3):
            continue  # half of nothing is nothing
        found = items(check_answers(_run(lambda ns: half(p, ns)), problem=p))
        assert found["loss"].hint == mistakes.HALF_LOSS, (p, found)
        assert found["dL_dw"].hint == found["w_new"].hint == mistakes.HALF_FOLLOWS, (p, found)
        checked += 1
    assert checked >= 30
    assert "no factor 1/2" in mistakes.HALF_LOSS and "doubles" in mistakes.HALF_LOSS
