r"""Self-check of the exercise "write one backward": the student's ``sin_backward``.

The student writes ``def sin_backward(s, upstream)``, the backward of
:math:`u = \sin s`: the downstream gradient :math:`\text{upstream}\cdot\cos s`.
:func:`probe` calls it on :data:`PROBES` (the lab's :math:`s = \mathbf{w}^\top\mathbf{x}`
with its upstream gradient :math:`\partial L/\partial u`, then inputs where
:math:`\cos s \ne 1`) where the student's namespace lives: in the process that ran
their file, or in their notebook. :func:`check_backward` compares the outputs with
PyTorch autograd; a hint names a slip only when replaying it gives the student's
outputs at every input.
"""

from __future__ import annotations

import math

import numpy as np

from ..problem import LAB_PROBLEM, solve
from .report import Item, close

#: The name of the student's function.
NAME = "sin_backward"
#: (s, upstream) pairs: the lab's s = 2π with ∂L/∂u, then inputs where cos s is not 1.
PROBES = ((float(LAB_PROBLEM.w @ LAB_PROBLEM.x), solve(LAB_PROBLEM).dL_dy),
          (0.5, 1.0), (1.0, -2.0), (2.5, 0.5), (-1.2, 3.0))
#: Typical slips: (hint, what the slip returns).
SLIPS = (
    ("forgot the upstream factor: return upstream times the local derivative",
     lambda s, up: math.cos(s)),
    ("forgot the local derivative: the sine's is cos s (at the lab's s, cos s = 1, so "
     "only the other inputs show it)", lambda s, up: up),
    ("the local derivative of sin is cos, not sin", lambda s, up: up * math.sin(s)),
    ("returned sin s: the backward multiplies upstream by the derivative, cos s",
     lambda s, up: math.sin(s)),
    ("sign: the derivative of sin s is +cos s (−sin s is the derivative of cos s)",
     lambda s, up: -up * math.sin(s)),
    ("sign: the derivative of sin s is +cos s, not −cos s", lambda s, up: -up * math.cos(s)),
    ("the chain rule multiplies: upstream times cos s, not plus", lambda s, up: up + math.cos(s)),
)
ATOL, RTOL = 1e-9, 1e-6


def probe(mapping) -> tuple[dict, dict]:
    """``({NAME: outputs}, {})`` after calling ``mapping[NAME]`` on each of :data:`PROBES`
    (0-D float64 tensors), ``({NAME: UNFILLED}, {})`` if it returns ``...``, ``({}, {NAME:
    why})`` if it fails; ``({}, {})`` when the mapping holds no such function."""
    function = mapping.get(NAME) if hasattr(mapping, "get") else None
    if not callable(function):
        return {}, {}
    import torch

    from .answers import UNFILLED, plain

    outputs = []
    for s, up in PROBES:
        where = f"sin_backward(s={s:.4g}, upstream={up:.4g})"
        try:
            out = function(torch.tensor(s, dtype=torch.float64),
                           torch.tensor(up, dtype=torch.float64))
        except Exception as err:  # noqa: BLE001 - a student's function may raise anything
            return {}, {NAME: f"{where} raised {type(err).__name__}: {str(err)[:200]}"}
        if out is Ellipsis:
            return {NAME: UNFILLED}, {}
        read = plain(out)
        if isinstance(read, str):
            return {}, {NAME: f"{where} returned {read}: return one number, the gradient"}
        if read.size != 1:
            return {}, {NAME: f"{where} returned {read.size} numbers: return one, the gradient"}
        outputs.append(float(read.reshape(-1)[0]))
    return {NAME: np.array(outputs)}, {}


def reference() -> np.ndarray:
    """``s.grad`` after ``torch.sin(s).backward(upstream)``, for each of :data:`PROBES`."""
    import torch

    grads = []
    for s, up in PROBES:
        s_t = torch.tensor(s, dtype=torch.float64, requires_grad=True)
        # The backward of the scalar upstream * sin(s): sin's backward receives upstream
        # (1 * upstream, exact), so s.grad is bit for bit that of sin(s).backward(upstream),
        # which would first import PyTorch's symbolic-shape checks (over a second).
        (torch.tensor(up, dtype=torch.float64) * torch.sin(s_t)).backward()
        grads.append(s_t.grad.item())
    return np.array(grads)


def check_backward(answers) -> list:
    """The verdict on ``sin_backward`` as a list of one :class:`Item`; none for typed
    answers (a function cannot be typed)."""
    if answers.typed:
        return []
    value, why = answers.values.get(NAME), answers.unread.get(NAME)
    if why is not None:
        return [Item(NAME, "wrong", why)]
    if value is None and answers.error is not None:
        return [Item(NAME, "missing", "not reached: your file stopped before it (see the "
                     "error above)")]
    if value is None:
        return [Item(NAME, "missing", "no function sin_backward(s, upstream): define it "
                     "(the last exercise of the template)")]
    if isinstance(value, str):
        return [Item(NAME, "missing", "still ... : fill in this blank")]
    expected = reference()
    if close(value, expected, ATOL, RTOL):
        return [Item(NAME, "correct")]
    hints = [h for h, slip in SLIPS
             if close(value, [slip(s, up) for s, up in PROBES], ATOL, RTOL)]
    if hints:
        return [Item(NAME, "wrong",
                     hints[0] if len(hints) == 1 else "either " + "; or ".join(hints))]
    return [Item(NAME, "wrong", _where_wrong(np.ravel(value), expected))]


def _where_wrong(value, expected) -> str:
    """Which inputs give a wrong gradient, without guessing why."""
    bad = [k for k in range(len(PROBES)) if not close(value[k], expected[k], ATOL, RTOL)]
    s, up = PROBES[bad[0]]
    where = f"s = {s:.4g}, upstream = {up:.4g}"
    lab = " (right at the lab's s = 2π, where cos s = 1)" if 0 not in bad else ""
    return (f"differs from autograd at {len(bad)} of {len(PROBES)} inputs{lab}, first at "
            f"{where}: compare with s.grad after torch.sin(s).backward(upstream)")
