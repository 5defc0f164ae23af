r"""
Worked solution: the learning loop
==================================

A worked solution of
[question 2 of the Part 2 exercises](../../../exercises/part2.md#2-the-learning-loop):
fill in the loop yourself first, then compare.

The lab's second template loads five points from `pts.npy`, starts from
$\mathbf{w} = [-2, 2]$ and leaves the body of a 30-step loop blank. This
script fills the blank, runs it on the shipped points, and compares where the
30 steps end with the least-squares optimum found to convergence. It ends with
an erratum: the template's plotting line does not draw the model. Why the loss
is the sum of squared errors is derived on
[the maximum-likelihood page](../../../part2/likelihood.md).
"""

# %%
# Load the points
# ---------------
#
# `lab3.load_points()` reads the shipped `pts.npy` and checks it: an array of
# shape $(N, 2)$, one row $(x_i, y_i)$ per point, all finite. Column 0 is $x$,
# column 1 is $y$, as in the template. The lab3 functions take NumPy arrays or
# tensors alike.
import matplotlib.pyplot as plt
import numpy as np
import torch

import lab3

pts = lab3.load_points()
x, y = pts[:, 0], pts[:, 1]
print(f"N = {len(pts)} points")
for xi, yi in pts:
    print(f"  x = {xi:+.4f}   y = {yi:+.4f}")

# %%
# The loss at the start
# ---------------------
#
# The loop minimises $\mathrm{SSE}(\mathbf{w}) = \sum_i (y_i - f(x_i, \mathbf{w}))^2$,
# the negative log-likelihood without its constant $N\log\sqrt{\pi}$. Its
# gradient by hand is $-2\sum_i r_i f_i(1 - f_i)\,[x_i, 1]$ with residuals
# $r_i = y_i - f_i$; autograd must agree.
w_start = np.array([-2.0, 2.0])
print(f"SSE at w = {w_start}: {lab3.likelihood.sse(w_start, x, y):.4f}")
print(f"gradient by hand:     {lab3.likelihood.grad_sse(w_start, x, y)}")
print(f"gradient by autograd: {lab3.likelihood.grad_sse_autograd(w_start, x, y)}")

# %%
# The template's loop, filled in
# ------------------------------
#
# Three blanks: (1) the loss, (2) `loss.backward()` to put
# $\nabla\mathrm{SSE}$ into `w.grad`, (3) the step
# $\mathbf{w} \leftarrow \mathbf{w} - \alpha\nabla\mathrm{SSE}$, taken in place
# under `torch.no_grad()` so that the step itself is not recorded, then
# `w.grad.zero_()`, or the next gradient would be added to this one. The rate
# $\alpha$ is chosen in the learning-rate tutorial.
learning_rate = lab3.training.DEFAULT_LR
w = torch.tensor([-2, 2], requires_grad=True, dtype=torch.double)
for i in range(30):
    loss = lab3.likelihood.sse(w, x, y)  # (1) the loss
    loss.backward()  # (2) its gradient
    with torch.no_grad():
        w -= learning_rate * w.grad  # (3) the update
    w.grad.zero_()
W = w.detach().numpy()
print(f"after 30 steps with alpha = {learning_rate}: w = {W}")

# %%
# The same loop, with its history
# -------------------------------
#
# `lab3.learning_loop` runs exactly these steps and also keeps every
# intermediate $\mathbf{w}$ and loss, so we can plot the descent.
hist = lab3.learning_loop(x, y, learning_rate)
print(f"same weights as the loop above: {np.array_equal(hist.w, W)}")
print(f"SSE: {hist.losses[0]:.4f} at the start, {hist.final_loss:.4f} after 30 steps")

# %%
# How far did 30 steps get?
# -------------------------
#
# `lab3.fit_least_squares` runs Newton's method until the gradient vanishes. At its
# answer $\hat{\mathbf{w}}$ the SSE is as small as it gets, and the NLL,
# $N\log\sqrt{\pi} + \mathrm{SSE}$, too: the least-squares optimum is the
# maximum-likelihood estimate. The weights that generated the points are not
# the optimum: on five noisy points their SSE is above the optimum's (the
# table's last row), and the data cannot pin them down.
opt = lab3.fit_least_squares(x, y)
print(f"{'':18s} {'w0':>8s} {'w1':>8s} {'SSE':>8s} {'NLL':>8s}")
rows = {"start": hist.weights[0], "30 steps": W, "optimum": opt.w,
        "true weights": np.array(lab3.datasets.TRUE_W)}
