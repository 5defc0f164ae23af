r"""Self-check of Part 2: the loss, the final weights and the learning rate of the loop.

The student's loop is judged by where it ends. From the lab's start
:math:`[-2, 2]`, with the student's learning rate, number of steps and data,
``lab3.training.learning_loop`` gives the weights that a correct loop reaches
(for the SSE, the NLL, or the MSE, all three correct). If the student's
weights are not among them, the same steps are replayed with each typical
slip, and the slip that lands on the student's weights names the hint. A loop
that the file's error stopped early is not judged as if it had finished: its
weights are not a result and its rate gets no verdict.
"""

from __future__ import annotations

import numpy as np
import torch

from .. import datasets, learning_rate, optimize, training
from .._validate import instance
from ..sigmoid import model
from . import mistakes
from .answers import UNFILLED, Answers
from .report import OPTIONAL_LOSS, Item, close, rounds_to

#: The causes a stopped loop's error names, once the replay confirms them.
NOT_IN_PLACE = ("w = w - ... made a new tensor that records no gradient, so the next step "
                "failed (see the error above): update w in place, w -= learning_rate * w.grad")
NO_REQUIRES_GRAD = ("w does not require a gradient, so loss.backward() failed (see "
                    "the error above): w = torch.tensor([-2.0, 2.0], requires_grad=True)")
UNFINISHED = "judged once the loop runs to the end"
UNCHANGED = "w never changed: update it in place under torch.no_grad(), w -= ..."
NO_GRAPH = ("w requires a gradient, yet the loss has no path back to it in autograd's record "
            "(see the error above): compute it from w with torch operations (.detach(), "
            "torch.tensor(...), .item() and torch.no_grad() cut the path)")
#: w at the start, the loss that of a right loop's last step: w was made again after it.
REMADE = ("w is where the loop starts, but the loss is that of the last step of a right loop "
          "with your rate: w was made again after the loop ran (in a notebook, run the cell "
          "that makes w before the loop's cell, not after it)")
#: w at the start, and a loss that none of the check's replays gives.
START_OTHER_LOSS = ("w is where the loop starts, yet the loss is not the loss there, nor the "
                    "loss of a right loop's last step: no known slip gives both")
#: For typed numbers of two significant digits that round the value they should be.
TWO_DIGITS = "{}, rounded to two significant digits: give three or more"
#: The most steps of the student's loop the check replays (each slip is replayed too).
MAX_REPLAY = 1000
RTOL, ATOL = 1e-3, 1e-4  # float32 loops drift by ~1e-6 in 30 steps; slips by far more
MODEL = "f = 1/(1 + exp(-(w0·x + w1)))"


#: Slips in the loss: (hint, the per-sample term of the loss as a function of w, x, y).
LOSS_SLIPS = [
    ("square the residuals: -log p(y|x, w) = (y - f)² + const",
     lambda w, x, y: y - model(x, w)),
    ("the Gaussian likelihood gives squared residuals, not absolute values",
     lambda w, x, y: (y - model(x, w)).abs()),
    (f"wrong model: it is {MODEL}, not 1/(1 - exp(w0·x - w1)) (the template's old plot line)",
     lambda w, x, y: (y - 1 / (1 - torch.exp(w[0] * x - w[1]))) ** 2),
    (f"sign of w1 inside the sigmoid: {MODEL}",
     lambda w, x, y: (y - model(x, torch.stack([w[0], -w[1]]))) ** 2),
    (f"w0 is the slope and w1 the offset: {MODEL}",
     lambda w, x, y: (y - model(x, w.flip(0))) ** 2),
]
#: Slips in the update, as ``training.learning_loop`` options.
UPDATE_SLIPS = [
    ("the loss climbs: minimise -log p with w -= learning_rate * w.grad "
     "(+ instead of -, or the log-likelihood's sign flipped)", {"ascend": True}),
    ("gradients accumulated: clear w.grad with w.grad.zero_() after each update, "
     "or the gradients of all earlier steps pile up", {"zero_grad": False}),
]
#: How a loop may total its per-sample terms, with the loss of ``lab3.training`` that does so.
TOTALS = {"sum": "sse", "mean": "mse"}


