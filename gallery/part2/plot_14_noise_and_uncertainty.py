r"""
The fitted model's noise, and how sure the fit is
=================================================

The maximum-likelihood fit is more than a curve: at every $x$ the model
predicts a bell curve of possible $y$. This script draws those bells at the
five shipped points, compares the model's noise variance $1/2$ with the
variance the data suggest, and computes the standard errors of
$\hat{\mathbf{w}}$ from the curvature of the negative log-likelihood, checked
against finite differences. It goes beyond the lab's questions; the argument
is on [the LSQ-versus-MLE page](../../../part2/lsq-vs-mle.md#what-the-likelihood-adds).
"""

# %%
# The fit
# -------
#
# `lab3.fit_least_squares` minimises the SSE to convergence, which is the
# maximum-likelihood estimate $\hat{\mathbf{w}}$ under the model's Gaussian
# noise of variance $\sigma^2 = 1/2$.
import matplotlib.pyplot as plt
import numpy as np

import lab3

x, y = lab3.load_points().T
fit = lab3.fit_least_squares(x, y)
var = lab3.likelihood.VARIANCE
print(f"w_hat = {fit.w}, SSE = {fit.sse:.4f}, model variance = {var}")

# %%
# A bell curve at each point
# --------------------------
#
# The model says $y = f(x, \hat{\mathbf{w}}) + \varepsilon$ with
# $\varepsilon \sim \mathcal{N}(0, 1/2)$. At each $x_i$ we draw the density
# $p(y \mid x_i, \hat{\mathbf{w}})$ sideways, its peak on the fitted curve
# (`lab3.likelihood.log_normal`, the package's one Gaussian). The dashed
# bells use the variance the data suggest, $\hat\sigma^2 = \mathrm{SSE}/N$,
# computed in the next cell.
sigma2_hat = lab3.uncertainty.noise_variance(fit.w, x, y)
T = np.linspace(-1, 1, 200)
width = 0.12  # how far the model's bell reaches along x, at its peak
t = np.linspace(-3, 3, 121)  # each bell from 3 standard deviations below its mean to 3 above
peak = np.exp(lab3.likelihood.log_normal(0.0, 0.0, var))

fig, ax = plt.subplots(figsize=(7.5, 4.5), layout="constrained")
ax.plot(T, lab3.sigmoid.predict(T, fit.w), color="tab:green", label=r"$f(x, \hat{\mathbf{w}})$")
for i, (xi, fi) in enumerate(zip(x, lab3.sigmoid.predict(x, fit.w))):
    for v, style, name in ((var, "-", r"$\sigma^2 = 1/2$"), (sigma2_hat, "--", r"$\hat\sigma^2$")):
        Y = fi + np.sqrt(v) * t
        p = np.exp(lab3.likelihood.log_normal(Y, fi, v))
        ax.plot(xi + width * p / peak, Y, style, color="tab:blue", linewidth=1,
                label=f"$p(y \\mid x_i, \\hat{{\\mathbf{{w}}}})$, {name}" if i == 0 else None)
    ax.plot([xi, xi], [Y[0], Y[-1]], color="grey", linewidth=0.5)
ax.plot(x, y, "rx", markersize=10, linestyle="None", label="data")
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.set_xlim(-1, 1.1)
ax.set_title("The fitted model: a Gaussian of y at each x")
fig.legend(loc="outside upper center", ncols=2, fontsize="small")  # above: no bell hidden
plt.show()

# %%
# The noise level from the data
# -----------------------------
#
# Were $\sigma^2$ a free parameter, maximising the likelihood over it would
# give $\hat\sigma^2 = \mathrm{SSE}(\hat{\mathbf{w}})/N$. For a fit of two
# weights, $\mathrm{SSE}/N$ is on average $(N - 2)/N \cdot \sigma^2$ (exactly
# for a model linear in its weights): below the model's $\sigma^2 = 1/2$, and
# well below for few points (the first line below has both). Is the difference
# from that average evidence against the model? When the variance really is
# $\sigma^2$, $\mathrm{SSE}/\sigma^2$ follows (about) the $\chi^2$ distribution
# with $N - 2$ degrees of freedom; the last line places our value in it
# (`lab3.uncertainty.chi2_cdf`).
claims = lab3.claims.fit(x, y)
print(f"sigma2_hat = SSE/N = {fit.sse:.4f}/{len(x)} = {sigma2_hat:.4f}; the model: {var}, "
      f"and on average (N - 2)/N * {var} = {(len(x) - 2) / len(x) * var:.4f}")
print(claims["noise_level_as_expected"])

