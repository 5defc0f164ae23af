r"""
Worked solution: least squares or maximum likelihood?
=====================================================

A worked solution of questions
[4](../../../exercises/part2.md#4-least-squares-and-maximum-likelihood) and
[5](../../../exercises/part2.md#5-the-assumptions) of the Part 2 exercises:
answer them yourself first, then compare.

Under the lab's model, minimising the sum of squared errors and maximising
the likelihood give the same weights. This script checks that numerically,
shows what still differs (the values, and the scale of the gradient), and
then breaks the assumptions one at a time: noise that grows with $x$,
heavy-tailed noise, and noise on $x$. Each time it also fits the likelihood
that matches the noise, and prints how the two answers compare with the true
weights. The argument is on
[the LSQ-versus-MLE page](../../../part2/lsq-vs-mle.md).
"""

# %%
# The NLL is the SSE plus a constant
# ----------------------------------
#
# $\mathrm{NLL}(\mathbf{w}) = N\log\sqrt{\pi} + \mathrm{SSE}(\mathbf{w})$:
# at any weights, the difference is the same number.
import matplotlib.pyplot as plt
import numpy as np

import lab3
from lab3 import noise_models as nm

x, y = lab3.load_points().T
rng = np.random.default_rng(0)
for w in rng.uniform(-5, 5, size=(5, 2)):
    nll, sse = lab3.likelihood.nll(w, x, y), lab3.likelihood.sse(w, x, y)
    print(f"w = [{w[0]:+.3f}, {w[1]:+.3f}]  NLL = {nll:.4f}  SSE = {sse:.4f}  "
          f"NLL - SSE = {nll - sse:.10f}")
print(f"N log(sqrt(pi)) = {lab3.likelihood.nll_constant(len(x)):.10f}")

# %%
# Both optimisers land on the same weights
# ----------------------------------------
#
# Minimise the SSE, and separately minimise the full Gaussian NLL with
# $\sigma = 1/\sqrt{2}$ (the model's variance $1/2$), constants included.
# Shifting a function does not move its minimum.
lsq = lab3.fit_least_squares(x, y)
mle = nm.fit_mle(nm.gaussian_nll, x, y, w_init=[-2.0, 2.0], sigma=lab3.datasets.NOISE_STD)
print(f"least squares:      w = {lsq.w}, SSE = {lsq.sse:.6f}")
print(f"maximum likelihood: w = {mle.w}, NLL = {mle.loss:.6f}")
print(f"largest difference in w: {np.abs(lsq.w - mle.w).max():.1e}")

# %%
# What is not the same: the scale
# -------------------------------
#
# The values differ (by the constant), and so can the gradient. If we had
# assumed noise of variance $\sigma^2$, the NLL would be
# $\mathrm{SSE}/(2\sigma^2)$ plus a constant; the mean squared error is
# $\mathrm{SSE}/N$. Same minimiser, but every gradient is rescaled, so the
# same $\alpha$ is a different step. Only the lab's $\sigma^2 = 1/2$ makes
# NLL and SSE steps identical.
alpha = lab3.training.DEFAULT_LR
for loss in ("sse", "nll", "mse"):
    h = lab3.learning_loop(x, y, alpha, loss=loss)
    print(f"{loss}: 30 steps with alpha = {alpha} end at w = {h.w.round(4)}")
h = lab3.learning_loop(x, y, alpha * len(x), loss="mse")
print(f"mse with alpha = N * {alpha} = {alpha * len(x)}: w = {h.w.round(4)} (the SSE run again)")

# %%
# Counterexample 1: noise that grows with x
# -----------------------------------------
#
# Let the noise's standard deviation be $\sigma(x) = 0.1\,e^{2x}$: tiny on the
# left, large on the right. The Gaussian MLE with these known $\sigma_i$ is a
# *weighted* least squares, $\sum_i (y_i - f_i)^2/\sigma_i^2$, trusting the
# precise points more. We draw 60 data sets of 40 points from the true weights
# $\mathbf{w}^\star$ and fit each one both ways. For each method the script
# prints the mean of the 60 estimates, how far that mean is from
# $\mathbf{w}^\star$, and the spread (standard deviation) of the estimates.
# Both means are close to $\mathbf{w}^\star$: each misses it by less than two
# standard errors of a mean of 60 estimates (the spread divided by $\sqrt{60}$),
# so plain least squares shows no sign of bias. The difference is the
# spread: the weighted MLE's estimates scatter less, most of all for the slope
# $w_0$ (`lab3.counterexamples.unequal_variances`). The last lines state what
# these numbers show (`lab3.claims.counterexamples`).
unequal, tails, blur = (lab3.counterexamples.unequal_variances(),
                        lab3.counterexamples.heavy_tails(), lab3.counterexamples.noise_on_x())
claims = lab3.claims.require(lab3.claims.counterexamples(unequal, tails, blur))
true_w, xs, ys, estimates = unequal.true_w, unequal.x, unequal.y, unequal.fits
for name, ws in estimates.items():
    print(f"{name:15s} mean w = {ws.mean(axis=0).round(3)}, "
          f"mean - true = {(ws.mean(axis=0) - true_w).round(3)}, "
          f"spread (std) = {ws.std(axis=0).round(3)}")
print(claims["unequal_no_bias"])
print(claims["unequal_weighted_scatters_less"])

fig, (ax, ax_w) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
T = np.linspace(-1, 1, 200)
ax.errorbar(xs, ys, yerr=nm.heteroscedastic_std(xs, 0.1), fmt="x", color="tab:red", alpha=0.6,
            label=r"data, $\pm\sigma(x)$")
