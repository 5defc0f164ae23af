"""lab3.check: right answers pass, each planted mistake gets the hint for its step.

The "students" below write their answers the way the templates ask, in
PyTorch, so the reference is autograd; the planted mistakes are the slips the
lab's notes warn about, computed here by hand or by torch.
"""

import math
from pathlib import Path

import numpy as np
import pytest
import torch

import lab3
from lab3 import mistakes
from lab3.answers import Answers, from_mapping
from lab3.check import check_answers
from lab3.variant import make_variant

EXERCISES = Path(__file__).resolve().parents[1] / "docs" / "exercises"
PROBLEMS = [lab3.LAB_PROBLEM] + [make_variant(s, d) for s in range(12) for d in (1, 2, 3, 6)]


def part1_student(p, dtype=torch.float64, *, zero_grad=True):
    """Part 1 done in PyTorch as the template asks (``zero_grad=False``: the classic slip)."""
    x = torch.tensor(p.x, dtype=dtype)
    w = torch.tensor(p.w, dtype=dtype, requires_grad=True)
    y = torch.sin(w @ x) - p.b
    y.backward()
    dy_dw = w.grad.clone()
    if zero_grad:
        w.grad.zero_()
    y = torch.sin(w @ x) - p.b
    L2 = (y - p.y_label) ** 2
    L2.backward()
    dL_dw = w.grad.clone()
    with torch.no_grad():
        w_new = w - p.lr * w.grad
    return {"x": x, "w": w, "b": p.b, "y_label": p.y_label, "lr": p.lr, "y": y,
            "dy_dw": dy_dw, "L2": L2, "dL_dw": dL_dw, "w_new": w_new}


def items(report):
    return {i.name: i for i in report.items}


# ---------------------------------------------------------------- right answers pass

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


def test_variant_by_seed_and_dim():
    p = make_variant(4, 3)
    report = check_answers(part1_student(p), seed=4, dim=3)
    assert report.ok and "variant --seed 4 --dim 3" in report.title
    assert not check_answers(part1_student(p)).ok, "checked against the lab by default"


# ---------------------------------------------------------------- planted mistakes

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


# ---------------------------------------------------------------- Part 2

def sse(w, x, y):
    return ((y - torch.sigmoid(w[0] * x + w[1])) ** 2).sum()


def part2_student(lr, loss_fn=sse, *, sign=-1.0, zero_grad=True, n=30, dtype=torch.double):
    """The Part 2 template's loop, filled in (with a slip, if asked)."""
    pts = torch.tensor(lab3.load_points(), dtype=dtype)
    x, y = pts[:, 0], pts[:, 1]
    w = torch.tensor([-2.0, 2.0], dtype=dtype, requires_grad=True)
    for i in range(n):
        loss = loss_fn(w, x, y)
        loss.backward()
        with torch.no_grad():
            w += sign * lr * w.grad
        if zero_grad:
            w.grad.zero_()
    return {"pts": pts, "w": w, "learning_rate": lr, "loss": loss, "i": i, "x": x, "y": y}


@pytest.mark.parametrize("student", [
    part2_student(2.5),
    part2_student(2.5, dtype=torch.float32),
    part2_student(12.5, lambda w, x, y: sse(w, x, y) / len(x)),  # the mean: N times the rate
    part2_student(2.5, lambda w, x, y: sse(w, x, y) + len(x) * math.log(math.sqrt(math.pi))),
    part2_student(1.0, n=60),
], ids=["sse", "float32", "mse", "nll", "60 steps"])
def test_a_right_loop_passes(student):
    report = check_answers(student)
    assert report.title.startswith("Part 2") and report.ok, str(report)


@pytest.mark.parametrize("student, name, hint", [
    (part2_student(2.5, sign=1.0), "w", "the loss climbs"),
    (part2_student(2.5, zero_grad=False), "w", "gradients accumulated"),
    (part2_student(2.5, lambda w, x, y: (y - torch.sigmoid(w[0] * x + w[1])).sum()),
     "loss", "square the residuals"),
    (part2_student(2.5, lambda w, x, y: ((y - 1 / (1 - torch.exp(w[0] * x - w[1]))) ** 2).sum()),
     "loss", "wrong model"),
    (part2_student(2.5, lambda w, x, y: ((y - torch.sigmoid(w[0] * x - w[1])) ** 2).sum()),
     "loss", "sign of w1"),
    (part2_student(0.1), "learning_rate", "too small"),
    (part2_student(6.0), "learning_rate", "too large: the run never settles"),
    (part2_student(100.0), "learning_rate", "stuck on a plateau"),
    (part2_student(50.0), "learning_rate", "too large"),
    (part2_student(2.5, sign=0.0), "w", "w never changed"),
], ids=["ascent", "no zero_grad", "no square", "lab's plot model", "sign of w1", "lr small",
        "lr cycles", "lr plateau", "lr 50", "no update"])
