"""lab3.learning_rate: the batched descent against the template's autograd loop, the
curvature against an independent Hessian, and each regime against a long autograd run."""

import math

import numpy as np
import pytest
from conftest import lab_sweep

import lab3
from lab3 import learning_rate as lr
from lab3 import training

X, Y = lab3.load_points().T
FIT = lab3.fit_least_squares(X, Y)
SWEEP = lab_sweep()


def test_quadratic_errors_multiply_by_one_minus_alpha_lambda():
    w, expected = 0.7, []
    for _ in range(6):
        expected.append(w)
        w = w - 0.3 * (2.0 * w)  # gradient of λw²/2 with λ = 2
    np.testing.assert_allclose(lr.quadratic_errors(2.0, 0.3, 0.7, 5), expected, rtol=1e-15)


@pytest.mark.parametrize("rate", [0.05, 1.0, 2.5, 4.0, 6.0, 9.0])
def test_batched_descent_takes_the_autograd_loops_steps(rate):
    runs = lr.descend(X, Y, [0.01, rate], n_iter=30, n_settle=30, fit=FIT)
    history = training.learning_loop(X, Y, rate)
    np.testing.assert_allclose(runs.weights[:, 1], history.weights, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(runs.losses[:, 1], history.losses, rtol=1e-10)
    assert runs.rises[1] == history.loss_rises


def test_gap_left_and_closed_by_hand():
    assert lr.gap_left([5.0, 3.0, 2.0], 1.0) == 0.25  # (2 − 1)/(5 − 1)
    assert lr.gap_closed([5.0, 3.0, 2.0], 1.0) == 0.75
    np.testing.assert_array_equal(lr.gap_left(np.array([[5.0, 9.0], [3.0, 1.0]]), 1.0), [0.5, 0.0])
    runs = lr.descend(X, Y, [0.1, 2.5], n_iter=30, n_settle=30)
    assert runs.best_sse == FIT.sse  # the gap is to the least-squares fit's SSE
    by_hand = (runs.losses[-1] - FIT.sse) / (runs.losses[0] - FIT.sse)
    np.testing.assert_allclose(runs.gap, by_hand, rtol=1e-12)


def test_curvature_from_an_independent_hessian():
    # Hessian by central differences of the autograd gradient, the hand formula's twin.
    w, h = FIT.w, 1e-5
    grad = lab3.likelihood.grad_sse_autograd
    hess = np.stack([(grad(w + h * e, X, Y) - grad(w - h * e, X, Y)) / (2 * h) for e in np.eye(2)])
    lam, vec = np.linalg.eigh((hess + hess.T) / 2)
    curv = lr.curvature(X, Y, w)
    assert (curv.lam_min, curv.lam_max) == pytest.approx(tuple(lam), rel=1e-6)
    assert abs(curv.flat @ vec[:, 0]) == pytest.approx(1.0, abs=1e-8)
    assert curv.limit == pytest.approx(2 / lam[1], rel=1e-6)
    assert curv.best == pytest.approx(2 / lam.sum(), rel=1e-6)


def test_sweep_has_each_regime_and_spans_the_lab_rates():
    regimes = set(SWEEP.runs.regimes)
    assert {"crawls", "reasonable", "cycles", "erratic"} <= regimes
    assert SWEEP.runs.rates[0] == pytest.approx(0.01) and SWEEP.runs.rates[-1] == pytest.approx(100)
    assert len(SWEEP.runs.rates) >= 300


def picks(regime):
    """Three rates of a regime from the sweep: first, middle and last."""
    rates = SWEEP.runs.rates[SWEEP.runs.regimes == regime]
    return [rates[0], rates[len(rates) // 2], rates[-1]]


@pytest.mark.parametrize("rate", picks("reasonable"))
def test_a_reasonable_rate_converges_in_the_autograd_loop(rate):
    assert training.learning_loop(X, Y, rate, n_iter=3000).w == pytest.approx(FIT.w, abs=1e-6)
    history = training.learning_loop(X, Y, rate)
    assert history.final_loss - FIT.sse <= lr.GAP * (history.losses[0] - FIT.sse)


@pytest.mark.parametrize("rate", picks("crawls"))
def test_a_crawling_rate_falls_at_every_step_but_leaves_too_much(rate):
    history = training.learning_loop(X, Y, rate)
    assert history.loss_rises == 0
    assert history.final_loss - FIT.sse > lr.GAP * (history.losses[0] - FIT.sse)


@pytest.mark.parametrize("rate", [SWEEP.span("cycles")[0], 6.0, 8.0])
def test_a_cycling_rate_alternates_between_two_points(rate):
    assert lr.judge(rate, X, Y).regime == "cycles"
    w = training.learning_loop(X, Y, rate, n_iter=6000).weights[-3:]
    np.testing.assert_allclose(w[2], w[0], rtol=1e-8)
    assert np.abs(w[2] - w[1]).max() > 1e-4


@pytest.mark.parametrize("rate", [20.5, 24.0, 100.0])
def test_an_erratic_rate_ends_away_from_the_optimum(rate):
    assert lr.judge(rate, X, Y).regime == "erratic"
    history = training.learning_loop(X, Y, rate, n_iter=3000)
    assert history.final_loss > FIT.sse + 0.1
    assert np.linalg.norm(history.w - FIT.w) > 5


def test_the_plateau_hint_needs_a_vanished_gradient():
    stuck, moving = lr.judge(100.0, X, Y), lr.judge(20.5, X, Y)
    assert stuck.end_grad < lr.PLATEAU_GRAD and "plateau" in stuck.advice()
    assert moving.end_grad > lr.PLATEAU_GRAD and "plateau" not in moving.advice()


def test_a_rate_too_small_to_move_the_loss_crawls_and_is_told_so():
    """Down to rates that move w by its last bit or not at all (float64 rounding then makes
    the SSE go either way), a rate below the sweep's crawls: said to be too small, the loss
    'falls at every step' only where it does, else it 'has hardly moved'."""
    rates = np.logspace(-20, np.log10(SWEEP.span("crawls")[1]), 120)
    runs = lr.descend(X, Y, rates)
    said = set()
    for i, rate in enumerate(rates):
        outcome, losses = runs.outcome(i), runs.losses[:, i]
        assert outcome.regime == "crawls", rate
        advice = outcome.advice()
        assert advice.startswith("too small: "), rate
        if "falls at every step" in advice:
            assert (np.diff(losses) < 0).all(), rate
            said.add("falls")
        else:
            assert "hardly moved" in advice and 1 - outcome.gap < lr.STILL, rate
            said.add("hardly")
    assert said == {"falls", "hardly"}


def test_monotone_limit_is_where_the_loss_first_rises():
    limit = SWEEP.monotone
    assert training.learning_loop(X, Y, limit * (1 - 1e-5)).loss_rises == 0
    assert training.learning_loop(X, Y, limit * (1 + 1e-5)).loss_rises > 0


@pytest.mark.parametrize("index", range(0, 401, 25))
def test_judge_gives_the_sweeps_regime(index):
    rate = SWEEP.runs.rates[index]
    assert lr.judge(rate, X, Y).regime == SWEEP.runs.regimes[index]


def test_judge_puts_the_mean_on_the_sums_scale():
    for rate in (0.5, 2.5, 6.0):
        mean, total = lr.judge(rate * len(X), X, Y, loss="mse"), lr.judge(rate, X, Y)
        assert (mean.regime, mean.gap) == (total.regime, pytest.approx(total.gap, rel=1e-12))
    assert lr.judge(2.5, X, Y, loss="nll").regime == "reasonable"


def test_advice_says_too_small_and_too_large_and_notes_rises():
    assert lr.judge(0.1, X, Y).advice().startswith("too small")
    for rate in (6.0, 20.5, 100.0):
        assert lr.judge(rate, X, Y).advice().startswith("too large")
    assert lr.judge(2.5, X, Y).advice() == ""
    assert lr.judge(4.0, X, Y).advice().startswith("note: the loss went up")


def test_diverging_weights_are_a_regime():
    # 1000 points on the curve: the gradient at the start is large enough to overflow.
    x = np.linspace(-1, 1, 1000)
    assert lr.judge(1e307, x, lab3.sigmoid.predict(x, [4.0, 0.0])).regime == "diverges"


def test_data_without_a_least_squares_minimum_cannot_be_judged():
    # Labels of ±1e150 are best fitted by a step: the SSE keeps falling as the weights grow.
    with pytest.raises(lab3.optimize.ConvergenceError, match="no minimum"):
        lr.judge(1.0, X, Y * 1e150)


def test_flat_left_measures_along_the_flat_eigenvector():
    history = training.learning_loop(X, Y, 2.5)
    flat = lr.curvature(X, Y, FIT.w).flat
    expected = abs((history.w - FIT.w) @ flat) / abs((history.weights[0] - FIT.w) @ flat)
    assert lr.flat_left(X, Y, history.weights, FIT.w) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda: lr.judge(0.0, X, Y), "lr must be positive"),
    (lambda: lr.judge(math.nan, X, Y), "lr must be finite"),
    (lambda: lr.judge(1.0, X, Y, loss="mae"), "loss must be one of"),
    (lambda: lr.descend(X, Y, [1.0, -1.0]), "learning rate must be positive"),
    (lambda: lr.descend(X, Y, [1.0], n_iter=30, n_settle=10), "n_settle must be at least"),
    (lambda: lr.judge(1.0, X, Y[:3]), "one value per sample"),
    (lambda: lr.quadratic_errors(1.0, 0.0, 1.0, 3), "lr must be positive"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: lr.descend(X, Y, np.full(1001, 1.0), fit=FIT), "from 1 to 1000 learning rates"),
    (lambda: lr.descend(X, Y, [], fit=FIT), "from 1 to 1000 learning rates"),
    (lambda: lr.descend(X, Y, [1.0], n_settle=10**9, fit=FIT), "n_settle must be at most"),
    (lambda: lr.descend(X, Y, [1.0], fit="fit"), "fit must be a LeastSquaresFit"),
    (lambda: lr.judge(1.0, X, Y, n_iter=10**9), "n_iter must be at most 10000"),
    (lambda: lr.gap_left([1.0, 0.5], 1.0), "no gap to close"),
    (lambda: lr.gap_left([1.0, np.nan], 0.0), "losses must hold finite numbers"),
    (lambda: lr.monotone_limit(X, Y, 1.0, 10.0, rtol=1e-300, fit=FIT), "rtol must be from"),
    (lambda: lr.monotone_limit(X, Y, 10.0, 1.0, fit=FIT), "below must be less than above"),
    (lambda: lr.quadratic_errors(1.0, 1e300, 1.0, 10), "lr·lam is too large"),
    (lambda: lr.flat_left(X, Y, [[1.0, 2.0]] * 2, [1.0, 2.0]), "lies at the optimum"),
])
def test_bad_rates_counts_and_gaps_are_input_errors(call, match):
    with pytest.raises(lab3.InputError, match=match):
        call()


