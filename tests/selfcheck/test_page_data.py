"""lab3.selfcheck.page_data: the Part 1 answer boxes' data say what ``check_part1`` says.

Every slip value the data hold, typed in, draws the hint the data pair it with;
the texts read off probes fill back into the check's own hints for other answers;
the lab's problem carries the values worked by hand on the exercise page."""

import json
import math

import numpy as np
import pytest

import lab3
from lab3.selfcheck import page_data
from lab3.selfcheck.answers import from_mapping
from lab3.selfcheck.part1 import check_part1
from lab3.selfcheck.variant import make_variant


@pytest.fixture(scope="module")
def data():
    return page_data.part1_data(max_seed=6, max_dim=4)


def hint_of(problem, answers, item):
    found = {i.name: i for i in check_part1(from_mapping(answers, typed=True), problem)}
    return found[item].status, found[item].hint


def test_the_labs_problem_holds_the_hand_worked_values(data):
    lab = data["problems"]["lab"]
    assert lab["x"] == [2.0, 1.0] and lab["w"] == [math.pi / 2, math.pi]
    assert abs(lab["answers"]["y"][0]) < 1e-15  # sin(2π) - 0
    # cos(2π)·x, (0 - 2)², 2(0 - 2)·x, w - 0.5·∂L/∂w
    by_hand = {"dy_dw": [2, 1], "loss": [4], "dL_dw": [-8, -4],
               "w_new": [math.pi / 2 + 4, math.pi + 2]}
    for name, value in by_hand.items():
        assert np.allclose(lab["answers"][name], value, rtol=1e-12), name
    assert "half" not in lab  # the page halves the answers itself: exact, as in part1._half


def test_every_seed_and_dimension_is_there_and_is_the_clis_variant(data):
    keys = {f"{s}-{d}" for s in range(1, 7) for d in range(2, 5)}
    assert set(data["problems"]) == keys | {"lab"}
    v = make_variant(5, 3)
    assert data["problems"]["5-3"]["x"] == v.x.tolist()
    assert data["problems"]["5-3"]["text"] == lab3.selfcheck.variant.describe(v)


def test_each_slip_typed_in_draws_the_hint_the_data_give_it(data):
    checked = 0
    for key, problem in data["problems"].items():
        p = lab3.LAB_PROBLEM if key == "lab" else make_variant(*map(int, key.split("-")))
        for name, slips in problem["slips"].items():
            for number, value in slips:
                status, hint = hint_of(p, {name: value}, name)
                right = problem["answers"][name]
                if len(value) == len(right) and not np.allclose(value, right, rtol=1e-3,
                                                                atol=1e-6):
                    assert status == "wrong" and data["hints"][number] in hint, (key, name)
                    checked += 1
    assert checked > 300


def test_the_size_hints_fill_back_into_the_checks_own():
    texts = page_data.texts()
    p = make_variant(2, 4)
    alone = texts["size"] + texts["size_alone"]
    assert alone.format(n=4, got=3) == hint_of(p, {"dL_dw": [1.0] * 3}, "dL_dw")[1]
    assert texts["size"].format(n=4, got=1) == hint_of(p, {"dL_dw": [1.0]}, "dL_dw")[1]
    assert texts["size_one"].format(got=2) == hint_of(p, {"loss": [1.0, 2.0]}, "loss")[1]


def test_the_probed_texts_are_the_checks_hints_on_another_problem():
    texts, p = page_data.texts(), make_variant(4, 3)
    s = lab3.solve(p)
    assert hint_of(p, {"loss": s.loss * 1.012}, "loss")[1] == texts["close"]
    assert hint_of(p, {"loss": s.loss + 50}, "loss")[1] == texts["other"]
    y = s.y + 0.7
    assert hint_of(p, {"y": y, "loss": (y - p.y_label) ** 2}, "loss")[1] == texts["from_y"]
    g = s.dL_dw + 0.9
    assert hint_of(p, {"dL_dw": g.tolist(), "w_new": (p.w - p.lr * g).tolist()},
                   "w_new")[1] == texts["from_g"]


def test_titles_and_advice_are_the_reports():
    assert page_data.titles()["variant"].format(flags="--seed 3 --dim 4") == \
        lab3.selfcheck.check_answers({"y": 0.0}, seed=3, dim=4).title
    assert "Fix the first wrong step" in page_data.advice()["wrong"]


def test_the_data_are_json_and_the_default_stays_small():
    text = json.dumps(page_data.part1_data(), allow_nan=False)
    assert len(text) < 500_000
    assert len(json.loads(text)["problems"]) == 1 + 20 * 3


@pytest.mark.parametrize("args", [(0, 4), (2, 1), (2, 99), (10**6, 2), (1.5, 2)])
def test_out_of_range_arguments_raise_input_error(args):
    with pytest.raises(lab3.InputError):
        page_data.part1_data(*args)


def test_the_variant_hints_fill_back_into_the_checks_own():
    """Answers replayed as another problem's: a variant's (checked on the lab's values), the
    lab's (checked as a variant); the hint of an answer of another size joins both."""
    texts = page_data.texts()
    s = lab3.solve(make_variant(5, 3))
    answers = {n: np.ravel(getattr(s, n)).tolist() for n in ("dy_dw", "w_new")}
    answers["loss"] = float(s.loss)
    looks = texts["variant"].format(seed=5, dim=3)
    assert hint_of(lab3.LAB_PROBLEM, answers, "loss")[1] == looks
    assert hint_of(lab3.LAB_PROBLEM, answers, "dy_dw")[1] == (
        texts["size"].format(n=2, got=3) + "; " + looks)
    lab = lab3.solve()
    answers = {n: np.ravel(getattr(lab, n)).tolist() for n in ("dy_dw", "dL_dw", "loss")}
    assert hint_of(make_variant(8, 4), answers, "dL_dw")[1] == (
        texts["size"].format(n=4, got=2) + "; " + texts["lab_values"])
    assert hint_of(make_variant(8, 4), answers, "loss")[1] == texts["lab_values"]