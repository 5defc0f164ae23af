"""lab3.claims: every statement the pages make holds, and a false one stops the build.

The claims are made when a test asks for them (not when pytest collects the module, which
every worker does): a group's claims are one test, which names each false claim."""

import dataclasses
import functools
import math

import numpy as np
import pytest
from conftest import lab_sweep

import lab3
from lab3 import claims

X, Y = lab3.load_points().T


sweep = lab_sweep


@functools.cache
def counter_data():
    """The three counterexamples of the pages, made once."""
    return (lab3.counterexamples.unequal_variances(), lab3.counterexamples.heavy_tails(),
            lab3.counterexamples.noise_on_x())


GROUPS = {  # the claims of each page group, as the build makes them
    "learning_rate": lambda: claims.learning_rate(sweep(), X, Y),
    "part1": claims.part1,
    "fit": lambda: claims.fit(X, Y),
    "backprop": claims.backprop,
    "counterexamples": lambda: claims.counterexamples(*counter_data()),
}


@pytest.mark.parametrize("group", GROUPS)
def test_every_claim_holds(group):
    found = GROUPS[group]()
    assert len(found) >= 3
    false = [f"{name}: {claim.text}" for name, claim in found.items() if not claim.holds]
    assert not false, "\n".join(false)


def test_a_claim_can_fail():
    # A rate that crawls is not "reasonable": the first claim turns false for it.
    found = claims.learning_rate(sweep(), X, Y, lr=0.1)
    assert not found["chosen_is_reasonable"].holds
    with pytest.raises(claims.ClaimError, match="chosen_is_reasonable"):
        claims.require(found)
    # With a step that lowers the loss, the update page's "the loss went up" is false.
    small = dataclasses.replace(lab3.LAB_PROBLEM, lr=0.05)
    assert not claims.part1(small)["step_raises_loss"].holds
    # A step of a quarter period lands on the peak: no whole period is crossed.
    assert not claims.part1(dataclasses.replace(lab3.LAB_PROBLEM, lr=0.0785))[
        "step_crosses_periods"].holds
    # A sweep that stops at the fastest rate has no slower reasonable rate above it.
    short = lab3.learning_rate.sweep(X, Y, np.logspace(-1, np.log10(4.8), 60))
    assert not claims.learning_rate(short, X, Y)["slower_near_limit"].holds
    # A coarse sweep: its fastest rate, 4, is far from the bowl's best step (4.96).
    coarse = lab3.learning_rate.sweep(X, Y, np.array([0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0]))
    assert not claims.learning_rate(coarse, X, Y)["fastest_near_bowl_optimum"].holds
    # Just above 2/λmax the steep direction grows by a factor 1.00005 a step: after the
    # budget the run has neither converged nor settled into a 2-cycle.
    close = lab3.learning_rate.sweep(X, Y, np.array([0.5, 4.0, 5.198, 5.2, 6.0, 8.0]))
    assert not claims.learning_rate(close, X, Y)["cycles_start_at_limit"].holds
    # A minimum only five times sharper across than along is no long, narrow valley.
    curv = sweep().curvature
    round_bowl = dataclasses.replace(sweep(), curvature=dataclasses.replace(
        curv, lam_min=curv.lam_max / 5))
    assert not claims.learning_rate(round_bowl, X, Y)["ratio_of_curvatures"].holds
    assert str(found["chosen_is_reasonable"]).startswith("FALSE: ")


