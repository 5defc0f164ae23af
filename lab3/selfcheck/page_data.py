"""What the exercise pages' answer boxes need, as plain JSON: the self-check for the browser.

The pages compare numbers only. Everything else comes from here, at build time:
each problem and its solution, the tolerances of ``part1.tolerances``, the
value each slip of ``mistakes.part1`` gives and its hint, and the texts of the
check's other verdicts. Those texts are not copied: each is read off the
verdict that ``part1.check_part1`` gives to answers made to draw it out (a
*probe*), so the page says what ``python -m lab3 check`` says. Part 2's data
are in ``lab3.selfcheck.page_data2``.
"""

from __future__ import annotations

import numpy as np

from .._validate import InputError, instance, whole_number
from ..problem import LAB_PROBLEM, UnitProblem, checked, solve
from . import cli, mistakes, variant
from .answers import from_mapping
from .check import check_answers
from .part1 import NAMES, check_part1, tolerances
from .report import OPTIONAL_LOSS, Item, Report
from .variant import describe, make_variant

#: The largest seed and dimension the Part 1 page may offer (its data stay small).
MAX_SEED, MAX_DIM = 200, 6
#: The page's own words, for what only a form has: an empty box, text that is not numbers.
PAGE = {"missing": "empty: type your answer to have it checked",
        "unreadable": "not numbers: type them separated by commas, e.g. 2, 1",
        "optional": OPTIONAL_LOSS}


def _flat(value) -> list:
    return [float(v) for v in np.ravel(value)]


def problem_data(problem: UnitProblem, hints: list | None = None) -> dict:
    """One problem for the page: inputs, describing text, answers, tolerances, slips.

    Each slip is ``[hint number, value]``, its hint at that place in ``hints``, a
    list shared by many problems and extended as new hints appear (a new one if None).
    """
    p = checked(problem)
    hints = [] if hints is None else instance("hints", hints, list, "a list of hint texts")
    s, tol = solve(p), tolerances(p)

    def hint(text):
        if text not in hints:
            hints.append(text)
        return hints.index(text)

    return {
        "x": _flat(p.x), "w": _flat(p.w), "b": p.b, "y_label": p.y_label, "lr": p.lr,
        "text": describe(p),
        "answers": {n: _flat(getattr(s, n)) for n in NAMES},
        "atol": {n: _flat(np.broadcast_to(tol[n], np.shape(getattr(s, n)))) for n in NAMES},
        "slips": {n: [[hint(h), _flat(v)] for h, v in slips]
                  for n, slips in mistakes.part1(p).items()},
        # (the ½ of the textbook's loss carried through, L/2, ∂L/∂w / 2 and its update, the
        # page derives from the answers: halving is exact, so it gets part1._half's numbers)
    }


def _probe(answers: dict, item: str, problem: UnitProblem = LAB_PROBLEM) -> str:
    """The hint ``python -m lab3 check`` gives ``item`` for these typed answers."""
    found = {i.name: i for i in check_part1(from_mapping(answers, typed=True), problem)}
    if found[item].status != "wrong" or not found[item].hint:
        raise InputError(f"the check no longer calls {item} = {answers[item]} wrong with a hint")
    return found[item].hint


def _between(text: str, before: str, after: str) -> str:
    """What ``text`` holds between ``before`` (or its start) and ``after`` (or its end)."""
    start = text.index(before) + len(before) if before else 0
    end = text.rindex(after) if after else len(text)
    if start > end:
        raise InputError(f"cannot find {before!r} before {after!r} in {text!r}")
    return text[start:end]


