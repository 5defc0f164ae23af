r"""
Worked solution: choosing the learning rate
===========================================

A worked solution of
[question 3 of the Part 2 exercises](../../../exercises/part2.md#3-the-learning-rate):
try a few rates yourself first, then compare.

The lab asks for a reasonable learning rate, and what happens when it is too
small or too large. This script starts with one dimension, runs the learning
loop on the shipped points for six rates, draws them on the loss landscape,
and then runs a few hundred rates to find where each regime begins. The
reasoning is on [the learning-rate page](../../../part2/learning-rate.md).
"""

# %%
# One dimension first
# -------------------
#
# On $\ell(w) = \tfrac12\lambda w^2$ a step is $w \leftarrow (1 - \alpha\lambda)\,w$:
# the error is multiplied by $1 - \alpha\lambda$ at every step. It shrinks for
# $0 < \alpha\lambda < 2$, flipping sign above $1$, and grows above $2$.
import matplotlib.pyplot as plt
import numpy as np

import lab3
from lab3 import learning_rate as lr

fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
for product in (0.5, 1.5, 2.1):
    errors = lr.quadratic_errors(1.0, product, 1.0, 12)
    ax.plot(errors, marker="o", markersize=3, label=rf"$\alpha\lambda = {product}$")
    print(f"alpha*lambda = {product}: factor {1 - product:+.1f}, error after 12 steps "
          f"{errors[-1]:+.4f}")
ax.axhline(0, color="grey", linewidth=0.8)
ax.set_xlabel("step")
ax.set_ylabel("error $w$")
ax.legend(fontsize="small")
ax.set_title("The error on ½λw², step by step")  # the alt text too
plt.show()

# %%
# Six rates, 30 steps each
# ------------------------
#
# Same data, same start $\mathbf{w} = [-2, 2]$, same 30 steps; only $\alpha$
# changes. `lab3.learning_rate.judge` sorts each rate into its regime by
# running on to see where the run settles; it is what the self-check uses.
x, y = lab3.load_points().T
opt = lab3.fit_least_squares(x, y)
rates = [0.1, 0.5, 2.5, 4.0, 6.0, 20.5]
runs = {a: lab3.learning_loop(x, y, a) for a in rates}
verdicts = {a: lr.judge(a, x, y) for a in rates}
print(f"optimum: w = {opt.w.round(4)}, SSE = {opt.sse:.4f}")
print(f"{'alpha':>6s} {'SSE':>8s} {'gap left':>9s} {'rises':>6s}  regime")
for a, h in runs.items():
    v = verdicts[a]
    print(f"{a:6.1f} {h.final_loss:8.4f} {v.gap:9.2%} {h.loss_rises:6d}  {v.regime}")

fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
for a, h in runs.items():
    ax.semilogy(h.losses - opt.sse, marker="o", markersize=3, label=rf"$\alpha = {a}$")
ax.set_xlabel("iteration")
ax.set_ylabel(r"SSE $-$ optimal SSE")
ax.legend(ncols=3, fontsize="small", loc="lower left")
ax.set_title("Six rates: the SSE above its minimum, step by step")  # the alt text too
plt.show()

# %%
# The runs on the loss landscape
# ------------------------------
#
# The SSE over the $(w_0, w_1)$ plane has a long, narrow, curved valley with
# the optimum (star) at its far end, and flat plateaus where the sigmoid
# saturates: there $f \approx 0$ or $f \approx 1$ at every $x_i$ and the
# gradient, which carries a factor $f(1 - f)$, is nearly zero.
w0_lo, w0_hi, w1_lo, w1_hi = lab3.explore.EXTENT  # the learning-rate page's window too
w0, w1 = np.meshgrid(np.linspace(w0_lo, w0_hi, 311), np.linspace(w1_lo, w1_hi, 201))
sse = lab3.likelihood.landscape(w0, w1, x, y)
fig, axes = plt.subplots(2, 3, figsize=(11, 7), sharex=True, sharey=True, layout="constrained")
for ax, (a, h) in zip(axes.flat, runs.items()):
    ax.contour(w0, w1, sse, levels=np.quantile(sse, np.linspace(0, 1, 16) ** 2), cmap="viridis",
               linewidths=0.7)
    ax.plot(h.weights[:, 0], h.weights[:, 1], "k.-", markersize=4, linewidth=0.8)
    ax.plot(*opt.w, "r*", markersize=12)
    ax.set_title(f"α = {a}: SSE {h.final_loss:.3f}, {verdicts[a].regime}")
    ax.set_xlim(w0_lo, w0_hi)
    ax.set_ylim(w1_lo, w1_hi)
