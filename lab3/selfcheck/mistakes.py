r"""The typical wrong answers to Part 1, each with the hint that points at its step.

For a problem, :func:`part1` lists, for every answer the lab asks for, the
values that common slips produce and what to tell a student who gave one. The
hints name the step, never the number: the self-check must not hand out the
solution. A slip that happens to give the right number (e.g. forgetting
:math:`\cos(\mathbf{w}^\top\mathbf{x})` when it equals 1) is not a mistake.
"""

from __future__ import annotations

import math

import numpy as np

from ..problem import UnitProblem, checked, solve

SIGN_SIN = "sign of the chain-rule factor: the derivative of sin(z) is +cos(z)"
SIN_NOT_COS = "the derivative of sin(z) is cos(z), not sin(z)"
FORGOT_COS = "forgot the factor cos(wᵀx): the chain rule multiplies by the derivative of sin"
W_NOT_X = "∂(wᵀx)/∂w is x, not w"
FORGOT_X = "∂y/∂w is a vector: multiply cos(wᵀx) by ∂(wᵀx)/∂w = x"
FORGOT_2 = "forgot the factor 2: ∂/∂y (y - ỹ)² = 2(y - ỹ)"
SIGN_LOSS = "sign of the chain-rule factor: ∂L/∂y = 2(y - ỹ), prediction minus label"
ACCUMULATED = ("gradients accumulated: w.grad held ∂y/∂w + ∂L/∂w; clear it with "
               "w.grad.zero_() (and run the forward pass again) before L2.backward()")
FORGOT_DY = "the chain rule needs both factors: ∂L/∂w = ∂L/∂y · ∂y/∂w"
COS_MODEL = "y is cos(wᵀx), whose gradient is -sin(wᵀx)·x: the unit applies sin"
SUM_OF_SINES = ("y is a sum of sines, whose gradient is cos(wᵢxᵢ)·xᵢ: the unit applies "
                "sin to the dot product wᵀx")
PLUS_UPDATE = "wrong update direction: step against the gradient, w - α·∂L/∂w (+ instead of -)"
FORGOT_LR = "forgot the learning rate: the step is α·∂L/∂w"
DY_UPDATE = "the update uses the gradient of the loss, ∂L/∂w, not ∂y/∂w"
DOUBLED = ("twice the gradient: L2.backward() ran twice and w.grad added both; "
           "call it once, after w.grad.zero_()")
HALF_LOSS = ("this lab's loss has no factor 1/2: L = (y - ỹ)², not ½(y - ỹ)²; "
             "without the ½, ∂L/∂w doubles and so does the step in w_new")
HALF_FOLLOWS = "follows from the ½ in your loss: the lab's L = (y - ỹ)² has twice the gradient"
ZERO_GRAD = ("all zeros: the gradient was never computed, or cleared, or read before "
             "backward(): read w.grad right after backward(), before w.grad.zero_()")
NOT_REBUILT = ("L2.backward() failed (see the error above), so w.grad stayed zero: "
               "y.backward() freed the graph, so compute y again before L2")
NO_REQUIRES_GRAD = ("w does not require a gradient, so backward() had none to compute (see "
                    "the error above): make it with w = torch.tensor([...], requires_grad=True), "
                    "and keep it so (no w = w.detach())")
NO_GRAPH = ("w requires a gradient, yet the tensor backward() ran on has no path back to it "
            "in autograd's record (see the error above): compute it from w with torch "
            "operations, after w requires a gradient (.detach(), torch.tensor(...), .item() "
            "and torch.no_grad() cut the path)")
#: PyTorch's error for backward() through tensors that record no gradient; in a notebook,
#: where the check does not see the error, it stands in for it once replaying confirms it.
NO_GRAD_ERROR = "element 0 of tensors does not require grad"
#: Causes named by the error the student's file stopped with: (text in the error, item, hint).
ERRORS = ((NO_GRAD_ERROR, "w", NO_REQUIRES_GRAD),
          ("backward through the graph a second time", "dL_dw", NOT_REBUILT))


def part1(problem: UnitProblem) -> dict[str, list[tuple[str, object]]]:
    """``{answer: [(hint, wrong value), ...]}`` for the answers y, dy_dw, loss, dL_dw, w_new."""
    p = checked(problem)
    s = solve(p)
    x, w, b, label, lr = p.x, p.w, p.b, p.y_label, p.lr
    sin, cos = math.sin(s.wx), math.cos(s.wx)
    dl_dy = s.dL_dy  # the chain rule's first factor, 2(y - ỹ)
    return {
        "y": [
            ("the bias is subtracted: y = sin(wᵀx) - b", sin + b),
            ("the unit applies sin, not cos, to wᵀx", cos - b),
            ("y is sin of the dot product wᵀx (w @ x), not a sum of sines",
             float(sum(math.sin(v) for v in w * x)) - b),
        ],
        "dy_dw": [
            (SIGN_SIN, -cos * x),
            (SIN_NOT_COS, sin * x),
            (FORGOT_COS, x),
            (W_NOT_X, cos * w),
            (FORGOT_X, cos),
            (COS_MODEL, -sin * x),  # autograd through the slips of y
            (SUM_OF_SINES, np.cos(w * x) * x),
        ],
        "loss": [
            ("the L2 loss squares the error: L = (y - ỹ)²", s.y - label),
            ("the L2 loss squares the error: L = (y - ỹ)²", abs(s.y - label)),
            (HALF_LOSS, s.loss / 2),
        ],
        "dL_dw": [
            (FORGOT_2, dl_dy / 2 * s.dy_dw),
            (SIGN_LOSS, -s.dL_dw),
            (FORGOT_COS, dl_dy * x),
            (SIN_NOT_COS, dl_dy * sin * x),
            (ACCUMULATED, s.dy_dw + s.dL_dw),
            (FORGOT_DY, dl_dy),
            (FORGOT_2 + "; and " + SIGN_LOSS, -s.dL_dw / 2),
            (DOUBLED, 2 * s.dL_dw),
        ],
        "w_new": [
            (PLUS_UPDATE, w + lr * s.dL_dw),
            (FORGOT_LR, w - s.dL_dw),
            (ACCUMULATED, w - lr * (s.dy_dw + s.dL_dw)),
            (DY_UPDATE, w - lr * s.dy_dw),
            (FORGOT_2, w - lr * s.dL_dw / 2),
            (FORGOT_COS, w - lr * dl_dy * x),
            (DOUBLED, w - 2 * lr * s.dL_dw),
        ],
    }
