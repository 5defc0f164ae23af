"""Numbers for the theory pages, computed by lab3 while the site builds.

A page opts in with ``render_macros: true`` in its front matter and writes
``{{ p1.y | num }}``; nothing on a page is typed by hand.
"""

from __future__ import annotations

import math

import numpy as np
import torch

import lab3


def num(value, digits=4) -> str:
    """A number as a reader expects it: fixed digits, scientific when tiny."""
    value = float(value)
    if value != 0 and abs(value) < 10 ** -digits:
        mantissa, exponent = f"{value:.{digits - 2}e}".split("e")
        return rf"{mantissa}\cdot 10^{{{int(exponent)}}}"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def vec(values, digits=4) -> str:
    """A vector in LaTeX bracket notation, e.g. ``[-8, -4]``."""
    return r"\left[" + r",\ ".join(num(v, digits) for v in np.ravel(values)) + r"\right]"


def define_env(env):
    env.filter(num)
    env.filter(vec)
    problem = lab3.LAB_PROBLEM
    solution = lab3.solve(problem)
    env.variables["p1"] = solution
    env.variables["p1_wx_new"] = float(solution.w_new @ problem.x)
    # The step moves wᵀx by α·|∂L/∂y|·‖x‖²; a quarter period reaches the sine's peak.
    env.variables["p1_peak_lr"] = (math.pi / 2) / (abs(solution.dL_dy) * float(problem.x @ problem.x))
    env.variables["p1_problem"] = problem
    env.variables["p1_y_float32"] = lab3.unit_torch.forward(
        problem.x, problem.w, problem.b, dtype=torch.float32
    )