def same_runs(a: lr.Runs, b: lr.Runs) -> None:
    """Two descents gave the same arrays, bit for bit."""
    for name in ("weights", "losses", "steps", "last", "last_sse", "last_grad", "rose_late",
                 "regimes", "gap", "rises"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


def test_a_run_at_rest_stops_early_with_the_same_result(monkeypatch):
    """A rate that comes to rest on a fixed point of float64 stops there, far before
    N_SETTLE, with every array the whole descent gives, whichever step the rest comes at."""
    from lab3 import likelihood

    calls = []
    full_sse_and_grad = likelihood._sse_and_grad
    monkeypatch.setattr(likelihood, "_sse_and_grad",
                        lambda *a: calls.append(1) or full_sse_and_grad(*a))
    early = {rate: lr.descend(X, Y, [rate], fit=FIT) for rate in (4.0, 1.0, 0.5, 6.0)}
    assert early[1.0].regimes[0] == early[4.0].regimes[0] == "reasonable"
    calls.clear()
    lr.descend(X, Y, [4.0], fit=FIT)
    rest = len(calls) - 1  # the step at which w no longer moves
    assert rest < lr.N_SETTLE / 10
    monkeypatch.undo()
    for rate, runs in early.items():
        with monkeypatch.context() as m:
            m.setattr(lr, "_at_rest", lambda step, w: False)  # the whole descent
            same_runs(runs, lr.descend(X, Y, [rate], fit=FIT))
    for n_settle in range(rest - 2, rest + 4):  # the rest at the last steps, and before
        early_run = lr.descend(X, Y, [4.0], n_settle=n_settle, fit=FIT)
        with monkeypatch.context() as m:
            m.setattr(lr, "_at_rest", lambda step, w: False)
            same_runs(early_run, lr.descend(X, Y, [4.0], n_settle=n_settle, fit=FIT))
