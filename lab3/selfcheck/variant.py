r"""Random variants of the Part 1 problem, for practice beyond the lab's values.

A variant keeps the arithmetic friendly to pen and paper: whole-number inputs
:math:`x_i \in \{-3,\dots,3\}`, weights that are multiples of :math:`\pi/4`
(so :math:`\sin` and :math:`\cos` of :math:`\mathbf{w}^\top\mathbf{x}` are
:math:`0`, :math:`\pm 1` or :math:`\pm\sqrt2/2`), a whole-number bias and
label, and a learning rate from a short list. Every variant has a non-zero
:math:`\partial L/\partial\mathbf{w}`, so every step of the solution shows.
The same seed and dimension always give the same variant.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import as_scalar, instance, whole_number
from ..problem import UnitProblem, UnitSolution, checked, solve
from ..text import number, vector

LEARNING_RATES = (0.05, 0.1, 0.25, 0.5)
#: The longest x and w a variant may have.
MAX_DIM = 1000

#: The keys of :func:`as_json`, in order: the problem, then its solution.
JSON_KEYS = ("x", "w", "b", "y_label", "lr", "y", "dy_dw", "loss", "dL_dw", "w_new")


def make_variant(seed: int, dim: int = 2) -> UnitProblem:
    """A new Part 1 problem with ``dim`` features, drawn from ``seed``.

    Parameters
    ----------
    seed : int, ≥ 0
    dim : int, from 1 to :data:`MAX_DIM`, the length of x and w

    Returns
    -------
    problem : UnitProblem
    """
    seed = whole_number("seed", seed, minimum=0)
    dim = whole_number("dim", dim, maximum=MAX_DIM)
    rng = np.random.default_rng([seed, dim])
    while True:
        problem = UnitProblem(
            x=rng.integers(-3, 4, size=dim).astype(float),
            w=rng.integers(-4, 5, size=dim) * (math.pi / 4),
            b=float(rng.integers(-1, 2)),
            y_label=float(rng.integers(-2, 3)),
            lr=float(rng.choice(LEARNING_RATES)),
        )
        if _every_step_shows(problem):
            return problem


def _every_step_shows(problem: UnitProblem) -> bool:
    """∂L/∂w = 2(y − ỹ)·cos(wᵀx)·x is non-zero in every factor."""
    s = solve(problem)
    return abs(s.y - problem.y_label) > 0.1 and abs(math.cos(s.wx)) > 0.1 and problem.x.any()


def as_json(problem: UnitProblem, solution: UnitSolution | None = None) -> dict:
    """Problem and solution as one dict of plain numbers with the keys :data:`JSON_KEYS`."""
    problem = checked(problem)
    solution = solve(problem) if solution is None else instance(
        "solution", solution, UnitSolution, "a lab3.problem.UnitSolution")
    values = {**solution.as_dict(), "x": problem.x.tolist(), "w": problem.w.tolist(),
              "b": problem.b, "y_label": problem.y_label, "lr": problem.lr}
    return {key: values[key] for key in JSON_KEYS}


def pi_multiple(value: float) -> str:
    """``value`` as a multiple of π/4 in the shortest form, e.g. ``-3π/4``, ``2π``, ``0``."""
    value = as_scalar("value", value)
    quarters = round(value / (math.pi / 4)) if abs(value) < 1e9 else None  # beyond: no exact π/4
    if quarters is None or not math.isclose(quarters * math.pi / 4, value, abs_tol=1e-9):
        return number(value)
    if quarters == 0:
        return "0"
    g = math.gcd(quarters, 4)
    num, den = quarters // g, 4 // g
    text = {1: "π", -1: "-π"}.get(num, f"{num}π")
    return text if den == 1 else f"{text}/{den}"


def _minus(a: float, b: float) -> str:
    """``a - b`` as written by hand, with a negative ``b`` in parentheses."""
    a, b = number(a), number(b)
    return f"{a} - ({b})" if b.startswith("-") else f"{a} - {b}"


def describe(problem: UnitProblem) -> str:
    """The problem as a student reads it: the model and every given value."""
    problem = checked(problem)
    return "\n".join([
        "model:  y = sin(wᵀx) - b,   loss L = (y - ỹ)²,   update w ← w - α·∂L/∂w",
        f"x = {vector(problem.x)}",
        f"w = [{', '.join(pi_multiple(v) for v in problem.w)}]  ≈ {vector(problem.w)}",
        f"b = {number(problem.b)}",
        f"ỹ = {number(problem.y_label)}   (y_label)",
        f"α = {number(problem.lr)}   (learning rate)",
        "Find y, ∂y/∂w, L, ∂L/∂w and the updated weights w_new.",
    ])


def worked_solution(problem: UnitProblem) -> str:
    """The solution step by step, in the order the lab asks for it."""
    p = checked(problem)
    s = solve(p)
    return "\n".join([
        f"1. wᵀx = {pi_multiple(s.wx)} ≈ {number(s.wx)}",
        f"2. y = sin(wᵀx) - b = {_minus(math.sin(s.wx), p.b)} = {number(s.y)}",
        f"3. ∂y/∂w = cos(wᵀx)·x = {number(math.cos(s.wx))}·{vector(p.x)} = {vector(s.dy_dw)}",
        f"4. L = (y - ỹ)² = ({_minus(s.y, p.y_label)})² = {number(s.loss)}",
        f"5. ∂L/∂y = 2(y - ỹ) = {number(s.dL_dy)};  chain rule: ∂L/∂w = ∂L/∂y·∂y/∂w"
        f" = {vector(s.dL_dw)}",
        f"6. w_new = w - α·∂L/∂w = {vector(p.w)} - {number(p.lr)}·{vector(s.dL_dw)}"
        f" = {vector(s.w_new)}",
        f"   (the loss goes from {number(s.loss)} to {number(s.loss_new)})",
    ])