ax.plot(T, lab3.sigmoid.predict(T, true_w), "k-.", label="true")
ax.plot(T, lab3.sigmoid.predict(T, estimates["least squares"][-1]), label="least squares")
ax.plot(T, lab3.sigmoid.predict(T, estimates["weighted (MLE)"][-1]), "--", label="weighted (MLE)")
ax.set_ylim(-1.5, 2.5)
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.legend(fontsize="small")
ax.set_title("one of the 60 data sets")
for name, ws in estimates.items():
    ax_w.plot(*np.array(ws).T, "o", markersize=4, alpha=0.7, label=name)
ax_w.plot(*true_w, "k*", markersize=14, label="true $\\mathbf{w}$")
ax_w.set_xlabel("$w_0$")
ax_w.set_ylabel("$w_1$")
ax_w.legend(fontsize="small")
ax_w.set_title("estimates from 60 data sets")
fig.suptitle("Unequal variances: least squares and the weighted MLE")  # the alt text too
plt.show()

# %%
# Counterexample 2: heavy tails
# -----------------------------
#
# Cauchy noise (scale $\gamma = 0.05$) is mostly small, with rare huge
# outliers. In this data set of 40 points, one point lies far off the plot.
# Squaring lets it outweigh all the other points together: at the true
# weights, the script prints the share of the SSE that this one point
# contributes. The Cauchy NLL grows only like $2\log|r|$ for a large residual
# $r$, so one outlier cannot pull the MLE far. The script prints each fit and
# its distance $\lVert\mathbf{w} - \mathbf{w}^\star\rVert$ from the true
# weights: least squares lands far away, the Cauchy MLE close by. (Laplace
# noise would give least absolute deviations, $\sum_i |y_i - f_i|$, whose cost
# grows like $|r|$: between the two.)
xs, ys, fits = tails.x, tails.y, tails.fits
for name, w in fits.items():
    print(f"{name:14s} w = {w.round(3)}, distance from the true w = "
          f"{np.linalg.norm(w - true_w):.3f}")
y_lo, y_hi = -1.5, 2  # the plot's range of y
off = (ys < y_lo) | (ys > y_hi)
print(f"points off the plot: {off.sum()}, at y = {np.round(ys[off], 1)}")
print(claims["one_outlier_dominates"])
print(claims["cauchy_stays_close"])

fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
ax.plot(xs, ys, "x", color="tab:red", label="data")
ax.plot(T, lab3.sigmoid.predict(T, true_w), "k-.", label="true")
for style, (name, w) in zip(("-", "--"), fits.items()):
    ax.plot(T, lab3.sigmoid.predict(T, w), style, label=name)
ax.set_ylim(y_lo, y_hi)
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.legend(fontsize="small")
ax.set_title("Heavy tails: least squares and the Cauchy MLE")  # the alt text too
plt.show()

# %%
# Counterexample 3: noise on $x$
# ------------------------------
#
# Now $y$ is measured at the true input $\xi_i$, but we record
# $x_i = \xi_i + \delta_i$ with $\delta_i \sim \mathcal{N}(0, 0.4^2)$.
# Least squares treats $x_i$ as exact; the blur smears the steep part of the
# curve, and the fit comes out too flat: its slope $w_0$ is well below the true
# one. The MLE integrates the unknown $\xi_i$ out, using what we know: $\xi$
# is uniform on $[-1, 1]$, and the two noise levels. Its slope lands close to
# the true one. More data do not rescue least squares: the last lines fit it
# to two much larger data sets, and its $w_0$ stays low.
xs, ys = blur.x, blur.y
fits = dict(list(blur.fits.items())[:2])  # the two fits of these 300 points
for name, w in blur.fits.items():
    print(f"{name:28s} w = {w.round(3)}   (true {true_w})")
print(claims["blur_flattens"])

fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
ax.plot(xs, ys, ".", color="tab:red", alpha=0.4, label="data (x blurred)")
ax.set_title("Noise on x: least squares and the errors-in-x MLE")  # the alt text too
T = np.linspace(-2, 2, 200)
ax.plot(T, lab3.sigmoid.predict(T, true_w), "k-.", label="true")
for style, (name, w) in zip(("-", "--"), fits.items()):
    ax.plot(T, lab3.sigmoid.predict(T, w), style, label=name)
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.legend(fontsize="small")
plt.show()

# %%
# Conclusion
# ----------
#
# With independent Gaussian noise of one variance for all samples, and inputs
# whose distribution does not depend on $\mathbf{w}$, least squares *is*
# maximum likelihood: the same minimiser; the NLL is the SSE scaled by
# $1/(2\sigma^2)$ and shifted by a constant, so its gradients are the SSE's
# scaled by $1/(2\sigma^2)$ (by one, for the lab's $\sigma^2 = 1/2$).
# Change the noise and the two part ways, each in its own manner. With unequal
# variances, least squares showed no sign of bias, but its estimates
# scattered more than the weighted MLE's. With heavy tails, one outlier carried
# most of the squared error at the true weights, and least squares landed far
# from them, while the Cauchy MLE stayed close. With noise on $x$, least
# squares gave too flat a curve, even with many more points, while the
# errors-in-$x$ MLE came close to the true slope. Least squares returns an
# answer each time: the maximum-likelihood answer for Gaussian noise of one
# variance, which is not the noise in these data.
