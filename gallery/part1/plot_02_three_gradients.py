r"""
Worked solution: three ways to the same gradient
================================================

A worked solution of the check the lab asks for, on the gradients of the
[Part 1 exercises](../../../exercises/part1.md): derive them yourself first, then compare.

A gradient derived by hand is only as good as its derivation. This script
computes $\partial y/\partial\mathbf{w}$ and $\partial L/\partial\mathbf{w}$
three independent ways: the formulas from the theory pages, PyTorch autograd,
and central finite differences. It does so for the lab's values and for random
problems in higher dimensions. The formulas are derived on
[the gradients page](../../../part1/gradients.md) and
[the loss page](../../../part1/loss.md).
"""

# %%
# The lab's problem
# -----------------
#
# Hand: $\partial L/\partial\mathbf{w} = 2(y-\tilde y)\cos(\mathbf{w}^\top\mathbf{x})\,\mathbf{x}$.
# Autograd: `L.backward()`. Finite differences:
# $\big(L(\mathbf{w}+h\mathbf{e}_i) - L(\mathbf{w}-h\mathbf{e}_i)\big)/(2h)$.
import matplotlib.pyplot as plt
import numpy as np

import lab3

p = lab3.LAB_PROBLEM
methods = {
    "hand": lab3.unit,
    "autograd": lab3.unit_torch,
    "finite diff.": lab3.finite_diff,
}
print(f"{'method':>13s}  {'dy/dw':>26s}  {'dL/dw':>26s}")
for name, module in methods.items():
    dy_dw = module.grad_y_w(p.x, p.w, p.b)
    dL_dw = module.grad_loss_w(p.x, p.w, p.b, p.y_label)
    print(f"{name:>13s}  {np.array2string(dy_dw, precision=10):>26s}  "
          f"{np.array2string(dL_dw, precision=10):>26s}")

# %%
# Random problems in any dimension
# --------------------------------
#
# The formulas hold for any length $n$ of $\mathbf{x}$ and $\mathbf{w}$. For
# random problems with $n$ = 1, 2, 5, 10 and 50, the largest gap between hand
# and autograd sits at the level of rounding error; finite differences agree to
# the accuracy their step $h$ allows (the next section shows how it depends
# on $h$).
rng = np.random.default_rng(0)
print(f"{'n':>3s}  {'|hand - autograd|':>18s}  {'|hand - finite diff.|':>22s}")
for n in (1, 2, 5, 10, 50):
    x, w = rng.normal(size=n), rng.normal(size=n)
    b, y_label = rng.normal(), rng.normal()
    hand = lab3.unit.grad_loss_w(x, w, b, y_label)
    auto = lab3.unit_torch.grad_loss_w(x, w, b, y_label)
    fd = lab3.finite_diff.grad_loss_w(x, w, b, y_label)
    print(f"{n:3d}  {np.max(np.abs(hand - auto)):18.2e}  {np.max(np.abs(hand - fd)):22.2e}")

# %%
# How to choose the finite-difference step
# ----------------------------------------
#
# The central difference makes two errors: truncation, of order $h^2$, and
# rounding, of order $\varepsilon_{\mathrm{mach}}/h$, where
# $\varepsilon_{\mathrm{mach}}$ is the machine epsilon of float64, the gap
# between $1$ and the next number the computer can store. Their sum is smallest
# near $h \approx \varepsilon_{\mathrm{mach}}^{1/3}$: the V below. The script
# prints both numbers and the step with the smallest error.
eps = np.finfo(float).eps
print(f"machine epsilon {eps:.1e}, its cube root {eps ** (1 / 3):.1e}")
steps = np.logspace(-12, 0, 49)
exact = lab3.unit.grad_loss_w(p.x, p.w, p.b, p.y_label)
errors = [np.max(np.abs(lab3.finite_diff.grad_loss_w(p.x, p.w, p.b, p.y_label, h) - exact))
          for h in steps]
best = steps[int(np.argmin(errors))]
print(f"smallest error {min(errors):.1e} at h = {best:.1e}")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
ax.loglog(steps, errors, marker="o", markersize=3)
ax.axvline(eps ** (1 / 3), color="grey", linestyle="--",
           label=r"$h=\varepsilon_{\mathrm{mach}}^{1/3}$")
ax.set_xlabel("step $h$")
ax.set_ylabel(r"max error in $\partial L/\partial \mathbf{w}$")
ax.set_title("Central differences: truncation vs rounding")
ax.legend()
plt.show()

# %%
# Conclusion
# ----------
#
# Three methods with nothing in common but the function they differentiate give
# the same gradient, for the lab's values and for random problems of any size:
# the hand derivation is right. Finite differences are the slowest and least
# accurate of the three, which is why they serve as a check, not as the tool.
