r"""The statements the pages make in words, each backed by a computed value.

A page that says a run "converges", "cycles" or "is stuck" rests on numbers.
Each such statement lives here once, as a :class:`Claim`: the sentence, with
the computed values written into it, and whether it holds. The theory pages'
macros (``docs/_hooks/macros.py``) refuse to build while a claim is false,
the tutorials print the claims they rely on, and ``tests/test_claims.py``
asserts every one. If ``lab3`` or the data change so that a claim stops
holding, the build and a test fail instead of a page teaching it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from . import learning_rate as lr_mod
from . import problem as problem_mod
from . import training
from ._validate import InputTypeError, instance, positive


@dataclass(frozen=True)
class Claim:
    """One statement in words, with the values filled in, and whether it holds."""

    text: str
    holds: bool

    def __str__(self) -> str:
        return self.text if self.holds else f"FALSE: {self.text}"


class ClaimError(AssertionError):
    """A page would state something the computation no longer supports."""


def require(claims: dict) -> dict:
    """Return ``claims`` if every one holds; otherwise raise ``ClaimError`` naming the false ones."""
    instance("claims", claims, dict, "a dict of Claim by name")
    for name, claim in claims.items():
        if not isinstance(claim, Claim):
            raise InputTypeError(f"claims[{name!r}] must be a Claim, got {type(claim).__name__}")
    false = [f"{name}: {claim.text}" for name, claim in claims.items() if not claim.holds]
    if false:
        raise ClaimError("these statements no longer hold:\n" + "\n".join(false))
    return claims


#: How many times more sharply the loss must curve across its minimum than along it for
#: the pages to call the minimum a long, narrow valley.
VALLEY = 10


def learning_rate(sweep, x, y, lr=training.DEFAULT_LR) -> dict:
    """What the learning-rate page, its tutorial and exercise say about the rates.

    ``sweep`` is ``lab3.learning_rate.sweep(x, y)``; ``lr`` the rate the solutions use.
    """
    sweep = instance("sweep", sweep, lr_mod.Sweep, "a lab3.learning_rate.Sweep")
    lr = positive("lr", lr)
    runs, curv, regimes = sweep.runs, sweep.curvature, sweep.runs.regimes
    chosen = lr_mod.descend(x, y, [lr], n_iter=runs.n_iter, fit=runs.fit).outcome(0)
    fast = sweep.fastest
    spans = {name: sweep.span(name) for name in lr_mod.REGIMES}
    reasonable, cycles, erratic = spans["reasonable"], spans["cycles"], spans["erratic"]
    wild = runs.rates >= erratic[0] if erratic else np.zeros_like(runs.rates, dtype=bool)
    stuck = wild & (runs.last_grad < lr_mod.PLATEAU_GRAD)
    moving = wild & (regimes == "erratic") & ~stuck
    rest = wild & ~stuck & ~moving
    other = list(zip(runs.rates[rest], regimes[rest]))
    if len(other) == 1:
        (a, regime), = other
        others = f", and α = {a:.4g} " + (
            "ends in a 2-cycle" if regime == "cycles" else f"falls in the {regime} regime")
    else:
        others = f", and {len(other)} end in other regimes" if other else ""
    last = runs.outcome(int(np.flatnonzero(regimes == "reasonable")[-1])) if reasonable else None
    history = training.learning_loop(x, y, lr, n_iter=runs.n_iter)
    path = [lr_mod.curvature(x, y, w).lam_min for w in history.weights]
    flat = lr_mod.flat_left(x, y, history.weights, runs.fit.w)
    bowl = float(lr_mod.quadratic_errors(curv.lam_min, lr, 1.0, runs.n_iter)[-1])
    cycling = np.flatnonzero(regimes == "cycles")
    sneaky = cycling[np.argmin(runs.gap[cycling])] if cycling.size else None
    order = [lr_mod.REGIMES.index(r) for r in regimes[runs.rates < erratic[0]]] if erratic else []
    claims = {
        "chosen_is_reasonable": Claim(
            f"α = {lr:g} is reasonable, leaving {chosen.gap:.1%} of the gap after "
            f"{runs.n_iter} steps and converging in {chosen.steps} steps, with the loss falling "
            "at every step", chosen.regime == "reasonable" and chosen.rises == 0),
        "chosen_below_monotone": Claim(
            f"α = {lr:g} is below {sweep.monotone:.4f}, the first rate at which the loss rises "
            "at some step", lr < sweep.monotone),
        "larger_is_faster": Claim(
            f"α = {fast.lr:.4g} converges in {fast.steps} steps, faster than α = {lr:g} "
            f"({chosen.steps} steps), although the loss rises at {fast.rises} of its steps",
            fast.regime == "reasonable" and chosen.steps is not None
            and fast.steps < chosen.steps and fast.rises > 0),
        "slower_near_limit": Claim(
            f"α = {last.lr:.4g}, the largest reasonable rate of the sweep, takes {last.steps} "
            f"steps, more than α = {fast.lr:.4g}: there the steep direction keeps "
            f"|1 − αλmax| = {abs(1 - last.lr * curv.lam_max):.2f} of itself at each step"
            if last else "",
            last is not None and last.steps is not None and fast.steps is not None
            and last.steps > fast.steps and last.lr > fast.lr),
        "fastest_near_bowl_optimum": Claim(
            f"the fastest rate, {fast.lr:.4g}, is within 5% of the bowl's best step "
            f"2/(λmin + λmax) = {curv.best:.4f}", abs(fast.lr / curv.best - 1) < 0.05),
        "reasonable_span": Claim(
            f"the reasonable rates run from {reasonable[0]:.3g} to {reasonable[1]:.3g}, below "
            f"2/λmax = {curv.limit:.4f}",
            reasonable is not None and reasonable[0] < lr < reasonable[1] < curv.limit),
        "regimes_in_order": Claim(
            "below the erratic regime, the regimes follow one another in order: crawls, "
            "reasonable, then cycles", order == sorted(order) and bool(order)),
        "cycles_start_at_limit": Claim(
            f"the 2-cycles begin at {cycles[0]:.4g}, the first rate of the sweep above "
            f"2/λmax = {curv.limit:.4f}" if cycles else "some rates end in a 2-cycle",
            cycles is not None
            and runs.rates[runs.rates < cycles[0]].max() < curv.limit < cycles[0]),
        "cycling_can_look_good": Claim(
            f"α = {runs.rates[sneaky]:.4g} ends in a 2-cycle, yet after {runs.n_iter} steps it "
            f"leaves only {runs.gap[sneaky]:.2%} of the gap" if sneaky is not None else "",
            sneaky is not None and runs.gap[sneaky] < lr_mod.GAP),
        "erratic_is_erratic": Claim(
            f"from α = {erratic[0]:.3f} on, neighbouring rates end in different places: "
            f"in {np.unique(regimes[wild]).size} regimes ({', '.join(np.unique(regimes[wild]))}) "
            "and with end values of the SSE from "
            f"{runs.last_sse[-1][wild].min():.3f} to {runs.last_sse[-1][wild].max():.3f}"
            if erratic else "",
            erratic is not None and np.unique(regimes[wild]).size >= 2
            and np.ptp(runs.last_sse[-1][wild]) > 0.1),
        "plateau_only_for_some": Claim(
            f"{stuck.sum()} of the {wild.sum()} rates from α = {erratic[0]:.3f} up end stuck on "
            f"a plateau (largest gradient component below {lr_mod.PLATEAU_GRAD:g}); "
            f"{moving.sum()} others are still moving{others}" if erratic else "",
            bool(stuck.any() and moving.any())
            and stuck.sum() + moving.sum() + len(other) == wild.sum()),
        "never_diverges": Claim(
            "no rate of the sweep makes the weights non-finite", spans["diverges"] is None),
        "flat_slower_than_bowl": Claim(
            f"along the flat direction, {flat:.3f} of the distance is left after "
            f"{runs.n_iter} steps, more than the bowl's prediction {bowl:.3f}", flat > bowl),
        "negative_curvature_on_path": Claim(
            f"at {sum(lam < 0 for lam in path)} of the {len(path)} points of the path of "
            f"α = {lr:g} the Hessian has a negative eigenvalue (down to {min(path):.4f})",
            min(path) < 0),
        "ratio_of_curvatures": Claim(
            f"the loss curves {curv.ratio:.0f} times more sharply across the valley than along "
            "it", VALLEY < curv.ratio < math.inf),
    }
    return claims


def part1(problem=None) -> dict:
    """What the update page and the gradient-step tutorial say about the lab's one step."""
    p = problem_mod.LAB_PROBLEM if problem is None else problem_mod.checked(problem)
    solution = problem_mod.solve(p)
    limit, peak = problem_mod.lowering_limit(p), problem_mod.peak_rate(p)
    k = round(math.pi / limit)
    at_peak = problem_mod.solve(replace(p, lr=peak))
    s0, s1 = solution.wx, float(solution.w_new @ p.x)
    low, high = sorted((s0, s1))
    passed = {name: math.floor((high - at) / (2 * math.pi)) - math.floor((low - at) / (2 * math.pi))
              for name, at in (("peak", math.pi / 2), ("trough", -math.pi / 2))}
    over = " and ".join(f"{n} {name}{'s' * (n != 1)}" for name, n in passed.items() if n)
    return {
        "step_crosses_periods": Claim(
            f"the step moves s = wᵀx from {s0:.4f} to {s1:.4f}, a shift of "
            f"{abs(s1 - s0) / (2 * math.pi):.2f} periods of the sine, past {over}, to where "
            f"sin s = {math.sin(s1):.3f}".replace("-", "−"),
            abs(s1 - s0) > 2 * math.pi and passed["peak"] >= 1
            and abs(math.sin(s1) - p.b - solution.y_new) <= 1e-12),
        "step_raises_loss": Claim(
            f"the step with α = {p.lr:g} raises the loss from {solution.loss:.4f} to "
            f"{solution.loss_new:.4f}", solution.loss_new > solution.loss),
        "lowering_limit_is_pi_over_k": Claim(
            f"every rate below {limit:.6f} = π/{k} lowers the loss",
            abs(limit - math.pi / k) <= 1e-12 * limit),
        "peak_gives_best_loss": Claim(
            f"α = {peak:.4f} lands on the sine's peak: loss {at_peak.loss_new:.4f}, the least "
            f"the unit can reach, (1 - b - ỹ)² = {(1 - p.b - p.y_label) ** 2:g}",
            abs(at_peak.loss_new - (1 - p.b - p.y_label) ** 2) < 1e-12),
    }



