"""Self-check: compare a student's answers with the solution, item by item.

``check_answers`` takes a filled-in template (``.py``/``.ipynb``), a JSON file
or a mapping (a notebook's ``globals()``) and says for each answer whether it
is correct or, if not, which step went wrong, without printing the solution.
Part 1 is judged by ``lab3.selfcheck.part1``, Part 2 (the learning loop) by
``lab3.selfcheck.part2``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping

import numpy as np

from .._validate import InputError, InputTypeError, whole_number
from ..problem import LAB_PROBLEM, checked
from .answers import Answers, from_file, from_mapping
from .backward_item import check_backward
from .part1 import INPUTS, NAMES, check_part1
from .report import Item, Report
from .variant import MAX_DIM, make_variant

#: Where each Part 2 item is found, by item name.
PART2_NAMES = {"learning_rate": ("learning_rate", "lr", "alpha"), "loss": ("loss",),
               "w": ("w",), "i": ("i",), "pts": ("pts",)}
#: The names typed answers (JSON, the CLI) may have, by part.
KNOWN = {1: {a for names in (*NAMES.values(), *INPUTS.values()) for a in names},
         2: {a for names in PART2_NAMES.values() for a in names} | {"x", "y"}}


def check_answers(answers, *, seed=None, dim=None, problem=None, part=None) -> Report:
    """Check a student's answers and return a :class:`Report` (``print`` it).

    Parameters
    ----------
    answers : str or Path (a .py, .ipynb or .json file), or a mapping such as ``globals()``
    seed, dim : int, optional
        Check against the variant ``make_variant(seed, dim)`` (``lab3.selfcheck.variant``)
        instead of the lab's values.
    problem : UnitProblem, optional
        Check against this Part 1 problem.
    part : {1, 2}, optional
        Which part the answers belong to; by default 2 when they hold ``pts``.
    """
    if isinstance(answers, (str, os.PathLike)):
        answers = from_file(answers)
    elif isinstance(answers, Mapping):
        answers = from_mapping(answers)
    elif not isinstance(answers, Answers):
        raise InputTypeError("answers must be a file path, a mapping of answers by name or "
                             f"Answers, got {type(answers).__name__}")
    part = whole_number("part", part, 1, 2) if part is not None else _part_of(answers)
    problem = None if problem is None else checked(problem)
    seed = None if seed is None else whole_number("seed", seed, minimum=0)
    dim = None if dim is None else whole_number("dim", dim, maximum=MAX_DIM)
    if part == 2:
        items = _part2(answers)
        counted = {k: v for k, v in PART2_NAMES.items() if k != "i"}  # part2 judges i itself
        return Report("Part 2, the learning loop", _explained(items, answers, counted) +
                      _unknown(answers, 2), answers.error)
    if problem is None and (seed is not None or dim is not None):
        seed, dim = seed or 0, dim or 2
        problem, title = make_variant(seed, dim), f"Part 1, variant --seed {seed} --dim {dim}"
    else:
        title = "Part 1, the lab's values" if problem is None else f"Part 1, {problem!r}"
    items = check_part1(answers, problem or LAB_PROBLEM) + check_backward(answers)
    return Report(title, _explained(items, answers, {**INPUTS, **NAMES}, ordered=True) +
                  _unknown(answers, 1), answers.error)


#: Names only Part 1 gives; and the names of Part 2's learning rate and loop counter.
PART1_ONLY = ("dy_dw", "dL_dw", "dl_dw", "w_new", "y_label", "L2", "b")
PART2_MARKS = ("learning_rate", "lr", "alpha", "i")
#: Part 1's own names that Part 2's code has no use for (a Part 2 loop may well call its
#: loss L2, as Part 1 does, or its bias b).
PART1_CODE = ("dy_dw", "dL_dw", "dl_dw", "w_new", "y_label")


def _part_of(answers: Answers) -> int:
    """2 for answers holding ``pts``, or a learning rate or loop counter and none of Part 1's
    own names (nor its one-number ``y``); 1 for answers holding Part 1's. A file that
    stopped before it made either is judged by the names in its code: 2 when it loads the
    points or names the learning rate (the Part 2 template does both) and names none of
    Part 1's own that Part 2 has no use for."""
    values = {**answers.values, **answers.unread}
    if "pts" in values:
        return 2
    y = answers.values.get("y")
    if any(n in values for n in PART1_ONLY) or (y is not None and np.size(y) == 1):
        return 1
    if any(n in values for n in PART2_MARKS):
        return 2
    code = answers.code_names
    return 2 if not values and code & {"pts", "load_points", "learning_rate"} and not (
        code & set(PART1_CODE)) else 1


def _part2(answers: Answers) -> list:
    """Part 2's verdicts, once its data are known to be usable."""
    from .. import datasets
    from .part2 import check_part2  # PyTorch: loaded only for Part 2

    pts = answers.get("pts")
    if pts is None and "pts" in answers.unread:  # data the check cannot use: a usage error
        raise InputError(f"pts: {answers.unread['pts']}")
    if pts is not None:
        datasets.check_points(pts)
    return check_part2(answers)


def _explained(items: list, answers: Answers, names: dict, *, ordered=False) -> list:
    """``items``, with each answer that is there but not numbers marked wrong, saying why
    (``ordered``: all in the order of ``names``)."""
    out = []
    for item in items:
        aliases = names.get(item.name, (item.name,))
        where = next((n for n in aliases if n in answers.unread), None)
        if answers.get(*aliases) is None and where is not None:
            item = Item(item.name, "wrong", f"{where}: {answers.unread[where]}")
        out.append(item)
    known = {a for v in names.values() for a in v}
    for name, why in answers.unread.items():  # typed answers, and inputs such as i
        if name in known and not any(name in names.get(i.name, (i.name,)) for i in out):
            item = next((n for n, v in names.items() if name in v), name)
            out.append(Item(item, "wrong", f"{name}: {why}" if name != item else why))
    if ordered:
        out.sort(key=lambda i: list(names).index(i.name) if i.name in names else len(names))
    return out


def _unknown(answers: Answers, part: int) -> list:
    """For typed answers: each name the check does not know is wrong, not silently dropped."""
    if not answers.typed:
        return []
    items = []
    for name in [*answers.values, *answers.unread]:
        if name in KNOWN[part] or name == "w.grad":
            continue
        lower = {k.lower(): k for k in KNOWN[part]}
        guess = lower.get(name.lower()) or next(iter(difflib.get_close_matches(
            name, sorted(KNOWN[part]), n=1)), None)
        hint = f"not a name the check knows{f': did you mean {guess}?' if guess else ''}"
        items.append(Item(name, "wrong", hint))
    return items
