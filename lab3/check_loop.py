r"""Self-check of Part 2: the loss, the final weights and the learning rate of the loop.

The student's loop is judged by where it ends. From the lab's start
:math:`[-2, 2]`, with the student's learning rate, number of steps and data,
``lab3.training.learning_loop`` gives the weights that a correct loop reaches
(for the SSE, the NLL, or the MSE, all three correct). If the student's
weights are not among them, the same steps are replayed with each typical
slip, and the slip that lands on the student's weights names the hint.
"""

from __future__ import annotations

import numpy as np
import torch

from . import datasets, learning_rate, optimize, training
from .answers import UNFILLED, Answers
from .report import Item, close

RTOL, ATOL = 1e-3, 1e-4  # float32 loops drift by ~1e-6 in 30 steps; slips by far more
MODEL = "f = 1/(1 + exp(-(w0·x + w1)))"


#: Slips in the loss: (hint, the per-sample term of the loss as a function of w, x, y).
LOSS_SLIPS = [
    ("square the residuals: -log p(y|x, w) = (y - f)² + const",
     lambda w, x, y: y - torch.sigmoid(w[0] * x + w[1])),
    ("the Gaussian likelihood gives squared residuals, not absolute values",
     lambda w, x, y: (y - torch.sigmoid(w[0] * x + w[1])).abs()),
    (f"wrong model: it is {MODEL}, not 1/(1 - exp(w0·x - w1)) (the template's old plot line)",
     lambda w, x, y: (y - 1 / (1 - torch.exp(w[0] * x - w[1]))) ** 2),
    (f"sign of w1 inside the sigmoid: {MODEL}",
     lambda w, x, y: (y - torch.sigmoid(w[0] * x - w[1])) ** 2),
    (f"w0 is the slope and w1 the offset: {MODEL}",
     lambda w, x, y: (y - torch.sigmoid(w[1] * x + w[0])) ** 2),
]
ASCENT = ("the loss climbs: minimise -log p with w -= learning_rate * w.grad "
          "(+ instead of -, or the log-likelihood's sign flipped)")
NO_ZERO = ("gradients accumulated: clear w.grad with w.grad.zero_() after each update, "
           "or the gradients of all earlier steps pile up")


def _sse_term(w, x, y):
    return (y - torch.sigmoid(w[0] * x + w[1])) ** 2


def _replay(x, y, lr, n_iter, term, reduce, *, sign=-1.0, zero_grad=True):
    """Final weights and last loss of ``n_iter`` steps from the lab's start."""
    w = torch.tensor(optimize.W_INIT, dtype=torch.float64, requires_grad=True)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(n_iter):
        value = getattr(term(w, x, y), reduce)()
        value.backward()
        with torch.no_grad():
            w += sign * lr * w.grad
        if zero_grad:
            w.grad.zero_()
    return w.detach().numpy(), value.item()


def _runs(x, y, lr, n_iter):
    """(kind, hint, final w, last loss, history or None) for correct loops and for slips."""
    runs = []
    for kind in training.LOSSES:
        try:
            h = training.learning_loop(x, y, lr, n_iter=n_iter, loss=kind)
            runs.append((kind, None, h.w, h.losses[-2], h))
        except training.DivergenceError:
            pass
    with np.errstate(all="ignore"):
        for reduce in ("sum", "mean"):
            for hint, term in LOSS_SLIPS:
                runs.append(("loss", hint, *_replay(x, y, lr, n_iter, term, reduce), None))
            runs.append(("update", ASCENT, *_replay(x, y, lr, n_iter, _sse_term, reduce,
                                                    sign=1.0), None))
            runs.append(("update", NO_ZERO, *_replay(x, y, lr, n_iter, _sse_term, reduce,
                                                     zero_grad=False), None))
    return runs


def _later(name) -> Item:
    return Item(name, "unchecked", "judged once the loop's weights are right")


def _learning_rate(history, x, y) -> Item:
    """The rate's regime, by ``lab3.learning_rate.judge``: the criterion of the learning-rate
    page, for the student's data, number of steps and loss."""
    outcome = learning_rate.judge(history.lr, x, y, n_iter=history.n_iter, loss=history.loss)
    return Item("learning_rate", "correct" if outcome.ok else "wrong", outcome.advice())


def check_part2(answers: Answers) -> list:
    """Verdicts on the loss, the final weights w, and the learning rate."""
    lr, w = answers.get("learning_rate", "lr", "alpha"), answers.get("w")
    loss, last_i = answers.get("loss"), answers.get("i")
    blank = [n for n, v in (("learning_rate", lr), ("loss", loss), ("w", w))
             if v is None or (isinstance(v, str) and v == UNFILLED)]
    if blank:
        return [Item(n, "missing", "still ... or not defined: fill in this blank")
                for n in blank]
    pts = answers.get("pts")
    pts = datasets.check_points(pts) if pts is not None else datasets.load_points()
    x, y = pts[:, 0].copy(), pts[:, 1].copy()
    n_iter = int(np.ravel(last_i)[0]) + 1 if last_i is not None else training.N_ITER
    lr = float(np.ravel(lr)[0])
    if not lr > 0:
        return [Item("learning_rate", "wrong", "must be a positive number")]
    runs = [r for r in _runs(x, y, lr, n_iter) if close(w, r[2], ATOL, RTOL)]
    right = [r for r in runs if r[1] is None]  # the SSE and the NLL take the same steps
    if right:
        history = next((r[4] for r in right if close(loss, r[3], ATOL, RTOL)), None)
        loss_item = Item("loss", "correct") if history is not None else Item(
            "loss", "wrong", "the loop is right, but loss is not the loss of its last step")
        return [loss_item, Item("w", "correct"), _learning_rate(history or right[0][4], x, y)]
    for kind, hint, _, loss_ref, _ in runs:
        if kind == "loss":
            return [Item("loss", "wrong", hint), Item("w", "wrong", "follows from the loss: "
                         "fix the loss first"), _later("learning_rate")]
        loss_ok = close(loss, loss_ref, ATOL, RTOL)  # the slip's replay used the right loss
        return [Item("loss", "correct") if loss_ok else _later("loss"), Item("w", "wrong", hint),
                _later("learning_rate")]
    if close(w, optimize.W_INIT, ATOL, RTOL):
        hint = "w never changed: update it in place under torch.no_grad(), w -= ..."
    else:
        hint = (f"not where {n_iter} steps from [-2, 2] with learning rate {lr:g} lead: "
                f"check the model {MODEL}, the squared loss and the update")
    return [_later("loss"), Item("w", "wrong", hint),
            _later("learning_rate")]