#: The tails of the χ² distribution in which SSE(ŵ)/σ² would count as evidence against the
#: model's noise variance, one on each side.
NOISE_TAIL = 0.025
#: Where the sigmoid counts as steep: f(1 − f) above this (its largest value is ¼).
STEEP = 0.1
#: Slopes w₀ at which the pages try the best fit: a flat line, a steep falling step.
OTHER_SLOPES = (0.0, -20.0)
#: The confidence of the region of two weights the pages place the true ones in: one standard
#: deviation's worth. Twice the NLL's rise above its minimum is about χ² with 2 degrees of
#: freedom, so the region {rise ≤ r} holds the weights with probability 1 − e^(−r).
JOINT_LEVEL = 0.6827
#: How far from the bowl's ½ the NLL's rise one standard error out must be, as a fraction,
#: below it on one side and above it on the other, for the pages to call the valley lopsided.
BOWL_OFF = 0.25


def fit(x, y) -> dict:
    """What the Part 2 pages say about the noise level and the uncertainty of ŵ on the data
    ``x``, ``y`` (the model's noise variance ½)."""
    from . import likelihood, sigmoid, uncertainty
    from ._backend import prepare
    from .datasets import TRUE_W
    from .optimize import fit_least_squares

    _, x, y = prepare(TRUE_W, x, y, numpy=True)
    best = fit_least_squares(x, y)
    n, var = len(x), likelihood.VARIANCE
    chi2 = best.sse / var  # about χ² with N − 2 degrees of freedom, if the variance is ½
    share = uncertainty.chi2_cdf(chi2, n - 2)
    unc = uncertainty.uncertainty(x, y, best.w)
    z = np.abs(unc.z_scores(TRUE_W))
    flat = lr_mod.curvature(x, y, best.w).flat
    rise = float(likelihood.nll(TRUE_W, x, y) - best.nll)
    region = -math.log(1 - JOINT_LEVEL)  # the NLL rise that bounds that region of two weights
    f = sigmoid.predict(x, best.w)
    steep = x[f * (1 - f) > STEEP]
    jac = sigmoid.jacobian(x, best.w)  # the first part of H, the Fisher information: JᵀJ/σ²
    fisher_min = float(np.linalg.eigvalsh(jac.T @ jac / var)[0])
    flat_line, falling = (uncertainty.profile(x, y, w0).loss - best.nll
                          for w0 in OTHER_SLOPES)
    # one bowl standard error out along the flat direction, towards larger w₀ and smaller
    out = unc.axes[:, 0] * np.sign(unc.axes[0, 0]) / math.sqrt(unc.lam[0])
    larger, smaller = (float(likelihood.nll(best.w + k * out, x, y) - best.nll) for k in (1, -1))
    return {
        "noise_level_as_expected": Claim(
            f"SSE(ŵ)/σ² = {chi2:.2f} would be smaller in about {share:.0%} of data sets drawn "
            f"from the model and larger in {1 - share:.0%} (χ² with N − 2 = {n - 2} degrees of "
            f"freedom), in neither {NOISE_TAIL:.1%} tail", NOISE_TAIL < share < 1 - NOISE_TAIL),
        "true_w_within_one_se": Claim(
            f"the true weights lie {z[0]:.2f} and {z[1]:.2f} standard errors from ŵ",
            bool((z < 1).all())),
        "true_w_inside_joint_region": Claim(
            f"the NLL at the true weights is {rise:.3f} above its minimum (their likelihood "
            f"{math.exp(-rise):.2f} times ŵ's), inside the approximate {JOINT_LEVEL:.0%} "
            f"confidence region of the two weights, which reaches a rise of {region:.2f}",
            0 < rise < region),
        "slope_sign_open": Claim(
            f"ŵ₀ = {best.w[0]:.2f} lies less than one standard error ({unc.se[0]:.2f}) from 0",
            abs(best.w[0]) < unc.se[0]),
        "other_slopes_fit_too": Claim(
            f"held at w₀ = {OTHER_SLOPES[0]:g} (a flat line) the NLL is at best {flat_line:.3f} "
            f"above its minimum, and held at w₀ = {OTHER_SLOPES[1]:g} (a falling step) "
            f"{falling:.3f}, both less than ½, although by the bowl w₀ = {OTHER_SLOPES[1]:g} lies "
            f"{abs(OTHER_SLOPES[1] - best.w[0]) / unc.se[0]:.1f} standard errors from ŵ₀"
            .replace("-", "−"), max(flat_line, falling) < 0.5),
        "long_axis_is_flat_direction": Claim(
            f"the long axis of the uncertainty, [{unc.axes[0, 0]:.3f}, {unc.axes[1, 0]:.3f}], "
            "is the flat direction the learning-rate page finds",
            abs(float(unc.axes[:, 0] @ flat)) > 1 - 1e-9),
        "bowl_lopsided": Claim(
            f"one standard error of the bowl out along the flat direction "
            f"({1 / math.sqrt(unc.lam[0]):.2f}), the NLL rises by {larger:.3f} towards larger "
            f"w₀ and by {smaller:.3f} towards smaller, where the bowl has ½ on both sides",
            min(larger, smaller) < 0.5 * (1 - BOWL_OFF) and
            max(larger, smaller) > 0.5 * (1 + BOWL_OFF)),
        "residual_term_matters": Claim(
            f"without the second part, the smallest eigenvalue of H would be {fisher_min:.4f} "
            f"instead of {unc.lam[0]:.4f}", abs(fisher_min - unc.lam[0]) > 0.1 * unc.lam[0]),
        "steep_points_around_pivot": Claim(
            f"{steep.size} points sit where the sigmoid is steep (f(1 − f) > {STEEP:g}), all "
            f"between x = {steep.min():.3f} and {steep.max():.3f}" if steep.size else
            "no point is where the sigmoid is steep",
            steep.size >= 2 and steep.min() < unc.pivot < steep.max()),
    }


