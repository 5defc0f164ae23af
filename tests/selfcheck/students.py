"""Students for the self-check tests: the templates filled in with PyTorch, right or with a slip.

The reference is autograd, written here as a student writes it, not lab3's code.
"""

import torch

import lab3
from lab3.selfcheck.variant import make_variant

#: The lab's problem and 48 variants, in 1, 2, 3 and 6 dimensions.
PROBLEMS = [lab3.LAB_PROBLEM] + [make_variant(s, d) for s in range(12) for d in (1, 2, 3, 6)]


def part1_student(p, dtype=torch.float64, *, zero_grad=True):
    """Part 1 done in PyTorch as the template asks (``zero_grad=False``: the classic slip)."""
    x = torch.tensor(p.x, dtype=dtype)
    w = torch.tensor(p.w, dtype=dtype, requires_grad=True)
    y = torch.sin(w @ x) - p.b
    y.backward()
    dy_dw = w.grad.clone()
    if zero_grad:
        w.grad.zero_()
    y = torch.sin(w @ x) - p.b
    L2 = (y - p.y_label) ** 2
    L2.backward()
    dL_dw = w.grad.clone()
    with torch.no_grad():
        w_new = w - p.lr * w.grad
    return {"x": x, "w": w, "b": p.b, "y_label": p.y_label, "lr": p.lr, "y": y,
            "dy_dw": dy_dw, "L2": L2, "dL_dw": dL_dw, "w_new": w_new,
            "sin_backward": sin_backward}


def sin_backward(s, upstream):
    """The template's last exercise, done: upstream times the sine's local derivative."""
    return upstream * torch.cos(s)


def sse(w, x, y):
    return ((y - torch.sigmoid(w[0] * x + w[1])) ** 2).sum()


def part2_student(lr, loss_fn=sse, *, sign=-1.0, zero_grad=True, n=30, dtype=torch.double):
    """The Part 2 template's loop, filled in (with a slip, if asked)."""
    pts = torch.tensor(lab3.load_points(), dtype=dtype)
    x, y = pts[:, 0], pts[:, 1]
    w = torch.tensor([-2.0, 2.0], dtype=dtype, requires_grad=True)
    for i in range(n):
        loss = loss_fn(w, x, y)
        loss.backward()
        with torch.no_grad():
            w += sign * lr * w.grad
        if zero_grad:
            w.grad.zero_()
    return {"pts": pts, "w": w, "learning_rate": lr, "loss": loss, "i": i, "x": x, "y": y}


def items(report):
    """The verdicts of ``report`` by answer name."""
    return {i.name: i for i in report.items}
