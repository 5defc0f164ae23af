"""lab3.selfcheck.part1: right answers to Part 1 pass, in either precision, typed or computed;
a later answer that follows from an earlier mistake says so; the inputs are checked too."""

import dataclasses
import math

import numpy as np
import pytest
import torch

import lab3
from lab3.selfcheck import mistakes
from lab3.selfcheck.answers import Answers, from_mapping
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
    assert found["dy_dw"].hint == "expected 2 numbers, got 3"  # w_new is the lab's length
    assert "three significant digits" in found["w_new"].hint
    found = items(check_answers({"y": ..., "L2": 4.0}))
    assert found["y"].status == "missing" and "still ..." in found["y"].hint
    assert found["dy_dw"].status == "missing" and found["loss"].status == "correct"
    assert not check_answers({"y": ...}).ok


def test_a_wrong_length_is_a_variant_s_only_when_no_other_answer_says_otherwise():
    """"For a variant of dimension k" is said of an answer of k numbers only when no other
    vector of the file has another length: right answers of the lab's length beside it (as
    when 5.57, 5.14 is typed with decimal commas), or a third length, say it is not."""
    commas = {"y": 0, "dy_dw": [2, 1], "loss": 4, "dL_dw": [-8, -4], "w_new": [5, 57, 5, 14]}
    found = items(check_answers(from_mapping(commas, typed=True)))
    assert found["w_new"].hint == "expected 2 numbers, got 4"
    assert [i.status for i in found.values()].count("correct") == 4
    found = items(check_answers(from_mapping({"dy_dw": [1, 2, 3], "w_new": [1, 2, 3, 4]},
                                             typed=True)))
    assert (found["dy_dw"].hint, found["w_new"].hint) == ("expected 2 numbers, got 3",
                                                          "expected 2 numbers, got 4")
    found = items(check_answers(from_mapping({"w_new": [1, 2, 3, 4]}, typed=True)))
    assert found["w_new"].hint.endswith("for a variant of dimension 4, add --seed S --dim 4")
    found = items(check_answers(from_mapping({"dy_dw": [1, 2, 3, 4], "w_new": [1, 2, 3, 4]},
                                             typed=True)))
    assert all(i.hint.endswith("add --seed S --dim 4") for i in found.values())
    found = items(check_answers({"x": [1.0, 2.0, 3.0], "w": [1.0, 2.0], "b": 0.0}))
    assert found["x"].hint == "expected 2 numbers, got 3", "w is the lab's length"


def test_later_answers_are_judged_on_the_students_own_x():
    p = lab3.LAB_PROBLEM
    own = part1_student(dataclasses.replace(p, x=[1.0, 2.0]))  # x entered as [1, 2]
    found = items(check_answers(own))
    assert found["x"].status == "wrong" and found["w"].status == "correct"
    for name in ("y", "dy_dw", "loss", "dL_dw", "w_new"):
        assert found[name].status == "wrong", found[name]
        assert found[name].hint == "follows correctly from your x: fix x first", found[name]
    own["y"] = torch.tensor(0.3)  # wrong even with the student's x: not blamed on a formula
    assert items(check_answers(own))["y"].hint == (
        "your x differs from the problem: fix x first, then redo this step")


def _round(value, digits):
    return [float(f"{v:.{digits}g}") for v in np.ravel(value)]


def test_typed_answers_rounded_to_three_significant_digits_pass():
    assert check_answers(from_mapping({"dL_dw": [-1.24, 1.24, 0.414, 0]}, typed=True),
                         seed=3, dim=4).ok
    for p in PROBLEMS:
        s = lab3.solve(p)
        typed = {n: _round(getattr(s, n), 3) for n in ("y", "dy_dw", "loss", "dL_dw", "w_new")}
        report = check_answers(from_mapping(typed, typed=True), problem=p)
        assert report.ok, f"{p}\n{typed}\n{report}"
    found = items(check_answers(from_mapping({"dL_dw": [-1.2, 1.24, 0.414, 0]}, typed=True),
                                seed=3, dim=4))
    assert found["dL_dw"].status == "wrong", "two digits are not three"


def test_a_variant_checked_without_its_flags_says_so():
    p = make_variant(3, 4)
    answers = {**part1_student(p), "b": p.b}
    found = items(check_answers(answers))
    assert found.pop("sin_backward").status == "correct", "the same for any problem"
    assert all(i.status == "wrong" and "--seed 3 --dim 4" in i.hint for i in found.values()), found
    answers["x"] = answers["x"] + 0.5  # not a variant it can find: the flags to fill in
    found = items(check_answers(answers))
    assert "--seed S --dim 4" in found["dL_dw"].hint


