"""lab3.selfcheck.part2: a right learning loop passes; each slip in the loss, the update or
the learning rate gets its hint; the rate's verdict is the learning-rate page's."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import lab_sweep

import lab3
from lab3.selfcheck import part2
from lab3.selfcheck import report as report_mod
from lab3.selfcheck.answers import Answers, from_mapping
from lab3.selfcheck.check import check_answers
from students import items, part2_student, sse

ROOT = Path(__file__).resolve().parents[2]


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


SWEEP = lab_sweep()


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
    (_stopped_loop(_in_place, requires_grad=False), "w does not require a gradient"),
    (_stopped_loop(_in_place, stop_at=5), "stopped in the loop at step 6 of 30"),
], ids=["w = w - ...", "no requires_grad", "error at step 6"])
def test_a_loop_that_stopped_is_not_passed(answers, hint):
    found = items(check_answers(answers))
    assert found["w"].status == "wrong" and hint in found["w"].hint, found
    assert found["loss"].status == found["learning_rate"].status == "unchecked", found
    assert "too small" not in str(check_answers(answers))


# The number of steps: read off the loop's counter i, which a loop may leave at n - 1
# (range(n)), at n (range(1, n + 1), a while loop), or anywhere (i reused by another loop).
@pytest.mark.parametrize("last_i", [30, 2], ids=["range(1, 31)", "i reused"])
def test_a_right_30_step_loop_passes_whatever_its_counter_ends_at(last_i):
    student = dict(part2_student(2.5), i=last_i)
    report = check_answers(student)
    assert report.ok and items(report)["w"].hint == "", str(report)


def test_a_right_loop_of_other_steps_passes_and_says_the_lab_s_count():
    report = check_answers(part2_student(2.5, n=5))
    assert items(report)["w"].status == "correct"
    assert items(report)["w"].hint == "right for the 5 steps your loop ran (the lab's loop runs 30)"


def test_a_loop_run_twice_is_named_only_because_the_replay_lands_there():
    """A notebook's loop cell run twice: 60 steps, its counter at 29."""
    twice = dict(part2_student(2.5, n=60), i=29)
    hint = items(check_answers(twice))["w"].hint
    assert hint.startswith("w is where 60 right steps lead, 2 times your loop's 30"), hint
    thrice_less_one = dict(part2_student(2.5, n=59), i=29)  # no replay lands there
    assert "ran 2 times" not in items(check_answers(thrice_less_one))["w"].hint


def test_weights_no_replay_reaches_get_a_hint_that_names_no_cause():
    x, y = lab3.load_points().T
    elsewhere = lab3.learning_loop(x, y, 2.5, w_init=[0.0, 0.0]).w  # another start
    found = items(check_answers(from_mapping({"learning_rate": 2.5, "w": elsewhere.tolist(),
                                              "loss": 1.0, "i": 29})))
    assert found["w"].hint.startswith("not where 30 steps from [-2, 2] with learning rate 2.5 "
                                      "lead, nor where any slip the check knows leads")
    assert "model" not in found["w"].hint and "update" not in found["w"].hint


def test_typed_weights_rounded_to_two_digits_are_told_so_and_the_loss_is_optional():
    x, y = lab3.load_points().T
    run = lab3.learning_loop(x, y, 2.5)
    two = [float(f"{v:.2g}") for v in run.w]  # 1.3, -1.0
    found = items(check_answers(from_mapping({"learning_rate": 2.5, "w": two}, typed=True)))
    assert found["w"].hint == ("where the loop leads, rounded to two significant digits: "
                               "give three or more")
    off = [two[0], two[1] + 0.1]
    assert "two significant" not in items(check_answers(
        from_mapping({"learning_rate": 2.5, "w": off}, typed=True)))["w"].hint
    without_loss = check_answers(from_mapping({"learning_rate": 2.5, "w": three_digits(run.w)},
                                              typed=True))
    found = items(without_loss)
    assert found["w"].status == "correct" and found["learning_rate"].status == "correct"
    assert (found["loss"].status, found["loss"].hint) == ("unchecked", report_mod.OPTIONAL_LOSS)