def test_fit_claims_can_fail():
    # The same fit with the residuals scaled: twice the scatter puts SSE/σ² in the χ²'s upper
    # tail and moves ŵ two standard errors from the truth; half the scatter is still no
    # evidence against the model, but a falling step no longer fits almost as well; a fifth
    # of it puts SSE/σ² in the lower tail.
    fit = lab3.fit_least_squares(X, Y)
    f = lab3.sigmoid.predict(X, fit.w)
    wide, narrow = (claims.fit(X, f + k * (Y - f)) for k in (2.0, 0.5))
    assert not wide["noise_level_as_expected"].holds
    assert not wide["true_w_within_one_se"].holds
    assert narrow["noise_level_as_expected"].holds
    assert not claims.fit(X, f + 0.2 * (Y - f))["noise_level_as_expected"].holds
    assert not narrow["other_slopes_fit_too"].holds
    # 2.1 times the scatter: ŵ moves so far that the true weights leave the 68% region.
    assert wide["true_w_inside_joint_region"].holds
    assert not claims.fit(X, f + 2.1 * (Y - f))["true_w_inside_joint_region"].holds
    # Residuals a hundred times smaller (ŵ stays where it is): the residuals' part of H
    # vanishes, and the Fisher information alone is H.
    assert not claims.fit(X, f + 0.01 * (Y - f))["residual_term_matters"].holds
    # The same five points, each a hundred times: the standard errors a tenth, so that ŵ₀
    # lies several of them from 0, and over that short reach the valley is a bowl, within a
    # tenth of ½ on either side.
    many = claims.fit(np.tile(X, 100), np.tile(Y, 100))
    assert not many["slope_sign_open"].holds
    assert not many["bowl_lopsided"].holds
    # Five points under a steep sigmoid (w = [12, 0]): only one sits on its slope.
    x, y = lab3.noise_models.sample_points(5, w=(12.0, 0.0), noise="gaussian", scale=0.05,
                                           seed=1).T
    assert not claims.fit(x, y)["steep_points_around_pivot"].holds


def test_the_long_axis_claim_can_fail(monkeypatch):
    """The uncertainty's long axis is the learning-rate page's flat direction because both
    come from the one Hessian; had the uncertainty taken the Fisher information alone (JᵀJ/σ²,
    without the residuals' part, which matters here), its axes would lie elsewhere."""
    assert claims.fit(X, Y)["long_axis_is_flat_direction"].holds

    def fisher_only(w, x, y):
        jac = lab3.sigmoid.jacobian(x, w)
        information = jac.T @ jac / lab3.likelihood.VARIANCE
        return (information, *np.linalg.eigh(information))

    monkeypatch.setattr(lab3.uncertainty, "_curvature", fisher_only)
    assert not claims.fit(X, Y)["long_axis_is_flat_direction"].holds


def test_a_backprop_claim_can_fail():
    # At s = wᵀx = π/2 the sine's path brings cos s = 0: the square's path alone is the gradient.
    flat = dataclasses.replace(lab3.LAB_PROBLEM, w=[math.pi / 4, 0.0])
    found = claims.backprop(flat)
    assert not found["one_path_is_not_enough"].holds
    assert found["paths_add"].holds and found["second_pass_doubles"].holds


def test_counterexample_claims_can_fail():
    unequal, tails, blur = counter_data()
    # x recorded almost exactly: least squares no longer flattens the curve.
    sharp = lab3.counterexamples.noise_on_x(sigma_x=0.01, more=(3000,))
    assert not claims.counterexamples(unequal, tails, sharp)["blur_flattens"].holds
    # Gaussian noise of the same scale: no outlier, and least squares is no worse.
    x, y = lab3.noise_models.sample_points(40, w=tails.true_w, noise="gaussian", scale=0.05,
                                           seed=3).T
    tame = dataclasses.replace(tails, x=x, y=y, fits={
        "least squares": lab3.fit_least_squares(x, y).w,
        "Cauchy MLE": lab3.noise_models.fit_mle(lab3.noise_models.cauchy_nll, x, y,
                                                scale=0.05).w})
    found = claims.counterexamples(unequal, tame, blur)
    assert not found["one_outlier_dominates"].holds and not found["cauchy_stays_close"].holds
    # The two methods' estimates swapped: least squares would scatter less.
    same = lab3.counterexamples.unequal_variances(n_sets=20, scale=0.1)
    same = dataclasses.replace(same, fits=dict(zip(same.fits, reversed(same.fits.values()))))
    assert not claims.counterexamples(same, tails, blur)["unequal_weighted_scatters_less"].holds
