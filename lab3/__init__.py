"""lab3: the mathematics of Lab 3, as tested code.

Part 1, a single unit ``y = sin(wᵀx) − b``:

- ``lab3.unit``: forward pass, hand-derived gradients, MSE loss, gradient step;
- ``lab3.unit_torch``: the same quantities from PyTorch autograd;
- ``lab3.finite_diff``: the same gradients by central differences;
- ``lab3.problem``: the lab's values (``LAB_PROBLEM``) and ``solve``;
- ``lab3.graph`` and ``lab3.graph_*``: computational graphs traced from the
  computation (``graph_trace``, ``graph_autograd``), laid out and drawn as SVG
  or DOT (``graph_layout``, ``graph_svg``, ``graph_dot``), and the lab's
  figures (``graph_figures``).

Part 2, maximum likelihood for the sigmoid model ``f(x, w) = sigmoid(w₀x + w₁)``:

- ``lab3.sigmoid``: the model and its Jacobian;
- ``lab3.likelihood``: the density, NLL and SSE, hand gradient and Hessian;
- ``lab3.datasets``: the shipped ``pts.npy``, its generator and ``load_points``;
- ``lab3.training``: the template's learning loop, with its whole history;
- ``lab3.learning_rate``: what each learning rate does, sorted into regimes;
- ``lab3.claims``: the pages' statements in words, each with the value it rests on;
- ``lab3.optimize``: minimisation to convergence (``fit_least_squares``);
- ``lab3.noise_models``: other noise and the likelihoods that fit it.

Exercises: ``lab3.variant`` (new Part 1 problems), ``lab3.check`` (self-check
of a student's answers, ``check_answers``); ``python -m lab3`` runs both.
"""

from . import finite_diff, problem, unit, unit_torch
from . import (graph, graph_autograd, graph_dot, graph_figures, graph_layout, graph_svg,
               graph_trace)
from .problem import LAB_PROBLEM, UnitProblem, UnitSolution, solve
from . import datasets, learning_rate, likelihood, noise_models, optimize, sigmoid, training
from . import claims
from .datasets import load_points
from .optimize import fit_least_squares
from .training import DivergenceError, History, learning_loop
from . import check, variant

__version__ = "0.1.0"

__all__ = [
    "DivergenceError",
    "History",
    "LAB_PROBLEM",
    "UnitProblem",
    "UnitSolution",
    "check",
    "claims",
    "datasets",
    "finite_diff",
    "fit_least_squares",
    "graph",
    "graph_autograd",
    "graph_dot",
    "graph_figures",
    "graph_layout",
    "graph_svg",
    "graph_trace",
    "learning_loop",
    "learning_rate",
    "likelihood",
    "load_points",
    "noise_models",
    "optimize",
    "problem",
    "sigmoid",
    "solve",
    "training",
    "unit",
    "unit_torch",
    "variant",
]
