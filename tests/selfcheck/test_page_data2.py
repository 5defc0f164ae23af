"""lab3.selfcheck.page_data2: the Part 2 answer box's data say what ``check_part2`` and
``learning_rate.Outcome.advice`` say, once their placeholders are filled."""

import json

import numpy as np
import pytest

import lab3
from lab3 import learning_rate
from lab3.selfcheck import page_data2, part2
from lab3.selfcheck.answers import from_mapping


@pytest.fixture(scope="module")
def data():
    return page_data2.part2_data()


def fill(template, o):
    """The advice template with ``o``'s numbers, formatted as the advice formats them."""
    a, b = sorted(o.end_sse)
    return template.format(n=o.n_iter, gap=f"{o.gap:.1%}", rises=o.rises, a=f"{a:.6f}",
                           b=f"{b:.6f}", best6=f"{o.best_sse:.6f}", best4=f"{o.best_sse:.4f}",
                           w0=f"{o.end_w[0]:.2f}", w1=f"{o.end_w[1]:.2f}",
                           sse=f"{o.end_sse[-1]:.4f}", grad=f"{o.end_grad:.0e}")


def key(o, plateau):
    if o.regime == "reasonable":
        return "reasonable_rises" if o.rises else "reasonable"
    return "erratic_moving" if o.regime == "erratic" and o.end_grad >= plateau else o.regime


def test_every_regimes_template_gives_the_advice(data):
    pts = lab3.load_points()
    rates = np.logspace(-1.5, 2, 60)
    runs = learning_rate.descend(pts[:, 0], pts[:, 1], rates)
    seen = set()
    for i in range(len(rates)):
        o = runs.outcome(i)
        k = key(o, data["judge"]["plateau"])
        seen.add(k)
        assert fill(data["advice"][k], o) == o.advice(), rates[i]
    assert {"crawls", "reasonable", "cycles", "erratic"} <= seen


def test_the_hint_for_weights_out_of_reach_fills_back(data):
    answers = from_mapping({"learning_rate": 0.37, "w": [9.0, 9.0], "loss": 1.0}, typed=True)
    w = {i.name: i for i in part2.check_part2(answers)}["w"]
    assert data["texts"]["not_there"].format(n=30, lr="0.37") == w.hint


def test_the_data_hold_the_points_the_start_and_the_optimum(data):
    pts = lab3.load_points()
    assert data["x"] == pts[:, 0].tolist() and data["y"] == pts[:, 1].tolist()
    assert data["w_init"] == [-2.0, 2.0] and data["n_iter"] == 30
    fit = lab3.fit_least_squares(pts[:, 0], pts[:, 1])
    assert data["fit"]["sse"] == fit.sse
    assert data["scale"]["mse"] == pytest.approx(1 / len(pts))
    assert [h for h, _ in data["update_slips"]] == [h for h, _ in part2.UPDATE_SLIPS]
    json.dumps(data, allow_nan=False)
