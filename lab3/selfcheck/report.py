"""The verdicts of the self-check, and the comparison of numbers behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import InputError, real_array, whole_number


#: A typed Part 2 answer without the loss, which is optional there.
OPTIONAL_LOSS = "not given: type the loss of the loop's last step to have it checked too"


@dataclass
class Item:
    """One answer's verdict: ``status`` is "correct", "wrong", "missing" or "unchecked"
    (cannot be judged until an earlier step is right)."""

    name: str
    status: str
    hint: str = ""


@dataclass
class Report:
    """All verdicts, in the order the lab asks the questions."""

    title: str
    items: list = field(default_factory=list)
    error: str | None = None  #: how the student's file stopped, if it did

    @property
    def ok(self) -> bool:
        return (self.error is None and bool(self.items)
                and all(i.status == "correct" for i in self.items))

    def __str__(self) -> str:
        marks = {"correct": "[ok]     ", "wrong": "[wrong]  ", "missing": "[missing]",
                 "unchecked": "[?]      "}
        lines = [self.title]
        if self.error:
            lines.append(f"  your file stopped: {self.error}")
        width = max((len(i.name) for i in self.items), default=0)
        lines += [f"  {marks[i.status]} {i.name:{width}s}  {i.hint}".rstrip() for i in self.items]
        done = sum(i.status == "correct" for i in self.items)
        advice = ("" if self.ok else " Nothing was checked: no answer was found."
                  if not self.items else " Fix the first wrong step first: later ones build on it."
                  if any(i.status == "wrong" for i in self.items) else
                  " Your file stopped with an error: fix it first." if self.error else
                  " Fill in the rest.")
        lines.append(f"{done} of {len(self.items)} correct.{advice}")
        return "\n".join(lines)


def close(answer, expected, atol, rtol) -> bool:
    """Same number of values, each within ``atol + rtol·|expected|``; an answer that is
    not numbers (text, a bool, a complex number) is not close."""
    expected = real_array("expected", expected).reshape(-1)
    answer = _numbers(answer, expected.size)
    if answer is None:
        return False
    atol, rtol = (_tolerance(name, tol, expected.size) for name, tol in
                  (("atol", atol), ("rtol", rtol)))
    with np.errstate(all="ignore"):  # an answer of 1e308: far from any expected value
        return bool(np.all(np.abs(answer - expected) <= atol + rtol * np.abs(expected)))


def rounds_to(answer, expected, atol, digits: int = 3) -> bool:
    """A typed ``answer`` is ``expected``: within ``atol`` of it, or rounded to three (or
    ``digits``) significant digits (half a unit in that digit of each number)."""
    expected = real_array("expected", expected).reshape(-1)
    if _numbers(answer, expected.size) is None:
        return False
    atol, digits = _tolerance("atol", atol, expected.size), whole_number("digits", digits, 1, 15)
    return close(answer, expected, _rounding(np.abs(expected), atol, digits), 0.0)


def _rounding(mag, atol, digits: int = 3):
    """The tolerance :func:`rounds_to` allows each expected value of size ``mag``: ``atol``,
    or half a unit in its ``digits``-th significant digit, whichever is larger (elementwise,
    for arrays of any shape)."""
    digit = 10.0 ** (np.floor(np.log10(np.where(mag > 0, mag, 1.0))) - digits + 1)
    return np.maximum(atol, np.where(mag > 0, 0.5 * digit, 0.0) * 1.001)


def _numbers(answer, size: int) -> np.ndarray | None:
    """``answer`` as ``size`` floats, or None when it is something else (text, a bool, a
    complex number, another number of values)."""
    try:
        answer = real_array("answer", answer, finite=False).reshape(-1)
    except InputError:
        return None
    return answer if answer.size == size else None


def _tolerance(name: str, tol, size: int) -> np.ndarray:
    """``tol`` as one tolerance >= 0, or one per expected value."""
    tol = real_array(name, tol).reshape(-1)
    if (tol < 0).any() or tol.size not in (1, size):
        raise InputError(f"{name} must be one tolerance >= 0, or one per expected value, got "
                         f"{tol.size} values for {size}")
    return tol