def _totalled(term, total):
    """The loss that totals the per-sample ``term`` by ``total``, "sum" or "mean"."""
    def loss(w, x, y):
        return getattr(term(w, x, y), total)()
    return loss


def _replay(x, y, lr, n_iter, **loop):
    """``training.learning_loop`` from the lab's start, or None if it diverges."""
    try:
        return training.learning_loop(x, y, lr, n_iter=n_iter, **loop)
    except training.DivergenceError:
        return None


def _runs(x, y, lr, n_iter):
    """(kind, hint, history) for the correct loops and for each slip that stays finite."""
    runs = [(kind, None, _replay(x, y, lr, n_iter, loss=kind)) for kind in training.LOSSES]
    for total, loss in TOTALS.items():
        for hint, term in LOSS_SLIPS:
            runs.append(("loss", hint, _replay(x, y, lr, n_iter, loss=_totalled(term, total))))
        for hint, options in UPDATE_SLIPS:
            runs.append(("update", hint, _replay(x, y, lr, n_iter, loss=loss, **options)))
    return [(kind, hint, h) for kind, hint, h in runs if h is not None]


def _later(name) -> Item:
    return Item(name, "unchecked", "judged once the loop's weights are right")


def _learning_rate(history, x, y) -> Item:
    """The rate's regime, by ``lab3.learning_rate.judge``: the criterion of the learning-rate
    page, for the student's data, number of steps and loss."""
    outcome = learning_rate.judge(history.lr, x, y, n_iter=history.n_iter, loss=history.loss)
    return Item("learning_rate", "correct" if outcome.ok else "wrong", outcome.advice())


def _stopped(error, w, x, y, lr, n_iter, w_autograd) -> list:
    """Verdicts for a loop that the file's error stopped at step ``n_iter`` (its last i + 1)."""
    no_grad = "does not require grad" in error or "'NoneType'" in error
    if no_grad and close(w, optimize.W_INIT, ATOL, RTOL) and mistakes.NO_GRAD_ERROR in error:
        # w made without requires_grad, or made with it and the loss cut off from it
        hint = NO_GRAPH if w_autograd.get("requires_grad") is True else NO_REQUIRES_GRAD
    elif no_grad and any(h is not None and close(w, h.w, ATOL, RTOL)
                         for k in {n_iter - 1, n_iter} - {0} for kind in training.LOSSES
                         for h in [_replay(x, y, lr, k, loss=kind)]):
        hint = NOT_IN_PLACE  # the first step was right; the next one found no w.grad
    else:
        hint = (f"your file stopped in the loop at step {n_iter} of {training.N_ITER} (see the "
                "error above), so w is not the loop's result")
    return [Item("loss", "unchecked", UNFINISHED), Item("w", "wrong", hint),
            Item("learning_rate", "unchecked", UNFINISHED)]


def _silent_error(w_autograd: dict, n_iter: int) -> str | None:
    """The error a notebook showed in a cell the check does not see: a loop that stopped
    early with a ``w`` that records no gradient (made without ``requires_grad``), or that
    is no longer the leaf tensor it was made as (``w = w - ...``)."""
    if n_iter >= training.N_ITER or not w_autograd:
        return None
    if not w_autograd["requires_grad"]:
        return mistakes.NO_GRAD_ERROR
    return None if w_autograd["is_leaf"] else "'NoneType' object has no attribute 'zero_'"


def _two_digits(answer, value) -> bool:
    """``answer`` has at most two significant digits, and is ``value`` rounded to them."""
    numbers = np.ravel(np.asarray(answer, dtype=np.float64)) if not isinstance(
        answer, str) else np.empty(0)
    return (numbers.size > 0 and all(float(f"{v:.2g}") == v for v in numbers)
            and rounds_to(answer, value, ATOL, digits=2))


def _last_i_text(i) -> str:
    """The loop counter as the note shows it."""
    return "not a number" if i is None else f"at {i:g}"


def _first(value):
    """The first number of an answer, or None when it holds no finite number."""
    arr = np.empty(0) if isinstance(value, str) else np.ravel(value)
    return float(arr[0]) if arr.size and np.isfinite(arr[0]) else None