def test_a_slip_in_the_loop_gets_its_hint(student, name, hint):
    found = items(check_answers(student))
    assert found[name].status == "wrong" and hint in found[name].hint, found


SWEEP = lab3.learning_rate.sweep(*lab3.load_points().T)


@pytest.mark.parametrize("index", range(3, 401, 33))
def test_the_rate_verdict_agrees_with_the_sweep(index):
    rate = float(SWEEP.runs.rates[index])
    found = items(check_answers(part2_student(rate)))
    assert found["w"].status == "correct", found
    ok = SWEEP.runs.regimes[index] == "reasonable"
    assert (found["learning_rate"].status == "correct") == ok, (rate, found["learning_rate"])


@pytest.mark.parametrize("rate", [4.0, 4.5])
def test_a_fast_rate_whose_loss_rose_passes_with_a_note(rate):
    found = items(check_answers(part2_student(rate)))
    assert found["learning_rate"].status == "correct"
    assert found["learning_rate"].hint.startswith("note: the loss went up")


def test_part2_blanks_are_missing():
    student = part2_student(2.5)
    student["learning_rate"] = ...
    found = items(check_answers(Answers(values=from_mapping(student).values)))
    assert found["learning_rate"].status == "missing"


# ---------------------------------------------------------------- templates, run as files

FILL_PART1 = {
    "x = ...": "x = torch.tensor([2.0, 1.0], dtype=torch.float64)",
    "w = ...": "w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64, requires_grad=True)",
    "b = ...": "b = 0.0",
    "y_label = ...": "y_label = 2.0",
    "y = ...": "y = torch.sin(w @ x) - b",
    "# TODO: the backward pass through y": "y.backward()",
    "dy_dw = ...": "dy_dw = w.grad.clone()",
    "# TODO: clear w.grad": "w.grad.zero_()",
    "L2 = ...": "L2 = (y - y_label) ** 2",
    "# TODO: the backward pass through L2": "L2.backward()",
    "dL_dw = ...": "dL_dw = w.grad.clone()",
    "    w_new = ...": "    w_new = w - lr * w.grad",
}


def fill(template: Path, answers: dict, dest: Path) -> Path:
    """The template with each line that starts with a key replaced by its answer."""
    lines = template.read_text(encoding="utf-8").splitlines()
    out = [next((v for k, v in answers.items() if line.startswith(k)), line) for line in lines]
    dest.write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


def test_templates_have_the_blanks():
    part1 = (EXERCISES / "part1_template.py").read_text(encoding="utf-8")
    for blank in FILL_PART1:
        assert f"\n{blank}" in part1, blank
    part2 = (EXERCISES / "part2_template.py").read_text(encoding="utf-8")
    for blank in ("learning_rate = ...  # TODO", "    loss = ...  # TODO",
                  "# TODO: (2) the gradient", "...  # TODO: (3) update w"):
        assert blank in part2, blank
    for text in (part1, part2):
        assert text.count("# %% [markdown]") >= 4 and "check_answers(globals())" in text


def test_part2_template_plots_the_model_not_the_misprint():
    part2 = (EXERCISES / "part2_template.py").read_text(encoding="utf-8")
    assert "1 / (1 + np.exp(-(W[0] * T + W[1])))" in part2
    assert "1-np.exp" not in part2.replace(" ", "") and "np.load('pts.npy')" not in part2
    assert "lab3.datasets.load_points()" in part2


def test_filled_template_file_passes_and_a_slip_in_it_is_found(tmp_path):
    good = fill(EXERCISES / "part1_template.py", FILL_PART1, tmp_path / "good.py")
    report = check_answers(good)
    assert report.ok and len(report.items) == 10, str(report)
    slip = fill(EXERCISES / "part1_template.py", {**FILL_PART1, "# TODO: clear w.grad": ""},
                tmp_path / "slip.py")
    found = items(check_answers(slip))
    assert found["dL_dw"].hint == mistakes.ACCUMULATED


def test_untouched_templates_report_blanks_not_crashes():
    report = check_answers(EXERCISES / "part1_template.py")
    assert report.error is None and not report.ok
    assert {i.name for i in report.items if i.status == "missing"} >= {"y", "dL_dw", "w_new"}
    report = check_answers(EXERCISES / "part2_template.py")
    assert report.title.startswith("Part 2") and "AttributeError" in report.error
    assert {i.name for i in report.items} == {"learning_rate", "loss"}
