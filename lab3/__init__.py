"""lab3: the mathematics of Lab 3, as tested code.

Part 1, a single unit ``y = sin(wᵀx) − b``:

- ``lab3.unit``: forward pass, hand-derived gradients, MSE loss, gradient step;
- ``lab3.unit_torch``: the same quantities from PyTorch autograd;
- ``lab3.finite_diff``: the same gradients by central differences;
- ``lab3.problem``: the lab's values (``LAB_PROBLEM``) and ``solve``;
- ``lab3.backprop``: the backward pass edge by edge, and why gradients add;
- ``lab3.shapes``: shapes along the graph, and ``backward()`` of a vector;
- ``lab3.graph``: computational graphs traced from the computation, laid out
  and drawn as SVG or DOT, and the lab's figures (see its modules).

Part 2, maximum likelihood for the sigmoid model ``f(x, w) = sigmoid(w₀x + w₁)``:

- ``lab3.sigmoid``: the model and its Jacobian;
- ``lab3.likelihood``: the density, NLL and SSE, hand gradient and Hessian;
- ``lab3.datasets``: the shipped ``pts.npy``, its generator and ``load_points``;
- ``lab3.training``: the template's learning loop, with its whole history;
- ``lab3.by_hand``: one step of that loop written out point by point;
- ``lab3.learning_rate``: what each learning rate does, sorted into regimes;
- ``lab3.explore``: the data of the learning-rate page's explorer;
- ``lab3.claims``: the pages' statements in words, each with the value it rests on;
- ``lab3.optimize``: minimisation to convergence (``fit_least_squares``);
- ``lab3.uncertainty``: the noise level and the standard errors of the fit;
- ``lab3.half``: the squared error with or without the factor ½;
- ``lab3.noise_models``: other noise and the likelihoods that fit it;
- ``lab3.counterexamples``: least squares against those likelihoods, on data that
  break one assumption each.

Exercises: ``lab3.selfcheck``, new Part 1 problems (``variant``) and the
self-check of a student's answers (``check_answers``); ``python -m lab3`` runs
both. ``lab3.text`` writes numbers as the pages and solutions show them.

Bad input to any function raises ``lab3.InputError`` (a ``ValueError``; a value
of the wrong kind, ``lab3.InputTypeError``, also a ``TypeError``), whose message
names the argument and what is wrong with it.

Every submodule and name here is imported on first use, so ``import lab3``
loads neither PyTorch nor the modules a script does not touch.
"""

from ._lazy import exports

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = exports(__name__, globals(), (
    "backprop", "by_hand", "claims", "counterexamples", "datasets", "explore", "finite_diff",
    "graph", "half", "learning_rate", "likelihood", "noise_models", "optimize", "problem",
    "selfcheck", "shapes", "sigmoid", "text", "training", "uncertainty", "unit", "unit_torch",
), {
    "LAB_PROBLEM": "problem", "UnitProblem": "problem", "UnitSolution": "problem",
    "solve": "problem",
    "load_points": "datasets",
    "fit_least_squares": "optimize",
    "DivergenceError": "training", "History": "training", "learning_loop": "training",
    "InputError": "_validate", "InputTypeError": "_validate",
})
