"""Self-check: compare a student's answers with the solution, item by item.

``check_answers`` takes a filled-in template (``.py``/``.ipynb``), a JSON file
or a mapping (a notebook's ``globals()``) and says for each answer whether it
is correct or, if not, which step went wrong, without printing the solution.
Part 1 is judged by ``lab3.selfcheck.part1``, Part 2 (the learning loop) by
``lab3.selfcheck.part2``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .._validate import InputTypeError, whole_number
from ..problem import LAB_PROBLEM, checked
from .answers import Answers, from_file, from_mapping
from .part1 import check_part1
from .report import Report
from .variant import MAX_DIM, make_variant


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
    part = whole_number("part", part, 1, 2) if part is not None else (
        2 if "pts" in answers.values else 1)
    problem = None if problem is None else checked(problem)
    seed = None if seed is None else whole_number("seed", seed, minimum=0)
    dim = None if dim is None else whole_number("dim", dim, maximum=MAX_DIM)
    if part == 2:
        from .part2 import check_part2  # PyTorch: loaded only for Part 2

        return Report("Part 2, the learning loop", check_part2(answers), answers.error)
    if problem is None and (seed is not None or dim is not None):
        seed, dim = seed or 0, dim or 2
        problem, title = make_variant(seed, dim), f"Part 1, variant --seed {seed} --dim {dim}"
    else:
        title = "Part 1, the lab's values" if problem is None else f"Part 1, {problem!r}"
    return Report(title, check_part1(answers, problem or LAB_PROBLEM), answers.error)