def test_one_number_each_is_a_variant_only_when_it_is_one_s_answers():
    """Single numbers where the lab has two are no sign of a variant of dimension 1 (a
    student gave one component, or a sum): the check says so only when they are the answers
    of one it knows, and otherwise says what size it expected."""
    one_each = {"dy_dw": 1.5, "dL_dw": 2.5, "w_new": 3.5}
    found = items(check_answers(from_mapping(one_each, typed=True)))
    assert {i.hint for i in found.values()} == {"expected 2 numbers, got 1"}, found
    s = lab3.solve(make_variant(17, 1))
    typed = {n: float(np.ravel(getattr(s, n))[0]) for n in ("y", "dy_dw", "loss", "dL_dw",
                                                          "w_new")}
    found = items(check_answers(from_mapping(typed, typed=True)))
    assert all("--seed 17 --dim 1" in found[n].hint for n in ("dy_dw", "dL_dw", "w_new"))
    assert items(check_answers(from_mapping(typed, typed=True), seed=17, dim=1))[
        "w_new"].status == "correct"


def test_another_problems_answers_are_named_only_when_replayed():
    """The problem named is one whose every input (or, with none, every answer) the answers
    are: the lab's own values checked as a variant; the variant of the right seed where
    several share x and w; none for inputs no variant has, or answers none gives."""
    lab = lab3.solve()
    answers = {n: np.ravel(getattr(lab, n)).tolist() for n in ("dy_dw", "dL_dw", "w_new")}
    found = items(check_answers(from_mapping(answers, typed=True), seed=1, dim=3))
    assert all(i.hint.endswith("these are the lab's own values: check them without --seed and "
                               "--dim") for i in found.values()), found
    one = make_variant(1, 1)
    assert make_variant(0, 1).x == one.x and make_variant(0, 1).w == one.w  # seed 0 shares them
    s = lab3.solve(one)
    mapping = {"x": one.x, "w": one.w, "b": one.b, "y_label": one.y_label, "lr": one.lr,
               **{n: getattr(s, n) for n in ("y", "dy_dw", "loss", "dL_dw", "w_new")}}
    found = items(check_answers(from_mapping(mapping)))
    assert all("--seed 1 --dim 1" in found[n].hint for n in ("x", "dy_dw", "w_new")), found
    partial = {k: v for k, v in mapping.items() if k not in ("b", "y_label", "lr")}
    found = items(check_answers(from_mapping(partial)))  # x and w alone: the answers decide
    assert all("--seed 1 --dim 1" in found[n].hint for n in ("x", "dy_dw", "w_new")), found
    odd = {**mapping, "x": [2.0, 1.0, 0.5], "w": [0.0, 0.0, 0.0], "dy_dw": [2.0, 1.0, 0.5],
           "dL_dw": [1.0, 1.0, 1.0], "w_new": [1.0, 1.0, 1.0]}
    found = items(check_answers(from_mapping(odd)))
    assert not any("looks like a variant" in i.hint or "--seed 0" in i.hint
                   for i in found.values()), found
    assert found["dy_dw"].hint.startswith("expected 2 numbers, got 3")


def test_inputs_a_little_off_a_variant_s_are_not_called_that_variant():
    """Inputs are matched as the check with the variant's flags judges them: w off by 0.1%
    is no variant's, for the flags would then find w wrong."""
    v = make_variant(3, 3)
    s = lab3.solve(v)
    mapping = {"x": v.x, "w": v.w * np.array([1.0, 1.001, 1.0]), "b": v.b, "y_label": v.y_label,
               "lr": v.lr, **{n: getattr(s, n) for n in ("y", "dy_dw", "loss", "dL_dw", "w_new")}}
    assert abs(v.w[1]) > 0
    found = items(check_answers(from_mapping(mapping)))
    assert not any("looks like a variant" in i.hint for i in found.values()), found


def test_a_variants_answer_is_its_own_before_any_slip_of_the_lab():
    """∂y/∂w = 1 is "x left out" on the lab, and the right answer of variant --seed 7 --dim 1
    (x = [1]): with all of that variant's answers, the variant is named."""
    s = lab3.solve(make_variant(7, 1))
    typed = {n: float(np.ravel(getattr(s, n))[0]) for n in ("y", "dy_dw", "loss", "dL_dw",
                                                          "w_new")}
    assert typed["dy_dw"] == 1.0
    found = items(check_answers(from_mapping(typed, typed=True)))
    assert "--seed 7 --dim 1" in found["dy_dw"].hint
    assert items(check_answers(from_mapping({"dy_dw": [1.0, 2.0]}, typed=True), seed=7, dim=1))[
        "dy_dw"].hint.startswith("expected one number, got 2")