def texts() -> dict:
    """The check's verdicts beyond the slips, each read off a probe on the lab's problem."""
    p, s = LAB_PROBLEM, solve(LAB_PROBLEM)
    loss_slips = [h for h, _ in mistakes.part1(p)["loss"]]
    g = [1.0, 1.0]  # a wrong ∂L/∂w that no slip gives
    either = _probe({"loss": s.loss / 2}, "loss")  # two slips give L/2 here
    many = _probe({"dy_dw": [1.0] * 7}, "dy_dw")
    base = many.partition(":")[0]  # expected 2 numbers, got 7
    out = {
        "close": _probe({"loss": s.loss * 1.01}, "loss"),
        "other": _probe({"loss": 100.0}, "loss"),
        "either": _between(either, "", loss_slips[0]),
        "or": _between(either, loss_slips[0], mistakes.HALF_LOSS),
        "from_y": _probe({"y": 0.5, "loss": (0.5 - p.y_label) ** 2}, "loss"),
        "from_y_dy": _probe({"y": 0.5, "dy_dw": [3.0, 1.0],
                             "dL_dw": _flat(2 * (0.5 - p.y_label) * np.array([3.0, 1.0]))},
                            "dL_dw"),
        "from_g": _probe({"dL_dw": g, "w_new": _flat(p.w - p.lr * np.array(g))}, "w_new"),
        "from_g_plus": _probe({"dL_dw": g, "w_new": _flat(p.w + p.lr * np.array(g))}, "w_new"),
        "grad_state": [mistakes.ACCUMULATED, mistakes.DOUBLED],
        "half_loss": mistakes.HALF_LOSS, "half_follows": mistakes.HALF_FOLLOWS,
        "size_one": _probe({"y": [1.0] * 7}, "y").replace("got 7", "got {got}"),
        "size": base.replace("got 7", "got {got}").replace(f"{p.x.size} numbers", "{n} numbers"),
        # one vector of another length: it may be a variant's (up to variant.MAX_DIM long)
        "size_alone": many[len(base):].replace("7", "{got}"), "max_dim": variant.MAX_DIM,
        **PAGE,
    }
    # answers of another length that the check replays as another problem's: a variant's,
    # or, checked as a variant, the lab's own (an answer of the wrong size gets both hints,
    # "expected 2 numbers, got 4; this looks like a variant: ...")
    seed, dim = 3, 4
    theirs = {n: _flat(getattr(solve(make_variant(seed, dim)), n))
              for n in ("dy_dw", "dL_dw", "loss")}
    flags = f"--seed {seed} --dim {dim}"
    out["variant"] = _probe(theirs, "loss").replace(flags, "--seed {seed} --dim {dim}")
    lab = {n: _flat(getattr(s, n)) for n in ("dy_dw", "dL_dw", "loss")}
    out["lab_values"] = _probe(lab, "loss", make_variant(1, 3))
    if _probe(theirs, "dy_dw") != f"expected 2 numbers, got {dim}; " + out["variant"].format(
            seed=seed, dim=dim) or "--seed 1" in out["lab_values"]:
        raise InputError(f"the check's hints for another problem's answers changed: {out}")
    if any("{" not in out[k] for k in ("size_one", "size", "size_alone", "variant")):
        raise InputError(f"the check's hints for answers of another length changed: {out}")
    return out


def advice() -> dict:
    """What the report adds after its count, when an answer is wrong, or only missing."""
    def last_line(status):
        return str(Report("", [Item("y", status)])).splitlines()[-1].partition("correct.")[2]
    return {"wrong": last_line("wrong"), "missing": last_line("missing")}


def titles() -> dict:
    """The report's first line for the lab's values and, with ``{flags}``, for a variant."""
    def title(**where):
        return check_answers(from_mapping({"y": 0.0}, typed=True), **where).title
    variant = title(seed=1, dim=2)
    if "--seed 1 --dim 2" not in variant:
        raise InputError(f"the check names a variant otherwise: {variant!r}")
    return {"lab": title(), "variant": variant.replace("--seed 1 --dim 2", "{flags}")}


def part1_data(max_seed: int = 20, max_dim: int = 4) -> dict:
    """Everything the Part 1 page needs: the lab's problem, and the variants of seeds
    1 to ``max_seed`` and dimensions 2 to ``max_dim`` (key ``"seed-dim"``)."""
    max_seed = whole_number("max_seed", max_seed, maximum=MAX_SEED)
    max_dim = whole_number("max_dim", max_dim, minimum=2, maximum=MAX_DIM)
    hints: list = []
    problems = {"lab": problem_data(LAB_PROBLEM, hints)}
    for seed in range(1, max_seed + 1):
        for dim in range(2, max_dim + 1):
            problems[f"{seed}-{dim}"] = problem_data(make_variant(seed, dim), hints)
    return {"names": list(NAMES), "options": {n: o for o, n in cli.TYPED.items()},
            "seeds": [1, max_seed], "dims": [2, max_dim], "texts": texts(),
            "advice": advice(), "titles": titles(), "hints": hints, "problems": problems}