# %%
# Standard errors from the curvature
# ----------------------------------
#
# Near $\hat{\mathbf{w}}$ the likelihood, as a function of $\mathbf{w}$, is
# close to a Gaussian with covariance $H^{-1}$, the inverse Hessian of the NLL.
# We check the hand-derived Hessian against central differences of the
# gradient (`lab3.finite_diff.gradient`), then read off the standard errors.
unc = lab3.uncertainty.uncertainty(x, y, fit.w)
h = 1e-5
fd = np.array([lab3.finite_diff.gradient(lambda w, k=k: lab3.likelihood.grad_sse(w, x, y)[k],
                                         fit.w, h) for k in range(2)]) / (2 * var)
print(f"Hessian of the NLL:\n{unc.hessian}")
print(f"largest difference from finite differences: {np.abs(unc.hessian - fd).max():.1e}")
print(f"standard errors: w0 = {fit.w[0]:.3f} +- {unc.se[0]:.3f}, "
      f"w1 = {fit.w[1]:.3f} +- {unc.se[1]:.3f}; correlation {unc.corr:.3f}")
print(f"along the flat direction {unc.axes[:, 0]}: +- {unc.axis_se[0]:.3f}; "
      f"across: +- {unc.axis_se[1]:.3f}")
for name in ("slope_sign_open", "true_w_within_one_se", "true_w_inside_joint_region",
             "long_axis_is_flat_direction"):
    print(claims[name])

# %%
# Other slopes, without the bowl
# ------------------------------
#
# The bowl is an approximation. `lab3.uncertainty.profile` holds $w_0$ fixed
# and finds the best $w_1$ for it: the lowest NLL a curve of that slope can
# reach. A rise of $1/2$ is the one-standard-error level.
for w0 in (-20.0, -5.0, 0.0, fit.w[0], 10.0, 20.0):
    best = lab3.uncertainty.profile(x, y, w0)
    print(f"w0 = {w0:+7.3f}: best w1 = {best.w[1]:+8.3f}, NLL rise {best.loss - fit.nll:.3f}")
print(claims["other_slopes_fit_too"])

# %%
# The long, flat valley
# ---------------------
#
# The contours of $\mathrm{NLL}(\mathbf{w}) - \mathrm{NLL}(\hat{\mathbf{w}})$ at
# $1/2$ and $2$ (were the NLL a bowl, their shadows on either axis would span
# one and two standard errors of that weight), beside the
# ellipses of the bowl itself, $\tfrac12 (\mathbf{w} - \hat{\mathbf{w}})^\top H
# (\mathbf{w} - \hat{\mathbf{w}})$ at the same levels. The valley stretches
# along the flat direction; farther out the true contours leave the ellipses.
W0, W1 = np.meshgrid(np.linspace(-12, 20, 241), np.linspace(-10, 6, 161))
rise = lab3.likelihood.landscape(W0, W1, x, y) - fit.sse  # NLL − NLL(ŵ): the constants cancel
d = np.stack([W0 - fit.w[0], W1 - fit.w[1]], axis=-1)
bowl = 0.5 * np.einsum("...i,ij,...j->...", d, unc.hessian, d)

fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
ax.contour(W0, W1, rise, levels=[0.5, 2.0], colors="tab:blue")
ax.contour(W0, W1, bowl, levels=[0.5, 2.0], colors="tab:orange", linestyles="--")
ax.plot(*fit.w, "k+", markersize=12, label=r"$\hat{\mathbf{w}}$")
ax.plot(*lab3.datasets.TRUE_W, "r*", markersize=10, label=r"true $\mathbf{w}^\star$")
ax.plot([], [], color="tab:blue", label="NLL rise 1/2 and 2")
ax.plot([], [], "--", color="tab:orange", label="the bowl's ellipses")
ax.set_xlabel("$w_0$")
ax.set_ylabel("$w_1$")
ax.legend(fontsize="small", loc="lower left")
ax.set_title("The NLL's valley beside the bowl's ellipses")  # the alt text too
plt.show()

# %%
# Conclusion
# ----------
#
# The fitted model predicts a spread around its curve, and the five points
# scatter about as much as it predicts. The same five points fix the weights
# only loosely: the standard errors are larger than the weights, mostly along
# one direction, the flat floor of the valley that also slows gradient
# descent down. Away from the minimum the valley bends, so the bowl's ellipses
# are a rough guide only: the true contours reach much farther than them on one
# side and less far on the other (the line below). And curves of other slopes,
# even falling ones, fit the points almost as well, as the profile showed.
print(claims["bowl_lopsided"])
