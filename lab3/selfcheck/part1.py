r"""Self-check of Part 1: the five answers of the single unit, and the inputs used.

Each answer is compared with ``lab3.problem.solve`` for the problem being
checked; a wrong one is matched against the typical slips of
``lab3.selfcheck.mistakes`` and against what follows from the student's own
earlier answers, so that the hint names the step that went wrong.

Tolerances. Numbers computed by a script pass at ``rtol = 1e-4`` plus an
absolute term: ``1e-6``, widened by the float32 rounding of
:math:`\mathbf{w}^\top\mathbf{x}` carried through each formula, so float32 and
float64 work alike (0 for :math:`\sin(2\pi)` is right). Typed numbers pass at
``rtol = 1e-3``, about three significant digits (5.57 for 5.5708).
"""

from __future__ import annotations

import numpy as np

from .._validate import instance
from ..problem import LAB_PROBLEM, UnitProblem, checked, solve
from . import mistakes
from .answers import UNFILLED, Answers
from .report import Item, close

F32 = 2.0**-24  # float32 unit roundoff
#: Where each Part 1 answer may be found: the template's name first, then aliases.
NAMES = {"y": ("y",), "dy_dw": ("dy_dw",), "loss": ("loss", "L2", "L"),
         "dL_dw": ("dL_dw", "dl_dw", "w.grad"), "w_new": ("w_new",)}
INPUTS = {"x": ("x",), "w": ("w",), "b": ("b",), "y_label": ("y_label",),
          "lr": ("lr", "alpha", "learning_rate")}


def tolerances(problem: UnitProblem) -> dict:
    """Absolute tolerance of each answer: float32 rounding of wᵀx carried through its formula."""
    p = checked(problem)
    s = solve(p)
    e = 1e-6 + 8 * F32 * float(np.abs(p.w * p.x).sum())  # error of wᵀx
    r = abs(s.y - p.y_label)
    grad = 2 * (r + 1) * e * np.abs(p.x) + 1e-6
    return {"y": e + 1e-6, "dy_dw": e * np.abs(p.x) + 1e-6, "loss": 2 * r * e + e * e + 1e-6,
            "dL_dw": grad, "w_new": p.lr * grad + 2 * F32 * np.abs(p.w) + 1e-6,
            "x": 1e-6, "w": 2 * F32 * np.abs(p.w) + 1e-6, "b": 1e-6, "y_label": 1e-6,
            "lr": 1e-6}


def _verdict(name, answer, expected, atol, rtol, slips=()):
    if answer is None:
        return Item(name, "missing", f"no variable named {NAMES.get(name, (name,))[0]}")
    if isinstance(answer, str) and answer == UNFILLED:
        return Item(name, "missing", "still ... : fill in this blank")
    if close(answer, expected, atol, rtol):
        return Item(name, "correct")
    hint = next((h for h, v in slips if close(answer, v, atol, rtol)), None)
    if hint is None and close(answer, expected, atol, 0.02):
        hint = "close, but not close enough: give three significant digits or more"
    if hint is None and np.size(answer) != np.size(expected):
        what = "one number" if np.ndim(expected) == 0 else f"{np.size(expected)} numbers"
        hint = f"expected {what}, got {np.size(answer)}"
    return Item(name, "wrong", hint or "not the expected value: redo this step")


def check_part1(answers: Answers, problem: UnitProblem = LAB_PROBLEM) -> list:
    """Verdicts on the inputs the student used (if given) and on the five answers."""
    instance("answers", answers, Answers, "lab3.selfcheck.Answers")
    p = checked(problem)
    s = solve(p)
    tol, rtol = tolerances(p), (1e-3 if answers.typed else 1e-4)
    items = []
    for name, aliases in INPUTS.items():
        given = answers.get(*aliases)
        if given is not None:
            slips = [("w holds the updated weights: keep w, store the update in w_new",
                      s.w_new)] if name == "w" else []
            item = _verdict(name, given, getattr(p, name), tol[name], rtol, slips)
            if item.status == "wrong" and not item.hint.startswith(("w holds", "expected")):
                item.hint = "differs from the problem being checked (for a variant: --seed, --dim)"
            items.append(item)
    found = {name: answers.get(*aliases) for name, aliases in NAMES.items()}
    slips = mistakes.part1(p)
    for name in NAMES:
        if answers.typed and found[name] is None:
            continue  # typed by hand: check only what was given
        slips[name] += _carried(name, found, p)
        items.append(_verdict(name, found[name], getattr(s, name), tol[name], rtol, slips[name]))
    return items


def _carried(name, found, p) -> list:
    """Values that are right given the student's own earlier (wrong) answers."""
    def num(key):
        v = found.get(key)
        return None if v is None or isinstance(v, str) else np.asarray(v, dtype=np.float64)

    y, dy, g = num("y"), num("dy_dw"), num("dL_dw")
    y = y.item() if y is not None and y.size == 1 else None
    own = []
    if name == "loss" and y is not None:
        own.append(("follows correctly from your y: fix y first", (y - p.y_label) ** 2))
    if name == "dL_dw" and y is not None and dy is not None and dy.size == p.x.size:
        own.append(("follows correctly from your y and ∂y/∂w: fix those first",
                    2 * (y - p.y_label) * dy))
    if name == "w_new" and g is not None and g.size == p.w.size:
        own.append(("follows correctly from your ∂L/∂w: fix that first", p.w - p.lr * g))
        own.append((mistakes.PLUS_UPDATE + "; and fix ∂L/∂w first", p.w + p.lr * g))
    return own
