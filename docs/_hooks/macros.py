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


def _part2(env):
    """Part 2: the shipped points, the 30-step run, the optimum and the curvature."""
    pts = lab3.load_points()
    x, y = pts.T
    lr = lab3.training.DEFAULT_LR
    hist = lab3.learning_loop(x, y, lr)
    opt = lab3.fit_least_squares(x, y)
    lam_min, lam_max = np.linalg.eigvalsh(lab3.likelihood.hessian_sse(opt.w, x, y))
    runs = {a: lab3.learning_loop(x, y, a) for a in (0.1, 6.0, 100.0)}
    # The smallest rate, on a grid of 0.1, at which the SSE rises at some step.
    first_rise = lab3.training.first_rising_rate(x, y, np.round(np.arange(lr, 6.05, 0.1), 2))
    env.variables["p2"] = {
        "pts": pts, "n": len(pts), "true_w": lab3.datasets.TRUE_W,
        "seed": lab3.datasets.SEED, "noise_std": lab3.datasets.NOISE_STD,
        "K": lab3.likelihood.NORMALISER, "log_sqrt_pi": math.log(math.sqrt(math.pi)),
        "nll_const": lab3.likelihood.nll_constant(len(pts)),
        "w_init": lab3.optimize.W_INIT, "n_iter": hist.n_iter, "lr": lr, "hist": hist,
        "grad_init": lab3.likelihood.grad_sse(lab3.optimize.W_INIT, x, y),
        "gap_closed": 1 - (hist.final_loss - opt.sse) / (hist.losses[0] - opt.sse),
        "opt": opt, "sse_true": lab3.likelihood.sse(lab3.datasets.TRUE_W, x, y),
        "lam_min": lam_min, "lam_max": lam_max, "limit_opt": 2 / lam_max,
        "limit_path": min(lab3.training.stability_limit(x, y, w) for w in hist.weights),
        "first_rise": first_rise, "shrink": 1 - lr * lam_min,
        "left_after": (1 - lr * lam_min) ** hist.n_iter, "cond": lam_max / lam_min,
        "runs": runs, "pole": hist.w[1] / hist.w[0],
    }


def define_env(env):
    env.filter(num)
    env.filter(vec)
    _part2(env)
    # {{ graph_svg("forward") }}: a computational graph of Part 1 as an inline SVG figure
    env.macro(lab3.graph_figures.figure_html, "graph_svg")
    problem = lab3.LAB_PROBLEM
    solution = lab3.solve(problem)
    env.variables["p1"] = solution
    env.variables["wheel"] = f"lab3-{lab3.__version__}-py3-none-any.whl"  # docs/_hooks/wheel.py
    env.variables["p1_wx_new"] = float(solution.w_new @ problem.x)
    # The step moves wᵀx by α·|∂L/∂y|·‖x‖²; a quarter period reaches the sine's peak.
    env.variables["p1_peak_lr"] = (math.pi / 2) / (abs(solution.dL_dy) * float(problem.x @ problem.x))
    env.variables["p1_problem"] = problem
    env.variables["p1_y_float32"] = lab3.unit_torch.forward(
        problem.x, problem.w, problem.b, dtype=torch.float32
    )