def _steps(last_i) -> list[int]:
    """The numbers of steps a loop whose counter ended at ``last_i`` may have run: ``i + 1``
    (``for i in range(n)``), ``i`` (``range(1, n + 1)``, or a ``while`` loop that counts
    after its step), and the lab's own, for a counter that another loop reused."""
    if last_i is None:
        return [training.N_ITER]
    return [n for n in dict.fromkeys((int(last_i) + 1, int(last_i), training.N_ITER))
            if 1 <= n <= training.MAX_ITER]


def _reran(x, y, lr, n_iter, w, at) -> str | None:
    """A right loop run two or three times over from where it ended (a notebook's loop
    cell run again without making w afresh), if that is where ``w`` is."""
    for times in (2, 3):
        if times * n_iter > training.MAX_ITER:
            break
        if any(h is not None and at(w, h.w)
               for h in (_replay(x, y, lr, times * n_iter, loss=kind) for kind in TOTALS.values())):
            return (f"w is where {times * n_iter} right steps lead, {times} times your loop's "
                    f"{n_iter}: the loop ran {times} times from where it had ended (in a "
                    "notebook, run the cell that makes w before the loop's cell)")
    return None


def check_part2(answers: Answers) -> list:
    """Verdicts on the loss, the final weights w, and the learning rate. Numbers a script
    left must agree with a loop's to within its float32 drift (``ATOL``, ``RTOL``); typed ones
    may also be rounded to three significant digits. A loop of another number of steps than
    the lab's is judged as such, and says so."""
    instance("answers", answers, Answers, "lab3.selfcheck.Answers")

    def at(answer, value) -> bool:
        return close(answer, value, ATOL, RTOL) or (
            answers.typed and rounds_to(answer, value, ATOL))
    lr, w = answers.get("learning_rate", "lr", "alpha"), answers.get("w")
    loss, last_i = answers.get("loss"), answers.get("i")
    optional = ("loss",) if answers.typed and loss is None else ()
    blank = {n: v for n, v in (("learning_rate", lr), ("loss", loss), ("w", w))
             if n not in optional and (v is None or (isinstance(v, str) and v == UNFILLED))}
    if blank:
        return [Item(n, "missing", "not reached: your file stopped before it (see the error "
                     "above)" if v is None and answers.error is not None else
                     "still ... or not defined: fill in this blank") for n, v in blank.items()]
    pts = answers.get("pts")
    pts = datasets.check_points(pts) if isinstance(pts, np.ndarray) else datasets.load_points()
    x, y = pts[:, 0].copy(), pts[:, 1].copy()
    if not isinstance(lr, str) and np.size(lr) > 1:
        return [Item("learning_rate", "wrong", f"must be one number, got {np.size(lr)}")]
    lr, i = _first(lr), (None if last_i is None else _first(last_i))
    if lr is None or not lr > 0:
        return [Item("learning_rate", "wrong", "must be a positive number")]
    counter = None  # why the counter cannot say the number of steps (another loop's i?)
    if last_i is not None and (i is None or not 0 <= i < training.MAX_ITER):
        counter = f"the loop's last i must be from 0 to {training.MAX_ITER - 1}"
    elif last_i is None and "i" in answers.unread:
        counter = f"the loop's last i is not a number ({answers.unread['i']})"
    elif i is not None and i + 1 > MAX_REPLAY:
        counter = (f"your loop ran {i + 1:.0f} steps; the check replays at most {MAX_REPLAY}: "
                   f"check it with fewer (the template runs {training.N_ITER})")
    steps = [training.N_ITER] if counter else _steps(i)
    n_iter = steps[0]
    # a file's errors the check saw itself; a notebook's, it infers from w
    error = answers.error or (None if answers.code_names else
                              _silent_error(answers.w_autograd, n_iter))
    if error is not None and n_iter < training.N_ITER:
        return _stopped(error, w, x, y, lr, n_iter, answers.w_autograd)
    loss_given = () if optional else (loss,)
    replayed = {}  # the replays of each number of steps, made once

    def runs_of(n):
        if n not in replayed:
            replayed[n] = _runs(x, y, lr, n)
        return replayed[n]
    if close(w, optimize.W_INIT, 0.0, 0.0) and not any(  # exactly the start: no step moved
            _unmoved(h.w) for n in steps for _, hint, h in runs_of(n) if hint is None):
        # it, though a right loop with this rate would have (a rate too small to move w in
        # float32 leaves it there too: then w is right, and the rate is judged below)
        return [_later("loss"), Item("w", "wrong", _at_start(x, y, steps, loss_given, at, runs_of)),
                _later("learning_rate")]
    for n in steps:  # the counter's own reading first
        runs = [r for r in runs_of(n) if at(w, r[2].w)]
        right = [h for _, hint, h in runs if hint is None]  # the SSE and NLL take the same steps
        if right:
            # the template's loop ends with loss of its last step, before the last update
            history = next((h for h in right if any(at(v, h.losses[-2]) for v in loss_given)),
                           None)
            last = right[0].losses[-2]
            loss_item = (Item("loss", "unchecked", OPTIONAL_LOSS) if optional else
                         Item("loss", "correct") if history is not None else Item(
                             "loss", "wrong", TWO_DIGITS.format("the loss of the loop's last step")
                             if answers.typed and _two_digits(loss, last) else
                             "the loop is right, but loss is not the loss of its last step"))
            note = (f"right for the template's {n} steps (the loop's last i, "
                    f"{_last_i_text(i)}, cannot count its steps)" if counter else
                    "" if n == training.N_ITER else
                    f"right for the {n} steps your loop ran (the lab's loop runs {training.N_ITER})")
            return [loss_item, Item("w", "correct", note),
                    _learning_rate(history or right[0], x, y)]
        for kind, hint, h in runs:
            hint = hint if n == n_iter else f"{hint} (replayed for {n} steps)"
            if kind == "loss":
                return [Item("loss", "wrong", hint), Item("w", "wrong", "follows from the loss: "
                             "fix the loss first"), _later("learning_rate")]
            loss_ok = any(at(v, h.losses[-2]) for v in loss_given)  # the slip's replay's loss
            return [Item("loss", "correct") if loss_ok else _later("loss"),
                    Item("w", "wrong", hint), _later("learning_rate")]
    if at(w, optimize.W_INIT):
        hint = _at_start(x, y, steps, loss_given, at, runs_of)
    else:
        hint = (f"{counter}; and w is not where the template's {n_iter} steps lead" if counter
                else _reran(x, y, lr, n_iter, w, at) or _out_of_reach(w, lr, n_iter, answers,
                                                                      runs_of(n_iter)))
    return [_later("loss"), Item("w", "wrong", hint), _later("learning_rate")]


