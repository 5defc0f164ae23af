r"""
Worked solution: one gradient step, and the learning rate
=========================================================

A worked solution of the update that ends the
[Part 1 exercises](../../../exercises/part1.md): take the step yourself first,
then compare.

The lab's last question: update the weights with learning rate $\alpha = 0.5$.
This script takes that step, compares the loss before and after, and then asks
which learning rates would have helped. The update rule is derived on
[the update page](../../../part1/update.md).
"""

# %%
# The step with the lab's learning rate
# -------------------------------------
#
# $\mathbf{w}_{\text{new}} = \mathbf{w} - \alpha\,\partial L/\partial\mathbf{w}$,
# with $b$ held fixed as in the lab.
import dataclasses

import matplotlib.pyplot as plt
import numpy as np

import lab3

p = lab3.LAB_PROBLEM
s = lab3.solve(p)
print(f"w      = {np.array2string(p.w, precision=4)}")
print(f"dL/dw  = {np.array2string(s.dL_dw, precision=4)}")
print(f"w_new  = {np.array2string(s.w_new, precision=4)}")
print(f"loss before the step: {s.loss:.4f}")
print(f"loss after the step:  {s.loss_new:.4f}")

# %%
# The step made things worse
# --------------------------
#
# The loss went *up*. The gradient only describes the loss near $\mathbf{w}$,
# and the step moved $s = \mathbf{w}^\top\mathbf{x}$ from $2\pi$ by
# $\alpha\,\lvert\partial L/\partial y\rvert\,\lvert\cos s\rvert\,\lVert\mathbf{x}\rVert^2$:
# not a little past the sine's peak, but more than a whole period further on.
shift = lab3.problem.step_shift(p)  # the change of s per unit of learning rate
print(f"w.x before: {s.wx:.4f}   after: {s.w_new @ p.x:.4f}   "
      f"change: {p.lr * shift:.4f}   (a period: {2 * np.pi:.4f})")
print(lab3.claims.require(lab3.claims.part1(p))["step_crosses_periods"])

# %%
# The loss after one step, for every learning rate
# ------------------------------------------------
#
# Repeating the step for a range of $\alpha$ shows how the outcome depends on
# the rate. Because the step moves $\mathbf{w}^\top\mathbf{x}$ in proportion
# to $\alpha$ and the sine is periodic, the loss after the step is periodic in
# $\alpha$ too. With $b = 0$ the output never exceeds 1, so the smallest
# reachable loss is $(1 - 2)^2 = 1$.
rates = np.linspace(0.001, 0.6, 600)
losses = np.array([lab3.solve(dataclasses.replace(p, lr=a)).loss_new for a in rates])
first_best = lab3.problem.peak_rate(p)
limit = lab3.problem.lowering_limit(p)
print(f"w.x moves by {shift:.4f} per unit of alpha")
print(f"smallest rate that reaches the peak of the sine: {first_best:.4f}, "
      f"loss after the step {lab3.solve(dataclasses.replace(p, lr=first_best)).loss_new:.4f}")
print(f"rates below {limit:.6f} (pi/{np.pi / limit:.4f}) all lower the loss")
for claim in lab3.claims.require(lab3.claims.part1(p)).values():
    print(f"- {claim}")

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
ax.plot(rates, losses, label="loss after one step")
ax.axhline(s.loss, color="grey", linestyle="--", label="loss before the step")
ax.axvline(p.lr, color="tab:red", linestyle=":", label=rf"lab's $\alpha = {p.lr}$")
ax.axvline(first_best, color="tab:green", linestyle=":", label=rf"$\alpha = {first_best:.4f}$")
ax.set_xlabel(r"learning rate $\alpha$")
ax.set_ylabel("loss $L$")
ax.set_title("The loss after one step, against the learning rate")  # the alt text too
fig.legend(loc="outside upper center", ncols=2, fontsize="small")  # above: no curve hidden
plt.show()

# %%
# Conclusion
# ----------
#
# One step with $\alpha = 0.5$ overshoots: the gradient is steep here, so a
# large rate carries the weights far beyond the region where the gradient is a
# good guide, and the loss rises. A much smaller rate lands on the best value
# the unit can reach; some larger rates do too, but only by luck, one period of
# the sine further on. A learning rate is only "good" relative to the size and
# curvature of the loss around the current weights.