@pytest.mark.parametrize("name", ["learning_rate", "lr", "alpha"])
def test_typed_answers_with_any_name_of_the_rate_are_part_2(name):
    x, y = lab3.load_points().T
    run = lab3.learning_loop(x, y, 2.5)
    report = check_answers(from_mapping({name: 2.5, "w": three_digits(run.w),
                                         "loss": three_digits([run.losses[-2]])[0]}, typed=True))
    assert report.title.startswith("Part 2") and report.ok, str(report)


def test_w_at_the_start_is_unchanged_only_when_the_loss_is_the_start_s():
    """w at [-2, 2] with the loss there: the loop never moved it; with the loss of a right
    loop's last step: w was made again after the loop (replayed); with another loss: no
    cause."""
    x, y = lab3.load_points().T
    start = np.array([-2.0, 2.0])
    run = lab3.learning_loop(x, y, 2.5)
    for loss, hint in [(lab3.likelihood.sse(start, x, y), part2.UNCHANGED),
                       (lab3.likelihood.nll(start, x, y), part2.UNCHANGED),
                       (run.losses[-2], part2.REMADE), (1.0, part2.START_OTHER_LOSS)]:
        found = items(check_answers(from_mapping({"pts": lab3.load_points(), "i": 29,
                                                  "learning_rate": 2.5, "loss": float(loss),
                                                  "w": start})))
        assert found["w"].hint == hint, loss


def test_a_rate_of_two_numbers_is_not_read_as_its_first():
    found = items(check_answers(from_mapping({"learning_rate": [2.5, 100], "w": [1.33, -1.04]},
                                             typed=True)))
    assert found["learning_rate"].status == "wrong"
    assert found["learning_rate"].hint == "must be one number, got 2"


def test_a_w_made_with_requires_grad_is_not_blamed_when_the_loss_was_cut_off(tmp_path):
    script = tmp_path / "cut.py"
    script.write_text(
        "import torch\nimport lab3\n"
        "pts = torch.tensor(lab3.load_points())\nx, y = pts[:, 0], pts[:, 1]\n"
        "learning_rate = 2.5\n"
        "w = torch.tensor([-2.0, 2.0], dtype=torch.float64, requires_grad=True)\n"
        "for i in range(30):\n"
        "    with torch.no_grad():\n"
        "        loss = ((y - torch.sigmoid(w[0] * x + w[1])) ** 2).sum()\n"
        "    loss.backward()\n", encoding="utf-8")
    assert items(check_answers(script))["w"].hint == part2.NO_GRAPH


@pytest.mark.parametrize("loss_name", ["loss", "L2"])
def test_a_part2_file_that_stops_before_its_answers_gets_part2_s_report(tmp_path, loss_name):
    """Also when its loss has Part 1's name, L2 (its code is all the check has to go by)."""
    template = (ROOT / "docs" / "exercises" / "part2_template.py").read_text(encoding="utf-8")
    assert re.search(r"\bloss\b", template)
    broken = tmp_path / "part2_template.py"
    broken.write_text(re.sub(r"\bloss\b", loss_name, template).replace(
        "import torch", "import torch(", 1), encoding="utf-8")
    report = check_answers(broken)
    assert report.title.startswith("Part 2") and "SyntaxError" in report.error
    assert {i.hint for i in report.items} == {
        "not reached: your file stopped before it (see the error above)"}
    assert str(report).endswith("Your file stopped with an error: fix it first.")