def _unmoved(w) -> bool:
    """A loop's weights ``w`` are its start in float32: its steps were too small to move
    them there (1e-9 from 2 is below float32's resolution, 2.4e-7)."""
    return np.array_equal(np.float32(w), np.float32(optimize.W_INIT))


def _at_start(x, y, steps, loss_given, at, runs_of) -> str:
    """The hint for a w at the loop's start: it never changed, unless the loss, when given,
    is not the loss there (then: the last step's loss of a right loop of one of ``steps``
    steps, replayed by ``runs_of``, or no known cause)."""
    start = [loss(optimize.W_INIT, x, y) for loss in training.LOSSES.values()]
    if all(any(at(v, value) for value in start) for v in loss_given):
        return UNCHANGED
    if any(at(v, h.losses[-2]) for n in steps for _, hint, h in runs_of(n)
           if hint is None for v in loss_given):
        return REMADE
    return START_OTHER_LOSS


def _out_of_reach(w, lr, n_iter, answers, runs) -> str:
    """The hint for weights that none of ``runs`` (the replays of ``n_iter`` steps) reaches:
    it names no cause, as none was found."""
    if answers.typed and any(_two_digits(w, h.w) for _, hint, h in runs if hint is None):
        return TWO_DIGITS.format("where the loop leads")
    return (f"not where {n_iter} steps from [-2, 2] with learning rate {lr:g} lead, nor where "
            "any slip the check knows leads: compare your first step with the first "
            "iteration by hand")