for name, wr in rows.items():
    print(f"{name:18s} {wr[0]:8.4f} {wr[1]:8.4f} {lab3.likelihood.sse(wr, x, y):8.4f} "
          f"{lab3.likelihood.nll(wr, x, y):8.4f}")
print(f"30 steps closed {lab3.learning_rate.gap_closed(hist.losses, opt.sse):.1%} "
      f"of the SSE gap; the optimum took {opt.n_iter} Newton steps")

T = np.linspace(-1, 1, 200)
fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
ax.plot(pts[:, 0], pts[:, 1], "rx", markersize=10, linestyle="None", label="data")
styles = {"start": ":", "30 steps": "-", "optimum": "--", "true weights": "-."}
for name, wr in rows.items():
    ax.plot(T, lab3.sigmoid.predict(T, wr), styles[name], label=name)
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.legend(fontsize="small")
ax.set_title("f(x, w) = 1/(1 + exp(−(w₀x + w₁)))")  # plain text: the alt text too
ax_loss.plot(hist.losses, marker="o", markersize=3,
             label=rf"gradient descent, $\alpha = {learning_rate}$")
ax_loss.axhline(opt.sse, color="grey", linestyle="--", label="least-squares optimum")
ax_loss.set_xlabel("iteration")
ax_loss.set_ylabel("SSE")
ax_loss.legend()
fig.suptitle(f"The fit after {hist.n_iter} steps, and the SSE at each step")  # the alt text too
plt.show()

# %%
# Erratum: the template's plotting line
# -------------------------------------
#
# The template draws the fit with `1/(1-np.exp(W[0] * T - W[1]))`, that is
# $1/(1 - e^{w_0 t - w_1})$. The model is
# $1/(1 + e^{-(w_0 t + w_1)}) = 1/(1 + e^{-w_0 t - w_1})$. Two signs differ:
# the sign in front of $e$ (a minus where the model has a plus), and the sign
# of $w_0 t$ in the exponent ($+w_0 t$ where the model has $-w_0 t$). The term
# $-w_1$ is the same in both. The template's curve is not a sigmoid at all: it
# has a pole where $w_0 t = w_1$, and it never enters $[0, 1]$: where
# $e^{w_0 t - w_1} < 1$ it lies above $1$, where $e^{w_0 t - w_1} > 1$ below $0$.
T = np.linspace(-1, 1, 50)  # the template's grid
pole = W[1] / W[0]
template = 1 / (1 - np.exp(W[0] * T - W[1]))  # the template's line, quoted
print(f"pole of the template's curve at t = w1/w0 = {pole:.4f}")
print(f"grid points where the template's line lies in [0, 1]: "
      f"{np.count_nonzero((template >= 0) & (template <= 1))} of {T.size}")
print(f"template's values range over [{template.min():.1f}, {template.max():.1f}]")

fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
ax.plot(pts[:, 0], pts[:, 1], "rx", markersize=10, linestyle="None", label="data")
ax.plot(T, lab3.sigmoid.predict(T, W), color="green", label="model (correct)")
ax.plot(T, template, color="tab:red", linestyle="--", label="template's line")
ax.axvline(pole, color="grey", linestyle=":", label=r"pole $t = w_1/w_0$")
ax.set_ylim(-3, 4)
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.legend(fontsize="small")
ax.set_title("The template's plotting line beside the model")  # the alt text too
plt.show()

# %%
# Conclusion
# ----------
#
# The completed loop is four lines: loss, `backward()`, an in-place step
# under `no_grad()`, `zero_()`. Thirty steps at the chosen $\alpha$ turn the
# falling start curve into a rising one and close most of the gap in SSE, but
# the weights are still well short of the optimum: the loss falls steeply
# across its valley and only slowly along it. To plot the fit, use the model
# itself, `lab3.sigmoid.predict(T, W)`, not the template's line.