def backprop(problem=None) -> dict:
    """What the backpropagation page says of the lab's graphs, the fork and ``w.grad``."""
    from . import backprop as bp
    from . import finite_diff, unit_torch
    from .graph import scalar, trace

    p = problem_mod.LAB_PROBLEM if problem is None else problem_mod.checked(problem)
    grad = unit_torch.grad_loss_w(p.x, p.w, p.b, p.y_label)
    last = bp.edge_table(trace.unit_graph(p.x, p.w, p.b, p.y_label, backward=True))[-1]
    flat = scalar.scalar_unit_graph(p.x, p.w, p.b, p.y_label, backward=True)
    flat_grad = [flat.node(f"w{i}").grad for i in range(p.x.size)]
    paths, acc = bp.fork_paths(p.x, p.w), bp.accumulation(p.x, p.w)
    fd = finite_diff.gradient(lambda v: bp.fork_output(p.x, v), p.w)
    second = bp.second_grad_error(p.x, p.w, p.y_label)
    return {
        "table_gives_autograd": Claim(
            "the last row of the table, the edge from w, brings autograd's ∂L/∂w",
            np.allclose(last.downstream, grad, rtol=1e-12, atol=1e-12)),
        "scalar_graph_agrees": Claim(
            "the graph with one number per node gives the same y and ∂L/∂w",
            np.allclose(flat_grad, grad, rtol=1e-12, atol=1e-12)
            and abs(flat.node("y").value - trace.unit_graph(p.x, p.w, p.b).node("y").value)
            <= 1e-15),
        "paths_add": Claim(
            "the two paths through s add up to the gradient of autograd and of finite differences",
            np.allclose(paths.total, acc.one_pass, rtol=1e-12, atol=1e-12)
            and np.allclose(paths.total, fd, rtol=1e-6)),
        "one_path_is_not_enough": Claim(
            "neither path alone gives the gradient",
            not np.allclose(paths.via_sin, acc.one_pass, rtol=1e-3)
            and not np.allclose(paths.via_square, acc.one_pass, rtol=1e-3)),
        "terms_accumulate": Claim(
            "one backward() per term leaves in w.grad what one pass through the fork leaves",
            np.allclose(acc.both_terms, acc.one_pass, rtol=1e-12, atol=1e-12)),
        "second_pass_doubles": Claim(
            "a second backward() without zero_() leaves exactly twice the gradient",
            np.array_equal(acc.second_step, 2 * acc.first_step)),
        "fork_summed_in_one_pass": Claim(
            "in one backward(), the two paths meet at the fork: their sum reaches w "
            + ("once" if acc.arrivals == 1 else f"{acc.arrivals} times"), acc.arrivals == 1),
        "autograd_grad_frees_the_graph": Claim(
            "torch.autograd.grad frees the graph as backward() does: a second call through it "
            f"raises ({second or 'no error'})", second is not None and "second time" in second),
    }


