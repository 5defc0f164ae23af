"""Numbers for the theory pages, computed by lab3 while the site builds.

A page opts in with ``render_macros: true`` in its front matter and writes
``{{ p1.y | num }}``; nothing on a page is typed by hand.
"""

from __future__ import annotations

import functools
import hashlib
import sys
import types
from pathlib import Path

import numpy as np
import torch
from mkdocs.utils import get_relative_url

import lab3

MEMO = "_lab3_page_values"  # the process's namespace for once_per_process


def num(value, digits=4) -> str:
    """A number as a reader expects it: fixed digits, scientific (in LaTeX) when tiny."""
    text = lab3.text.number(value, digits, tiny=digits - 2)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\cdot 10^{{{int(exponent)}}}"


def vec(values, digits=4) -> str:
    """A vector in LaTeX bracket notation, e.g. ``[-8, -4]``."""
    return r"\left[" + r",\ ".join(num(v, digits) for v in np.ravel(values)) + r"\right]"


def mat(values, digits=4) -> str:
    """A matrix in LaTeX, ``\\begin{bmatrix} … \\end{bmatrix}``, row by row."""
    rows = (" & ".join(num(v, digits) for v in row) for row in np.atleast_2d(values))
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"
def value(v, digits=4) -> str:
    """A number with :func:`num`, a vector with :func:`vec`."""
    return vec(v, digits) if np.ndim(v) else num(v, digits)


def once_per_process(function):
    """``function()``, computed once per process and source of this file.

    mkdocs-macros loads this file afresh for every build, so a cache of its own
    would not outlive one; ``mkdocs serve`` rebuilds in one process, which never
    runs with another lab3 than it imported (docs/_hooks/gallery_guard.py fails
    such a build; ``make serve`` restarts the server). So the values are kept in
    a namespace of the process, keyed by this file's bytes.
    """
    kept = sys.modules.setdefault(MEMO, types.ModuleType(MEMO)).__dict__
    key = (function.__name__, hashlib.sha256(Path(__file__).read_bytes()).hexdigest())
    if key not in kept:
        kept[key] = function()
    return kept[key]


def _part2() -> dict:
    """Part 2: the shipped points, the 30-step run and its first step by hand, the optimum,
    its uncertainty and the learning rates (a second of work: once per process)."""
    pts = lab3.load_points()
    x, y = pts.T
    lr = lab3.training.DEFAULT_LR
    hist = lab3.learning_loop(x, y, lr)
    opt = lab3.fit_least_squares(x, y)
    sweep = lab3.learning_rate.sweep(x, y)
    examples = (0.1, lr, 4.0, 6.0, 20.5, 100.0)
    runs = lab3.learning_rate.descend(x, y, examples, fit=opt)  # as judge() does, all at once
    judge = {a: runs.outcome(i) for i, a in enumerate(examples)}
    return {
        "pts": pts, "n": len(pts), "true_w": lab3.datasets.TRUE_W,
        "seed": lab3.datasets.SEED, "noise_std": lab3.datasets.NOISE_STD,
        "K": lab3.likelihood.NORMALISER, "nll_const": lab3.likelihood.nll_constant(len(pts)),
        "w_init": lab3.optimize.W_INIT, "n_iter": hist.n_iter, "lr": lr, "hist": hist,
        "grad_init": lab3.likelihood.grad_sse(lab3.optimize.W_INIT, x, y),
        "gap_closed": lab3.learning_rate.gap_closed(hist.losses, opt.sse), "opt": opt,
        "dist_opt": float(np.linalg.norm(hist.w - opt.w)),
        "sse_true": lab3.likelihood.sse(lab3.datasets.TRUE_W, x, y),
        "sweep": sweep, "curv": sweep.curvature, "judge": judge,
        "span": {name: sweep.span(name) for name in lab3.learning_rate.REGIMES},
        "GAP": lab3.learning_rate.GAP, "n_settle": lab3.learning_rate.N_SETTLE,
        "claims": lab3.claims.require(lab3.claims.learning_rate(sweep, x, y, lr)),
        "warmup": {k: lab3.learning_rate.quadratic_errors(1.0, k, 1.0, 4) for k in (0.5, 1.5, 2.5)},
        "pole": hist.w[1] / hist.w[0],
        "step1": lab3.by_hand.gradient_step(x, y, lab3.optimize.W_INIT, lr),
        "half": lab3.half.part2(x, y, lab3.optimize.W_INIT, lr),
        "var": lab3.likelihood.VARIANCE,
        "sigma2_hat": lab3.uncertainty.noise_variance(opt.w, x, y),
        "unc": lab3.uncertainty.uncertainty(x, y, opt.w),
        "slopes": lab3.sigmoid.jacobian(x, opt.w)[:, 1],  # ∂f/∂w₁ = f(1 − f)
        "fit_claims": lab3.claims.require(lab3.claims.fit(x, y)),
        "explorer": lab3.explore.explorer(x, y, sweep),  # the page's explorer, read by the browser
    }


def _part1() -> dict:
    """Part 1: the lab's unit, its worked solution and what the pages say of the step."""
    problem = lab3.LAB_PROBLEM
    solution = lab3.solve(problem)
    return {
        "p1": solution,
        "wheel": f"lab3-{lab3.__version__}-py3-none-any.whl",  # docs/_hooks/wheel.py
        "p1_shift": lab3.problem.step_shift(problem),  # s moves by α times this
        "p1_peak_lr": lab3.problem.peak_rate(problem),
        "p1_lowering_limit": lab3.problem.lowering_limit(problem),
        "p1_claims": lab3.claims.require(lab3.claims.part1(problem)),
        "p1_problem": problem,
        "variant_max_dim": lab3.selfcheck.variant.MAX_DIM,  # python -m lab3 variant --dim
        "p1_half": lab3.half.part1(problem),
        "p1_y_float32": lab3.unit_torch.forward(problem.x, problem.w, problem.b,
                                                dtype=torch.float32),
    }


