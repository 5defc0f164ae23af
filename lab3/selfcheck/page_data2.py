"""What the Part 2 page's answer box needs, as plain JSON.

A student's learning rate can be any number, so the page replays the loop
itself (a few lines of JavaScript: the sigmoid, the SSE's gradient, the slips
of ``part2.LOSS_SLIPS`` and ``part2.UPDATE_SLIPS``, and the regime of
``learning_rate.judge``; the tests check that it lands where lab3 does). All
it is given comes from here: the data, the start, the optimum, the thresholds,
and every text. The texts are read off what ``part2.check_part2`` says to
answers made to draw them out, and off ``learning_rate.Outcome.advice`` for
made-up outcomes whose numbers are then marked as ``{placeholders}``.
"""

from __future__ import annotations

import numpy as np

from .. import datasets, learning_rate, likelihood, optimize, training
from .._validate import InputError
from . import part2
from .answers import from_mapping
from .check import check_answers
from .page_data import PAGE, advice as report_advice

#: Made-up outcomes and the placeholders for their numbers, as the advice writes them.
SENTINELS = {"n": (7777, "7777"), "gap": (0.0123, "1.2%"), "rises": (8888, "8888"),
             "a": (5.4321, "5.432100"), "b": (6.5432, "6.543200"),
             "best6": (4.321, "4.321000"), "best4": (4.321, "4.3210"),
             "w0": (3.33, "3.33"), "w1": (-7.77, "-7.77"), "sse": (6.5432, "6.5432"),
             "grad": (7e-7, "7e-07")}


def _probe(answers: dict, item: str) -> str:
    """The hint ``python -m lab3 check`` gives ``item`` for these answers (a JSON file)."""
    found = {i.name: i for i in part2.check_part2(from_mapping(answers, typed=True))}
    if item not in found or not found[item].hint:
        raise InputError(f"the check no longer gives {item} a hint for {answers}")
    return found[item].hint


def _advice(regime: str, rises=None, grad=None, gap=None) -> str:
    """``Outcome.advice`` for a made-up outcome, its numbers replaced by placeholders."""
    s = {k: v for k, (v, _) in SENTINELS.items()}
    outcome = learning_rate.Outcome(
        lr=1.0, regime=regime, n_iter=s["n"], gap=s["gap"] if gap is None else gap,
        rises=s["rises"] if rises is None else rises, steps=None,
        end_w=np.array([s["w0"], s["w1"]]), end_sse=(s["a"], s["b"]),
        end_grad=s["grad"] if grad is None else grad, best_sse=s["best6"])
    text = outcome.advice()
    for name, (_, shown) in sorted(SENTINELS.items(), key=lambda kv: -len(kv[1][1])):
        text = text.replace(shown, "{" + name + "}")
    return text


def advice() -> dict:
    """The advice of each regime, with ``{placeholders}`` for its numbers."""
    out = {r: _advice(r) for r in learning_rate.REGIMES}
    out["reasonable"] = _advice("reasonable", rises=0)  # no rise: nothing to say
    out["reasonable_rises"] = _advice("reasonable")
    out["crawls_still"] = _advice("crawls", gap=1.0)  # the steps hardly moved the loss
    out["erratic_moving"] = _advice("erratic", grad=2 * learning_rate.PLATEAU_GRAD)
    out["erratic_moving"] = out["erratic_moving"].replace("2e-06", "{grad}")
    return out


def part2_data() -> dict:
    """Everything the Part 2 page needs to judge a learning rate and the loop's weights."""
    pts = datasets.load_points()
    x, y = pts[:, 0], pts[:, 1]
    fit = optimize.fit_least_squares(x, y)
    lr = training.DEFAULT_LR
    right = training.learning_loop(x, y, lr)
    slipped = training.learning_loop(x, y, lr, loss=lambda w, x, y: part2.LOSS_SLIPS[0][1](
        w, x, y).sum())
    n_iter, n_samples = training.N_ITER, len(x)
    not_there = _probe({"learning_rate": 0.123457, "w": [7.0, 7.0], "loss": 1.0}, "w")
    texts = {
        "loss_wrong": _probe({"learning_rate": lr, "w": right.w.tolist(), "loss": 1e3}, "loss"),
        "follows_loss": _probe({"learning_rate": lr, "w": slipped.w.tolist(), "loss": 1.0}, "w"),
        "later": _probe({"learning_rate": lr, "w": slipped.w.tolist(), "loss": 1.0},
                        "learning_rate"),
        "unchanged": _probe({"learning_rate": lr, "w": list(optimize.W_INIT),
                             "loss": float(likelihood.sse(optimize.W_INIT, x, y))}, "w"),
        "remade": _probe({"learning_rate": lr, "w": list(optimize.W_INIT),
                          "loss": float(right.losses[-2])}, "w"),
        "start_other": _probe({"learning_rate": lr, "w": list(optimize.W_INIT), "loss": 1.0}, "w"),
        "one_rate": _probe({"learning_rate": [lr, 1.0], "w": [7.0, 7.0], "loss": 1.0},
                           "learning_rate").replace("got 2", "got {got}"),
        "not_there": not_there.replace("learning rate 0.123457", "learning rate {lr}").replace(
            f"{n_iter} steps", "{n} steps"),
        "positive": _probe({"learning_rate": -1.0, "w": [7.0, 7.0], "loss": 1.0},
                           "learning_rate"),
        "close": _probe({"learning_rate": lr, "w": [round(v, 1) for v in right.w], "loss": 1.0},
                        "w"),
        "loss_close": _probe({"learning_rate": lr, "w": right.w.tolist(),
                              "loss": float(f"{right.losses[-2]:.2g}")}, "loss"),
        **PAGE,
    }
    if "{got}" not in texts["one_rate"] or len({texts[k] for k in (
            "unchanged", "remade", "start_other")}) != 3:
        raise InputError(f"the check's hints for w at the start changed: {texts}")
    if "{lr}" not in texts["not_there"] or "{n}" not in texts["not_there"]:
        raise InputError(f"the check's hint for weights out of reach changed: {not_there!r}")
    return {
        "x": x.tolist(), "y": y.tolist(), "w_init": list(optimize.W_INIT), "n_iter": n_iter,
        "nll_constant": likelihood.nll_constant(n_samples),
        "fit": {"w": fit.w.tolist(), "sse": fit.sse},
        "atol": part2.ATOL, "rtol": part2.RTOL,
        "scale": {k: f(n_samples) for k, f in learning_rate.LOSS_SCALE.items()},
        "judge": {"gap": learning_rate.GAP, "tol": learning_rate.TOL,
                  "n_settle": learning_rate.N_SETTLE, "plateau": learning_rate.PLATEAU_GRAD,
                  "rise_rtol": learning_rate.RISE_RTOL, "still": learning_rate.STILL},
        "totals": dict(part2.TOTALS),
        "loss_slips": [h for h, _ in part2.LOSS_SLIPS],
        "update_slips": [[h, opts] for h, opts in part2.UPDATE_SLIPS],
        "texts": texts, "advice": advice(), "report": report_advice(),
        "title": check_answers(from_mapping({"learning_rate": lr, "w": right.w.tolist(),
                                             "loss": 1.0}, typed=True)).title,
    }