def test_a_w_made_with_requires_grad_is_not_blamed_when_y_was_cut_off(tmp_path):
    script = tmp_path / "cut.py"
    script.write_text(
        "import math\nimport torch\n"
        "x = torch.tensor([2.0, 1.0], dtype=torch.float64)\n"
        "w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64, requires_grad=True)\n"
        "b, y_label, lr = 0.0, 2.0, 0.5\n"
        "y = (torch.sin(w @ x) - b).detach()\n"
        "y.backward()\n", encoding="utf-8")
    found = items(check_answers(script))
    assert found["y"].status == found["w"].status == "correct"
    assert found["dy_dw"].hint == mistakes.NO_GRAPH
    # another error that says "does not require grad" (a gradient taken with respect to x)
    script.write_text(script.read_text(encoding="utf-8").replace(
        "y = (torch.sin(w @ x) - b).detach()\ny.backward()",
        "y = torch.sin(w @ x) - b\ntorch.autograd.grad(y, x)"), encoding="utf-8")
    found = items(check_answers(script))
    assert found["dy_dw"].hint != mistakes.NO_GRAPH and found["w"].status == "correct"


def test_answers_under_other_names_are_told_how_to_hand_over():
    w1 = torch.tensor(math.pi / 2, requires_grad=True)
    w2 = torch.tensor(math.pi, requires_grad=True)
    L = (torch.sin(2 * w1 + w2) - 2) ** 2
    L.backward()
    found = items(check_answers({"w1": w1, "w2": w2, "L": L}))
    assert found["loss"].status == "correct"
    hint = found["dL_dw"].hint
    assert found["dL_dw"].status == "missing" and "dL_dw = [w1.grad, w2.grad]" in hint
    assert "--dl-dw" in hint
    found = items(check_answers({"w1": w1, "w2": w2, "L": L,
                                 "dL_dw": [w1.grad, w2.grad]}))
    assert found["dL_dw"].status == "correct"


def test_a_file_that_stopped_names_what_it_did_not_reach():
    ns = {}
    try:
        ns["x"] = x = torch.tensor([2.0, 1.0], dtype=torch.float64)
        ns["w"] = w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64)  # no requires_grad
        ns["y"] = y = torch.sin(w @ x)
        y.backward()
    except RuntimeError as err:
        error = f"RuntimeError: {err}"
    found = items(check_answers(Answers(values=from_mapping(ns).values, error=error)))
    assert found["w"].status == "wrong" and found["w"].hint == mistakes.NO_REQUIRES_GRAD
    assert found["dy_dw"].status == "missing" and "not reached" in found["dy_dw"].hint


# Causes that give the same numbers are all named ("either ...; or ..."): autograd through
# a wrong forward pass differentiates that pass.
def _autograd_dy_dw(forward):
    p = lab3.LAB_PROBLEM
    w = torch.tensor(p.w, requires_grad=True)
    forward(w, torch.tensor(p.x)).backward()
    return w.grad.tolist()


def test_autograd_through_cos_names_the_forward_pass_too():
    hint = items(check_answers(from_mapping(
        {"dy_dw": _autograd_dy_dw(lambda w, x: torch.cos(w @ x))})))["dy_dw"].hint
    assert hint == f"either {mistakes.SIN_NOT_COS}; or {mistakes.COS_MODEL}"


def test_autograd_through_a_sum_of_sines_names_the_forward_pass_too():
    hint = items(check_answers(from_mapping(
        {"dy_dw": _autograd_dy_dw(lambda w, x: torch.sin(w * x).sum())})))["dy_dw"].hint
    assert hint == f"either {mistakes.SIGN_SIN}; or {mistakes.SUM_OF_SINES}"


def test_inputs_right_to_their_tolerance_carry_their_answers():
    """w = [1.5708, 3.1416] is w to its tolerance, so the answers it gives are right; with
    π = 3.14, w is wrong and what follows from it says so."""
    p = lab3.LAB_PROBLEM
    close_w = part1_student(dataclasses.replace(p, w=np.array([1.5708, 3.1416])))
    report = check_answers(close_w)
    assert report.ok, str(report)
    rough = items(check_answers(part1_student(dataclasses.replace(
        p, w=np.array([3.14 / 2, 3.14])))))
    assert rough["w"].status == "wrong"
    assert rough["y"].hint == "follows correctly from your w: fix w first"


@pytest.mark.parametrize("name, typed, hint", [
    ("dy_dw", 1, mistakes.FORGOT_X), ("dL_dw", -4, mistakes.FORGOT_DY),
])
def test_a_typed_answer_of_another_size_gets_the_slip_that_gives_it(name, typed, hint):
    assert items(check_answers(from_mapping({name: typed}, typed=True)))[name].hint == hint
    other = {"dy_dw": 3, "dL_dw": -5}[name]  # no slip gives these
    assert items(check_answers(from_mapping({name: other}, typed=True)))[name].hint != hint