#: The answer boxes' fields: (name, label), in the order of lab3's check.
ANSWER_FIELDS = {
    "part1": [("y", "y"), ("dy_dw", "∂y/∂w"), ("loss", "L"), ("dL_dw", "∂L/∂w"),
              ("w_new", "w_new")],
    "part2": [("learning_rate", "learning rate α"),
              ("w", f"w after the loop's {lab3.training.N_ITER} steps"),
              ("loss", "loss of the last step (optional)")],
}
ANSWER_NOTE = {
    "part1": "Numbers as you would type them: a vector as -8, -4 or [-8, -4]. Three "
             "significant digits are enough.",
    "part2": "w as two numbers, e.g. 1.2, -0.8; the loop starts at [-2, 2].",
}


def answer_box(env, kind: str, variant: str = "") -> str:
    """An answer box of an exercise page (docs/javascripts/answer-boxes.js): hidden until
    its script runs; without JavaScript, a note that the terminal check remains.
    ``variant``: the seed-dimension the Part 1 box starts on, with a control to pick one."""
    part = "part2" if kind == "part2" else "part1"
    box = f"check-{kind}"
    src = get_relative_url(f"exercises/{part}-check.json", env.page.url)
    fields = "".join(
        f'<p class="lab3-check__field"><label for="{box}-{name}">{label}</label> '
        f'<input id="{box}-{name}" name="{name}" type="text" autocomplete="off" '
        f'spellcheck="false" aria-describedby="{box}-note"></p>'
        for name, label in ANSWER_FIELDS[part])
    chooser = ""
    if variant:
        seed, dim = variant.split("-")
        chooser = (
            f'<form class="lab3-check__variant" hidden>'
            f'<label for="{box}-seed">Seed</label> <input id="{box}-seed" name="seed" '
            f'type="number" step="1" value="{seed}"> '
            f'<label for="{box}-dim">Dimension</label> <select id="{box}-dim" name="dim">'
            f'</select> <button type="submit" class="md-button">Show the problem</button></form>'
            f'<p>The same problem in a terminal: <code class="lab3-check__variant-command">'
            f'</code></p><pre class="lab3-check__problem"></pre>')
    terminal = ('<pre class="lab3-check__json"></pre><p>In a terminal, with these answers '
                'saved as <code>answers.json</code>: <code class="lab3-check__command">'
                'python -m lab3 check answers.json</code></p>' if part == "part2" else
                '<p>The same check in a terminal: <code class="lab3-check__command">'
                'python -m lab3 check</code></p>')
    return (
        f'<div class="lab3-check" id="{box}" data-kind="{part}" data-src="{src}" '
        f'data-dim="{variant.partition("-")[2]}">'
        '<noscript><p>Checking answers on this page needs JavaScript; '
        '<code>python -m lab3 check</code> works in a terminal.</p></noscript>'
        f'<div class="lab3-check__live" hidden>{chooser}'
        f'<form class="lab3-check__answers" hidden novalidate>'
        f'<p id="{box}-note">{ANSWER_NOTE[part]}</p>{fields}'
        '<p><button type="submit" class="md-button md-button--primary">Check</button></p>'
        '</form><div class="lab3-check__result" role="status"></div>'
        f'{terminal}</div></div>')
def _backprop() -> dict:
    """The backpropagation page: its tables, the fork, w.grad, shapes, the exercise's check."""
    from lab3.selfcheck import backward_item

    p = lab3.LAB_PROBLEM
    graph = lab3.graph.unit_graph(p.x, p.w, p.b, p.y_label, backward=True)
    flat = lab3.graph.scalar_unit_graph(p.x, p.w, p.b, p.y_label, backward=True)
    return {
        "table": lab3.backprop.edge_table(graph),
        "flat_table": lab3.backprop.edge_table(flat),
        "flat_y": flat.node("y").value,
        "fork": lab3.backprop.fork_paths(p.x, p.w),
        "fork_y": lab3.backprop.fork_output(p.x, p.w),
        "fork_fd": lab3.finite_diff.gradient(lambda v: lab3.backprop.fork_output(p.x, v), p.w),
        "acc": lab3.backprop.accumulation(p.x, p.w),
        "shapes_n": 4,
        "shapes": lab3.shapes.shape_table(4),
        "error": lab3.shapes.vector_backward_error(),
        "batch_x": np.array(lab3.shapes.BATCH_X),
        "vjp": lab3.shapes.vector_jacobian_product(),
        "probes": backward_item.PROBES,
        "probe_grads": backward_item.reference(),
        "claims": lab3.claims.require(lab3.claims.backprop(p)),
    }


def define_env(env):
    env.filter(num)
    env.filter(vec)
    env.filter(mat)
    env.filter(value)
    # {{ graph_svg("forward") }}: a computational graph of Part 1 as an inline SVG figure
    env.macro(lab3.graph.figure_html, "graph_svg")
    # {{ point_graph_svg(x, y, w) }}: one point's term of Part 2's SSE, forward and backward
    env.macro(lab3.graph.point_figure_html, "point_graph_svg")
    env.macro(functools.partial(answer_box, env), "answer_box")
    env.variables.update(once_per_process(_part1))
    env.variables["p2"] = once_per_process(_part2)
    env.variables["bp"] = once_per_process(_backprop)
