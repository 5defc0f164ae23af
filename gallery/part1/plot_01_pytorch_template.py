r"""
Worked solution: the lab's PyTorch template
===========================================

A worked solution of the template in the [Part 1 exercises](../../../exercises/part1.md): fill it in
yourself first, then compare.

The lab hands out a short PyTorch template with blanks: define the parameters,
run the forward pass, compute the loss, and read the gradient from `w.grad`.
This script fills in every blank, then shows what goes wrong when the two
backward passes (one for $y$, one for $L$) are not kept apart. The derivations
behind each number are on the theory pages, starting with
[the unit and its graph](../../../part1/index.md).
"""

# %%
# Define the initial parameters
# -----------------------------
#
# The lab's values: $\mathbf{x} = [2, 1]$, $\mathbf{w} = [\pi/2, \pi]$, $b = 0$
# and the label $\tilde y = 2$. The weights need `requires_grad=True` so that
# PyTorch records every operation on them. We work in `float64` (see the last
# section for why).
import math

import torch

import lab3

x = torch.tensor([2.0, 1.0], dtype=torch.float64)
w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64, requires_grad=True)
b = torch.tensor(0.0, dtype=torch.float64)
y_label = torch.tensor(2.0, dtype=torch.float64)

# %%
# Forward pass
# ------------
#
# $y = \sin(\mathbf{w}^\top\mathbf{x}) - b$, with `@` for the dot product.
# Here $\mathbf{w}^\top\mathbf{x} = 2\pi$, so $y$ should be $0$; the computed
# value differs from zero by one rounding error of $2\pi$.
y = torch.sin(w @ x) - b
print(f"y = {y.item():.3e}")

# %%
# Gradient of the output
# ----------------------
#
# `y.backward()` fills `w.grad` with $\partial y/\partial\mathbf{w} =
# \cos(\mathbf{w}^\top\mathbf{x})\,\mathbf{x}$.
y.backward()
dy_dw = w.grad.clone()
print(f"dy/dw from autograd:     {dy_dw.tolist()}")
print(f"dy/dw from the formula:  {lab3.unit.grad_y_w(x, w, b).tolist()}")

# %%
# Loss and its gradient, done separately
# --------------------------------------
#
# PyTorch *adds* each new gradient to `w.grad`, and it frees a graph's saved
# values after a backward pass through it. So before the second backward pass
# we clear `w.grad` and build the forward pass again.
w.grad.zero_()
y = torch.sin(w @ x) - b
L2 = (y - y_label) ** 2
L2.backward()
print(f"L = {L2.item():.4f}")
print(f"dL/dw from autograd:     {w.grad.tolist()}")
print(f"dL/dw from the formula:  {lab3.unit.grad_loss_w(x, w, b, y_label).tolist()}")

# %%
# Why the template warns: mistake 1, gradients pile up
# ----------------------------------------------------
#
# Without `w.grad.zero_()`, `w.grad` ends up holding
# $\partial y/\partial\mathbf{w} + \partial L/\partial\mathbf{w}$, the gradient of
# $y + L$: a sum nobody asked for.
w.grad = None
y = torch.sin(w @ x) - b
y.backward(retain_graph=True)
L2 = (y - y_label) ** 2
L2.backward()
print(f"w.grad after both passes: {w.grad.tolist()}  (= dy/dw + dL/dw, wrong)")

# %%
# Why the template warns: mistake 2, one graph, two passes
# --------------------------------------------------------
#
# $L$ is built on top of $y$. After `y.backward()` the values that `sin` saved
# for its derivative are gone, so `L.backward()` through the same graph fails.
w.grad = None
y = torch.sin(w @ x) - b
L2 = (y - y_label) ** 2
y.backward()
try:
    L2.backward()
except RuntimeError as err:
    print(f"RuntimeError: {str(err).splitlines()[0]}")

# %%
# Why float64
# -----------
#
# In `float32`, $2\pi$ is rounded to about 7 digits and $\sin(2\pi)$ comes out
# near $10^{-7}$ instead of near $10^{-16}$. Neither is exactly zero, but only
# the float64 value is small enough to read as zero at a glance. The figure
# sets each $|y|$, on a log scale, beside its type's machine epsilon (the gap
# between $1$ and the next number the type can hold).
import matplotlib.pyplot as plt

p = lab3.LAB_PROBLEM
dtypes = (torch.float32, torch.float64)
ys = [lab3.unit_torch.forward(p.x, p.w, p.b, dtype=dtype) for dtype in dtypes]
for dtype, y_value in zip(dtypes, ys):
    print(f"{str(dtype):14s} y = {y_value:+.3e}")

names = [str(dtype).removeprefix("torch.") for dtype in dtypes]
fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
ax.plot(names, [abs(v) for v in ys], "o", markersize=10, label=r"$|y|$, computed")
ax.plot(names, [torch.finfo(d).eps for d in dtypes], "_", markersize=30, markeredgewidth=2,
        color="tab:grey", label="machine epsilon")
ax.set_yscale("log")
ax.set_xlim(-0.5, len(dtypes) - 0.5)
ax.set_ylabel("size")
ax.legend(loc="upper right", fontsize="small")
ax.set_title("|y| beside machine epsilon, in float32 and float64")  # the alt text too
plt.show()

# %%
# Conclusion
# ----------
#
# The completed template reproduces the hand-derived values, printed here side
# by side once more. Keep the two backward passes apart: clear `w.grad` in
# between and build the forward pass again. (`torch.autograd.grad` returns a
# gradient without adding it to `w.grad`, but it frees the graph all the same:
# build the forward pass again there too, or keep the graph with
# `retain_graph=True` in the first call.)
s = lab3.solve(p)
print(f"y = {s.y:.3e}, dy/dw = {s.dy_dw.tolist()}, L = {s.loss:.4f}, dL/dw = {s.dL_dw.tolist()}")
print(lab3.claims.require(lab3.claims.backprop(p))["autograd_grad_frees_the_graph"])