for ax in axes[1]:
    ax.set_xlabel("$w_0$")
for ax in axes[:, 0]:
    ax.set_ylabel("$w_1$")
fig.suptitle("The six runs on the SSE landscape")  # the alt text too
plt.show()

# %%
# Every rate, run
# ---------------
#
# `lab3.learning_rate.sweep` runs 401 rates from 0.01 to 100 side by side:
# 30 steps, then on to 10 000 to see where each settles. Top: the fraction of
# the starting gap left after 30 steps (a reasonable rate leaves at most 5%).
# Bottom: the steps until the SSE is within $10^{-8}$ of its minimum. The
# lines mark the bowl's landmarks $2/\lambda_{\max}$ and
# $2/(\lambda_{\min} + \lambda_{\max})$ at the optimum, and the first rate
# at which the loss rises at some step.
sweep = lr.sweep(x, y)
res, curv = sweep.runs, sweep.curvature
regimes = res.regimes
colours = {"crawls": "tab:blue", "reasonable": "tab:green", "overshoots": "tab:purple",
           "cycles": "tab:orange", "erratic": "tab:red", "diverges": "black"}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 6), sharex=True, layout="constrained")
top.loglog(res.rates, res.gap, "k-", linewidth=1)
top.axhline(lr.GAP, color="grey", linestyle="--", linewidth=0.8)
top.set_ylabel("gap left after 30 steps")
top.set_title(f"{len(res.rates)} rates: the gap after 30 steps, and the steps to converge")  # alt text
converged = res.steps >= 0
bottom.loglog(res.rates[converged], res.steps[converged], "k.", markersize=3)
bottom.set_ylabel("steps to converge")
bottom.set_xlabel(r"learning rate $\alpha$")
for ax in (top, bottom):
    for name in lr.REGIMES:
        inside = regimes == name
        if inside.any():
            ax.fill_between(res.rates, 0, 1, where=inside, step="mid", alpha=0.2, linewidth=0,
                            color=colours[name], transform=ax.get_xaxis_transform(),
                            label=name if ax is top else None)
    for value, style in ((curv.limit, ":"), (curv.best, "-."), (sweep.monotone, "--")):
        ax.axvline(value, color="black", linestyle=style, linewidth=0.9)
top.legend(ncols=2, fontsize="small", loc="lower left")
bottom.text(curv.limit * 1.05, 0.9, r"$2/\lambda_{\max}$", transform=bottom.get_xaxis_transform())
bottom.text(curv.best * 0.95, 0.75, r"$2/(\lambda_{\min}+\lambda_{\max})$", ha="right",
            transform=bottom.get_xaxis_transform())
bottom.text(sweep.monotone * 0.95, 0.1, "loss first rises", ha="right",
            transform=bottom.get_xaxis_transform())
plt.show()

print(f"2/lambda_max = {curv.limit:.4f}, 2/(lambda_min + lambda_max) = {curv.best:.4f}")
print(f"first rate at which the loss rises at some step: {sweep.monotone:.4f}")
for name in lr.REGIMES:
    span = sweep.span(name)
    if span:
        print(f"{name:>10s}: {np.sum(regimes == name):3d} rates, from {span[0]:.4g}")

# %%
# What the sweep shows
# --------------------
#
# Each sentence below is computed by `lab3.claims`, the same statements the
# learning-rate page makes; the site is not built if one stops holding.
claims = lab3.claims.require(lab3.claims.learning_rate(sweep, x, y))
for claim in claims.values():
    print(f"- {claim}")

# %%
# Conclusion
# ----------
#
# Too small crawls: every step goes downhill, but 30 steps are far from
# enough. Reasonable rates span a wide range, and the faster ones let the
# loss rise now and then on the way. Above $2/\lambda_{\max}$ the run ends in
# a 2-cycle, which can look fine after 30 steps; further up the first steps
# throw the weights out of the valley, and where they end is erratic.
print(f"reasonable rates: {sweep.span('reasonable')[0]:.3g} to "
      f"{sweep.span('reasonable')[1]:.3g}; the solutions use "
      f"alpha = {lab3.training.DEFAULT_LR}")
