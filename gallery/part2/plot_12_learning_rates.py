r"""
Choosing the learning rate
==========================

The lab asks for a reasonable learning rate, and what happens when it is too
small or too large. This script runs the learning loop on the shipped points
for rates from far too small to far too large, draws each run on the loss
landscape, and explains the limits with the curvature of the loss: the
eigenvalues of its Hessian. The reasoning is on
[the learning-rate page](../../../part2/learning-rate.md).
"""

# %%
# Six rates, 30 steps each
# ------------------------
#
# Same data, same start $\mathbf{w} = [-2, 2]$, same 30 steps; only the rate
# $\alpha$ changes. We count the steps at which the SSE went *up*: a sound
# descent has none.
import matplotlib.pyplot as plt
import numpy as np

import lab3

x, y = lab3.load_points().T
opt = lab3.fit_least_squares(x, y)
rates = [0.1, 0.5, 2.5, 4.0, 6.0, 20.0]
runs = {lr: lab3.learning_loop(x, y, lr) for lr in rates}
print(f"optimum: w = {opt.w.round(4)}, SSE = {opt.sse:.4f}")
print(f"{'alpha':>6s} {'w0':>8s} {'w1':>8s} {'SSE':>8s} {'SSE - opt':>10s} {'rises':>6s}")
for lr, h in runs.items():
    print(f"{lr:6.1f} {h.w[0]:8.3f} {h.w[1]:8.3f} {h.final_loss:8.4f} "
          f"{h.final_loss - opt.sse:10.2e} {h.loss_rises:6d}")

fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
for lr, h in runs.items():
    ax.semilogy(h.losses - opt.sse, marker="o", markersize=3, label=rf"$\alpha = {lr}$")
ax.set_xlabel("iteration")
ax.set_ylabel(r"SSE $-$ optimal SSE")
ax.legend(ncols=2, fontsize="small")
plt.show()

# %%
# The runs on the loss landscape
# ------------------------------
#
# The SSE over the $(w_0, w_1)$ plane has a long, narrow, curved valley with
# the optimum (star) at its far end, and flat plateaus where the sigmoid
# saturates: there $f \approx 0$ or $f \approx 1$ at every $x_i$ and the
# gradient, which carries a factor $f(1 - f)$, is nearly zero.
w0, w1 = np.meshgrid(np.linspace(-5, 9, 281), np.linspace(-12, 4, 321))
sse = lab3.likelihood.landscape(w0, w1, x, y)
fig, axes = plt.subplots(2, 3, figsize=(11, 7), sharex=True, sharey=True, layout="constrained")
for ax, (lr, h) in zip(axes.flat, runs.items()):
    ax.contour(w0, w1, sse, levels=np.quantile(sse, np.linspace(0, 1, 16) ** 2), cmap="viridis",
               linewidths=0.7)
    ax.plot(h.weights[:, 0], h.weights[:, 1], "k.-", markersize=4, linewidth=0.8)
    ax.plot(*opt.w, "r*", markersize=12)
    ax.set_title(rf"$\alpha = {lr}$: SSE {h.final_loss:.3f}, {h.loss_rises} rises")
    ax.set_xlim(-5, 9)
    ax.set_ylim(-12, 4)
for ax in axes[1]:
    ax.set_xlabel("$w_0$")
for ax in axes[:, 0]:
    ax.set_ylabel("$w_1$")
plt.show()

# %%
# The curvature sets the limit
# ----------------------------
#
# Near a minimum the SSE is close to a bowl with Hessian $H$. A step
# multiplies the distance to the minimum along each eigenvector of $H$ by
# $1 - \alpha\lambda$; the run settles only if $|1 - \alpha\lambda| < 1$ for
# every eigenvalue, that is $\alpha < 2/\lambda_{\max}$. Along the way the
# curvature is sharper than at the optimum, so the limit there is lower.
lam_min, lam_max = np.linalg.eigvalsh(lab3.likelihood.hessian_sse(opt.w, x, y))
path = runs[2.5].weights
path_limit = min(lab3.training.stability_limit(x, y, w) for w in path)
print(f"Hessian eigenvalues at the optimum: {lam_min:.4f} and {lam_max:.4f}")
print(f"limit at the optimum:       2/lambda_max = {2 / lam_max:.3f}")
print(f"tightest limit on the path of alpha = 2.5: {path_limit:.3f}")
fine = np.round(np.arange(2.5, 4.05, 0.1), 2)
first_rise = lab3.training.first_rising_rate(x, y, fine)
print(f"smallest rate (in steps of 0.1) whose SSE ever rises: {first_rise}")

# %%
# Why 30 steps are not enough
# ---------------------------
#
# The same factor $1 - \alpha\lambda$ explains the slow finish. Along the
# valley floor the curvature is $\lambda_{\min}$, about 20 times smaller than
# $\lambda_{\max}$, so each step removes only a small fraction of the
# remaining distance. A rate large enough to speed this up would break the
# limit across the valley.
alpha = lab3.training.DEFAULT_LR
shrink = 1 - alpha * lam_min
print(f"condition number lambda_max/lambda_min = {lam_max / lam_min:.1f}")
print(f"per step, the distance along the valley shrinks by {shrink:.4f}")
print(f"after 30 steps {shrink ** 30:.2f} of it is left; "
      f"{np.log(1e-3) / np.log(shrink):.0f} steps would leave 0.1%")
long = lab3.learning_loop(x, y, alpha, n_iter=300)
print(f"300 steps: w = {long.w.round(4)}, SSE - optimum = {long.final_loss - opt.sse:.1e}")

# %%
# Far too large: thrown onto a plateau
# ------------------------------------
#
# With $\alpha = 20$ or more, the first step throws $w_1$ far out. There the
# sigmoid saturates, $f(1 - f)$ is tiny, and so is every later step: the run
# is stuck on a plateau with a poor loss. The SSE cannot blow up, since each
# term is at most $\max(y_i^2, (y_i - 1)^2)$; it is the weights that run
# away. Should they ever become infinite or NaN, `lab3.learning_loop` stops
# with a `DivergenceError` instead of returning them.
for lr in (20.0, 100.0, 1000.0):
    h = lab3.learning_loop(x, y, lr)
    print(f"alpha = {lr:6.0f}: w after 1 step = {h.weights[1].round(2)}, "
          f"|gradient| at the end = {np.abs(h.grads[-1]).max():.1e}, SSE = {h.final_loss:.4f}")

# %%
# Conclusion
# ----------
#
# Too small ($\alpha = 0.1$) crawls: after 30 steps the curve has barely
# turned. Too large oscillates across the valley ($\alpha$ above the limit set
# by the sharpest curvature met on the way) or, far too large, jumps onto a
# plateau where the saturated sigmoid stops all learning. A reasonable rate
# sits a little below the tightest limit on the path: here $\alpha = 2.5$,
# which lowers the SSE at every step. What it cannot fix is the narrow valley;
# that needs more steps, or a method that uses curvature (Newton, L-BFGS).
print(f"reasonable rate: alpha = {lab3.training.DEFAULT_LR}")
