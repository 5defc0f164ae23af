"""lab3: the mathematics of Lab 3, as tested code.

Part 1, a single unit ``y = sin(wᵀx) − b``:

- ``lab3.unit``: forward pass, hand-derived gradients, MSE loss, gradient step;
- ``lab3.unit_torch``: the same quantities from PyTorch autograd;
- ``lab3.finite_diff``: the same gradients by central differences;
- ``lab3.problem``: the lab's values (``LAB_PROBLEM``) and ``solve``.
"""

from . import finite_diff, problem, unit, unit_torch
from .problem import LAB_PROBLEM, UnitProblem, UnitSolution, solve

__version__ = "0.1.0"

__all__ = [
    "LAB_PROBLEM",
    "UnitProblem",
    "UnitSolution",
    "finite_diff",
    "problem",
    "solve",
    "unit",
    "unit_torch",
]
