"""lab3.selfcheck.part2: a right learning loop passes; each slip in the loss, the update or
the learning rate gets its hint; the rate's verdict is the learning-rate page's."""

import math

import pytest
import torch

import lab3
from lab3.selfcheck.answers import Answers, from_mapping
from lab3.selfcheck.check import check_answers
from students import items, part2_student, sse


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


def three_digits(value) -> list[float]:
    return [float(f"{v:.3g}") for v in value]


def test_typed_numbers_rounded_to_three_digits_pass_and_a_script_s_must_be_closer():
    """The exercises' promise for typed answers (the page's box, JSON, the command line):
    w = [1.3292, -1.0352] typed as 1.33, -1.04 is right; left by a script, it is not."""
    x, y = lab3.load_points().T
    run = lab3.learning_loop(x, y, 2.5)
    rounded = {"learning_rate": 2.5, "w": three_digits(run.w),
               "loss": three_digits([run.losses[-2]])[0]}
    assert not lab3.selfcheck.report.close(rounded["w"], run.w, 1e-4, 1e-3)  # a real test
    assert check_answers(from_mapping(rounded, typed=True)).ok
    script = items(check_answers(from_mapping(rounded)))
    assert script["w"].status == "wrong" and "not where 30 steps" in script["w"].hint
    off = dict(rounded, w=[rounded["w"][0], rounded["w"][1] - 0.01])  # one unit in the 3rd digit
    assert items(check_answers(from_mapping(off, typed=True)))["w"].status == "wrong"


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


@pytest.mark.parametrize("values, item, hint", [
    ({"learning_rate": [], "loss": [1.0], "w": [1.0, 2.0]}, "learning_rate", "positive number"),
    ({"learning_rate": [math.nan], "loss": [1.0], "w": [1.0, 2.0]}, "learning_rate",
     "positive number"),
    ({"learning_rate": [1.0], "loss": [1.0], "w": [1.0, 2.0], "i": [1e300]}, "w",
     "the loop's last i must be from 0 to 9999"),
])
def test_answers_that_are_no_numbers_are_judged_not_crashed_on(values, item, hint):
    report = check_answers(values, part=2)
    found = {i.name: i for i in report.items}
    assert found[item].status == "wrong" and hint in found[item].hint


def test_points_that_are_not_a_training_set_are_an_input_error():
    with pytest.raises(lab3.InputError, match="pts must hold finite numbers"):
        check_answers({"pts": [[0.0, math.nan]], "learning_rate": 1.0, "loss": 1.0,
                       "w": [1.0, 2.0]})


@pytest.mark.parametrize("rate", [50.0, 100.0])
def test_a_huge_rate_gets_the_learning_rate_pages_verdict(rate):
    found = items(check_answers(part2_student(rate)))
    outcome = lab3.learning_rate.judge(rate, *lab3.load_points().T)
    assert outcome.regime in ("cycles", "erratic", "diverges")
    assert found["learning_rate"].hint == outcome.advice()
    assert found["learning_rate"].hint.startswith("too large")


def _stopped_loop(update, *, requires_grad=True, stop_at=None):
    """The template's loop run until it fails, as the self-check sees it: the variables
    left behind and the error."""
    pts = torch.tensor(lab3.load_points())
    ns = {"pts": pts, "learning_rate": 2.5}
    x, y = pts[:, 0], pts[:, 1]
    ns["w"] = torch.tensor([-2.0, 2.0], dtype=torch.double, requires_grad=requires_grad)
    try:
        for i in range(30):
            ns["i"] = i
            ns["loss"] = loss = sse(ns["w"], x, y)
            loss.backward()
            with torch.no_grad():
                ns["w"] = update(ns["w"], 2.5)
            if i == stop_at:
                raise ValueError("stopped")
            ns["w"].grad.zero_()
    except (AttributeError, RuntimeError, ValueError) as err:
        return Answers(values=from_mapping(ns).values, error=f"{type(err).__name__}: {err}")
    raise AssertionError("the loop was meant to stop")


def _in_place(w, lr):
    w -= lr * w.grad
    return w


@pytest.mark.parametrize("answers, hint", [
    (_stopped_loop(lambda w, lr: w - lr * w.grad), "update w in place"),
    (_stopped_loop(_in_place, requires_grad=False), "without requires_grad=True"),
    (_stopped_loop(_in_place, stop_at=5), "stopped in the loop at step 6 of 30"),
], ids=["w = w - ...", "no requires_grad", "error at step 6"])
def test_a_loop_that_stopped_is_not_passed(answers, hint):
    found = items(check_answers(answers))
    assert found["w"].status == "wrong" and hint in found["w"].hint, found
    assert found["loss"].status == found["learning_rate"].status == "unchecked", found
    assert "too small" not in str(check_answers(answers))