def counterexamples(unequal, tails, blur) -> dict:
    """What the LSQ-versus-MLE tutorial and page say about the three broken assumptions, from
    ``lab3.counterexamples``: ``unequal_variances()``, ``heavy_tails()``, ``noise_on_x()``."""
    from . import counterexamples as ce
    from .sigmoid import predict

    for name, found in (("unequal", unequal), ("tails", tails), ("blur", blur)):
        instance(name, found, ce.Comparison, "a lab3.counterexamples.Comparison")
    mle, n_sets = next(k for k in unequal.fits if k != ce.LSQ), len(unequal.fits[ce.LSQ])
    spread = {name: ws.std(axis=0) for name, ws in unequal.fits.items()}
    miss = {name: np.abs(ws.mean(axis=0) - unequal.true_w) for name, ws in unequal.fits.items()}
    se, se_mle = (2 * spread[name] / np.sqrt(n_sets) for name in (ce.LSQ, mle))  # of a mean
    ratio = spread[ce.LSQ] / spread[mle]
    r2 = (tails.y - predict(tails.x, tails.true_w)) ** 2
    far_lsq, far_mle = (float(np.linalg.norm(w - tails.true_w)) for w in tails.fits.values())
    lsq_slope, mle_slope, *more = (float(w[0]) for w in blur.fits.values())
    w0 = float(blur.true_w[0])
    return {
        "unequal_no_bias": Claim(
            f"over {n_sets} data sets, the mean estimate of least squares misses w* by "
            f"{miss[ce.LSQ][0]:.3f} and {miss[ce.LSQ][1]:.3f}, less than two standard errors "
            f"of a mean ({se[0]:.3f} and {se[1]:.3f}): no sign of bias; the weighted MLE's "
            f"misses, {miss[mle][0]:.3f} and {miss[mle][1]:.3f}, are within its own two standard "
            f"errors of a mean ({se_mle[0]:.3f} and {se_mle[1]:.3f})",
            bool((miss[ce.LSQ] < se).all() and (miss[mle] < se_mle).all())),
        "unequal_weighted_scatters_less": Claim(
            f"least squares scatters {ratio[0]:.2f} times as widely as the weighted MLE in w₀ "
            f"and {ratio[1]:.2f} times in w₁", bool((ratio > 1).all() and ratio[0] > ratio[1])),
        "one_outlier_dominates": Claim(
            f"at the true weights, the largest residual makes up {r2.max() / r2.sum():.1%} of "
            "the SSE, more than all the other points together", r2.max() > r2.sum() / 2),
        "cauchy_stays_close": Claim(
            f"least squares lands {far_lsq:.2f} from w*, {far_lsq / far_mle:.0f} times as far "
            f"as the Cauchy MLE ({far_mle:.3f})", far_lsq > 10 * far_mle),
        "blur_flattens": Claim(
            f"with noise on x, least squares finds the slope w₀ = {lsq_slope:.3f}, below "
            f"0.8 w₀* = {0.8 * w0:g}, even on more points ("
            + ", ".join(f"{s:.3f}" for s in more) + f"); the errors-in-x MLE finds {mle_slope:.3f}"
            f", within 5% of w₀* = {w0:g}",
            max([lsq_slope, *more]) < 0.8 * w0 and abs(mle_slope - w0) < 0.05 * abs(w0)
            and bool(more)),
    }