def test_three_digits_that_are_wrong_are_not_called_rounded_and_a_rounded_loss_is():
    x, y = lab3.load_points().T
    run = lab3.learning_loop(x, y, 2.5)  # w = [1.3292, -1.0352]
    wrong = items(check_answers(from_mapping({"learning_rate": 2.5, "w": [1.35, -1.04]},
                                             typed=True)))["w"]
    assert wrong.status == "wrong" and "two significant" not in wrong.hint
    loss = float(f"{run.losses[-2]:.2g}")
    found = items(check_answers(from_mapping({"learning_rate": 2.5, "w": three_digits(run.w),
                                              "loss": loss}, typed=True)))
    assert found["loss"].hint == ("the loss of the loop's last step, rounded to two "
                                  "significant digits: give three or more")


@pytest.mark.parametrize("lr", [1e-3, 1e-4])
def test_weights_exactly_at_the_start_never_moved_even_for_a_tiny_rate(lr):
    """A loop that never updates w ends exactly at [-2, 2]; a right loop with a tiny rate
    ends within the tolerance of it, but not on it."""
    student = dict(part2_student(lr, sign=0.0))
    found = items(check_answers(student))
    assert found["w"].status == "wrong" and found["w"].hint.startswith("w never changed")
    assert items(check_answers(part2_student(lr)))["w"].status == "correct"


def test_a_script_that_detaches_w_after_a_right_loop_is_not_said_to_have_stopped(tmp_path):
    """The check saw the file run to its end: no error is inferred from w, as it is for a
    notebook's globals."""
    script = tmp_path / "loop.py"
    script.write_text(
        "import torch, lab3\n"
        "pts = torch.tensor(lab3.load_points())\n"
        "x, y = pts[:, 0], pts[:, 1]\n"
        "learning_rate = 2.5\n"
        "w = torch.tensor([-2.0, 2.0], dtype=torch.float64, requires_grad=True)\n"
        "for i in range(30):\n"
        "    loss = ((y - torch.sigmoid(w[0] * x + w[1])) ** 2).sum()\n"
        "    loss.backward()\n"
        "    with torch.no_grad():\n"
        "        w -= learning_rate * w.grad\n"
        "    w.grad.zero_()\n"
        "w = w.detach()\n"
        "for i in range(5):\n"
        "    pass\n", encoding="utf-8")
    report = check_answers(script)
    assert report.ok, str(report)


@pytest.mark.parametrize("last_i", [5000, -1, 1e300], ids=["5000", "-1", "1e300"])
def test_a_right_loop_passes_whatever_another_loop_left_in_i(last_i):
    """A counter that cannot be the loop's (too many steps to replay, negative, huge): the
    template's 30 steps are judged, and the note says why."""
    found = items(check_answers(dict(part2_student(2.5), i=last_i)))
    assert found["w"].status == "correct"
    assert found["w"].hint.startswith("right for the template's 30 steps (the loop's last i, at ")


def test_a_right_loop_passes_when_another_loop_left_text_in_i():
    """``for i in ['a', 'b']`` after the loop: i is no number, and no answer of its own."""
    student = dict(part2_student(2.5), i="b")
    report = check_answers(student)
    assert [i.name for i in report.items] == ["loss", "w", "learning_rate"], str(report)
    assert report.items[1].status == "correct"
    assert "(the loop's last i, not a number, cannot count its steps)" in report.items[1].hint


@pytest.mark.parametrize(("lr", "dtype"), [(1e-20, torch.double), (1e-15, torch.double),
                                           (1e-9, torch.double), (1e-9, torch.float32)])
def test_a_rate_too_small_to_move_w_is_the_rate_s_fault_not_the_update_s(lr, dtype):
    """A right loop whose rate moves w by nothing (1e-9 in float32), or by its last bit: w is
    where that loop leads (not 'never changed'), and the rate is too small, as the loss has
    hardly moved."""
    found = items(check_answers(part2_student(lr, dtype=dtype)))
    assert found["w"].status == "correct" and found["loss"].status == "correct"
    assert found["learning_rate"].hint.startswith(
        "too small: after 30 steps the loss has hardly moved, 100.0% of the starting gap")