def test_typed_zeros_get_only_the_slips_that_give_them():
    """Worked by hand, zeros say nothing about w.grad; sin(2π) = 0 makes two slips give them."""
    hint = items(check_answers(from_mapping({"dy_dw": [0, 0]}, typed=True)))["dy_dw"].hint
    assert hint == f"either {mistakes.SIN_NOT_COS}; or {mistakes.COS_MODEL}"
    script = items(check_answers(from_mapping({"dy_dw": [0.0, 0.0]})))["dy_dw"].hint
    assert script.startswith(mistakes.ZERO_GRAD)  # left by a script: w.grad may be why


def test_a_right_gradient_does_not_rule_out_a_doubled_one_in_the_update():
    """With α = 0.5, forgetting α and a doubled w.grad give the same w_new. A right ∂L/∂w
    does not rule out the second: backward() may run again after ∂L/∂w was cloned."""
    p, s = lab3.LAB_PROBLEM, lab3.solve(lab3.LAB_PROBLEM)
    w_new = (p.w - s.dL_dw).tolist()
    both = f"either {mistakes.FORGOT_LR}; or {mistakes.DOUBLED}"
    assert items(check_answers(from_mapping({"w_new": w_new}, typed=True)))["w_new"].hint == both
    found = items(check_answers(from_mapping({"dL_dw": s.dL_dw.tolist(), "w_new": w_new},
                                             typed=True)))
    assert found["dL_dw"].status == "correct" and found["w_new"].hint == both


def test_typed_inputs_do_not_carry_their_answers():
    """w = [1.566, 3.137] rounds to the lab's w at three digits, but answers worked from it
    (y = sin(2·1.566 + 3.137) ≈ −0.014) are not the lab's."""
    p = dataclasses.replace(lab3.LAB_PROBLEM, w=np.array([1.566, 3.137]))
    s = lab3.solve(p)
    typed = {"w": p.w.tolist(), "y": float(s.y), "w_new": s.w_new.tolist()}
    found = items(check_answers(from_mapping(typed, typed=True)))
    assert found["w"].status == "correct"
    assert found["y"].status == "wrong" and found["w_new"].status == "wrong"


@pytest.mark.parametrize("dim", [1, 3])
def test_the_replay_over_every_variant_judges_each_as_the_check_does(dim):
    """The search for the problem a file was worked for judges every known problem at once
    (part1._near_rows): for each, exactly what part1._near says, typed or computed."""
    from lab3.selfcheck import part1

    rng = np.random.default_rng(dim)
    rows = rng.choice(len(part1._problems(dim)), size=30, replace=False)  # 30 of the 1000
    for name in ("x", "b", "lr", "y", "dy_dw", "loss", "w_new"):
        values, tols = (column[rows] for column in part1._column(dim, name))
        assert values.shape == (30, dim if name in ("x", "dy_dw", "w_new") else 1)
        answers = [np.array(v) for v in ("one", [1.0] * (values.shape[1] + 1), [np.nan] * dim)]
        for v in values[:5]:
            answers += [v, v * (1 + 3e-4), v + 0.3, np.array([float(f"{x:.3g}") for x in v]),
                        v + 0.51 * 10.0 ** (np.floor(np.log10(np.abs(v) + 1e-300)) - 2)]
        for answer, typed in ((a, t) for a in answers for t in (False, True)):
            expected = [part1._near(answer, values[k], tols[k], typed) for k in range(30)]
            assert part1._near_rows(answer, values, tols, typed).tolist() == expected, (
                name, answer, typed)
    far = np.array([[np.inf], [np.nan], [1.0]])  # no problem has these, but the rule holds
    for typed in (False, True):
        expected = [part1._near(1.0, v, 1e-6, typed) for v in far]
        assert part1._near_rows(1.0, far, np.full_like(far, 1e-6), typed).tolist() == expected
        assert expected == [False, False, True]


def test_no_slip_of_the_gradient_is_named_when_the_loss_is_wrong():
    """Every slip of ∂L/∂w the check knows keeps the lab's loss: with a loss twice the
    lab's, a gradient twice the lab's follows from it, and 'L2.backward() ran twice' (whose
    replay keeps L = 4) is not said."""
    doubled = {"y": 0, "dy_dw": [2, 1], "loss": 8, "dL_dw": [-16, -8]}
    found = items(check_answers(from_mapping(doubled, typed=True)))
    assert found["loss"].status == found["dL_dw"].status == "wrong"
    assert "twice" not in found["dL_dw"].hint and "backward" not in found["dL_dw"].hint
    found = items(check_answers(from_mapping({**doubled, "loss": 4}, typed=True)))
    assert found["dL_dw"].hint.startswith("twice the gradient: L2.backward() ran twice")
