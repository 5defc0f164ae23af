r"""What the learning rate does to gradient descent on the SSE, computed.

One dimension first: on :math:`\ell(w) = \tfrac12\lambda w^2` the gradient is
:math:`\lambda w`, so a step :math:`w \leftarrow w - \alpha\lambda w`
multiplies the error by :math:`1 - \alpha\lambda`. Near its minimum the SSE is
such a bowl along each eigenvector of its Hessian, with the eigenvalue as
:math:`\lambda`. Far from the minimum that picture fails, so this module does
not rely on it: it runs plain gradient descent itself, many rates side by
side, and sorts each run into a *regime* by what it does:

- ``"crawls"``: the loss never rises, no step jumps further than
  the start lies from the minimum, yet after the run's steps more than
  :data:`GAP` of the starting gap to the minimum is left;
- ``"reasonable"``: after the run's steps at most :data:`GAP` of the gap is
  left, and continuing with the same rate converges to the minimum;
- ``"overshoots"``: it converges in the end, but bounces across the valley so
  much that more than :data:`GAP` is left after the run's steps;
- ``"cycles"``: continued, the run settles into a period-2 cycle, jumping
  between two points forever;
- ``"erratic"``: continued, it neither converges nor cycles: the steps throw
  the weights out of the minimum's valley, onto a plateau or elsewhere;
- ``"diverges"``: the weights stop being finite numbers.

:func:`judge` sorts one rate (the self-check's verdict), :func:`sweep` a
whole range of them (the learning-rate page and its tutorial), with the same
code and the same thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from . import likelihood
from ._backend import prepare
from ._backend import weights as checked_weights
from ._validate import (InputError, as_scalar, finite_result, instance, one_of, positive,
                        real_array, whole_number)
from .optimize import W_INIT, LeastSquaresFit, fit_least_squares
from .training import MAX_ITER, N_ITER, _count_rises, _rose

#: A reasonable run leaves at most this fraction of the starting gap
#: SSE(w_init) − SSE(ŵ) after its steps: the lab gives the loop a budget of 30
#: steps, and a rate that spends it well does nearly all the work within it.
GAP = 0.05
#: The SSE counts as converged once it is this close to its minimum.
TOL = 1e-8
#: Steps a run is continued to see where it settles.
N_SETTLE = 10_000
#: The most steps a run may be continued, and the most rates run side by side.
MAX_SETTLE, MAX_RATES = 100_000, 1_000
#: A step's SSE rises only when it exceeds the step before by more than this fraction of
#: it: smaller changes are float64 rounding, which a rate too small to move w (1e-15) makes
#: go either way.
RISE_RTOL = 1e-12
#: A run that closed less than this fraction of the starting gap has hardly moved.
STILL = 1e-6
#: Below this largest gradient component, a run that is not at the minimum is stuck.
PLATEAU_GRAD = 1e-6
#: The regimes, from too small to too large.
REGIMES = ("crawls", "reasonable", "overshoots", "cycles", "erratic", "diverges")
#: How the gradient of each loss the loop may use compares with the SSE's.
LOSS_SCALE = MappingProxyType({"sse": lambda n: 1.0, "nll": lambda n: 1.0,
                               "mse": lambda n: 1.0 / n})


@finite_result("the errors", "lr·lam is too large: (1 − αλ)^k overflows; lower n_iter")
def quadratic_errors(lam, lr, error, n_iter) -> np.ndarray:
    r"""Gradient descent on :math:`\tfrac12\lambda w^2` from :math:`w = e`:
    :math:`e\,(1 - \alpha\lambda)^k` for :math:`k = 0, \dots, n`.

    Returns
    -------
    errors : array of shape (n_iter + 1,)
    """
    lam, error = as_scalar("lam", lam), as_scalar("error", error)
    n_iter = whole_number("n_iter", n_iter, maximum=MAX_ITER)
    return error * (1.0 - positive("lr", lr) * lam) ** np.arange(n_iter + 1)


def gap_left(losses, best):
    r"""Fraction of the starting gap to the minimum still left after the last step,
    :math:`(L_n - L(\hat{\mathbf{w}}))/(L_0 - L(\hat{\mathbf{w}}))`.

    ``losses`` has the steps along axis 0 (one run, or several side by side);
    ``best`` is the minimum of the loss, below each starting loss.
    """
    losses, best = real_array("losses", losses), as_scalar("best", best)
    if losses.ndim == 0 or len(losses) == 0:
        raise InputError(f"losses must hold the steps along axis 0, got shape {losses.shape}")
    if not (losses[0] > best).all():
        raise InputError(f"best = {best} must be the minimum of the loss, below losses[0]: "
                         "there is no gap to close")
    return _gap_left(losses, best)


def _gap_left(losses, best):
    with np.errstate(invalid="ignore"):  # inf/inf for a run that diverged
        return (losses[-1] - best) / (losses[0] - best)


def gap_closed(losses, best):
    """Fraction of the starting gap to the minimum that the steps closed: ``1 - gap_left``."""
    return 1.0 - gap_left(losses, best)


@dataclass(frozen=True)
class Curvature:
    """The Hessian of the SSE at one point: its eigenvalues and eigenvectors."""

    lam_min: float  #: the smallest eigenvalue: curvature along the valley floor
    lam_max: float  #: the largest eigenvalue: curvature across the valley
    flat: np.ndarray = field(repr=False)  #: unit eigenvector of ``lam_min``, shape (2,)

    @property
    def limit(self) -> float:
        r""":math:`2/\lambda_{\max}`: above it the steep direction grows at every step."""
        return 2.0 / self.lam_max

    @property
    def best(self) -> float:
        r""":math:`2/(\lambda_{\min} + \lambda_{\max})`: the fastest constant step on a bowl."""
        return 2.0 / (self.lam_min + self.lam_max)

    @property
    def ratio(self) -> float:
        r""":math:`\lambda_{\max}/\lambda_{\min}`: how much more sharply the loss curves
        across the valley than along it."""
        return self.lam_max / self.lam_min


def curvature(x, y, w) -> Curvature:
    """The eigen-decomposition of ``likelihood.hessian_sse`` at ``w``."""
    lam, vec = np.linalg.eigh(likelihood.hessian_sse(w, x, y))
    return Curvature(lam_min=float(lam[0]), lam_max=float(lam[1]), flat=vec[:, 0])


@dataclass(frozen=True)
class Outcome:
    """What gradient descent with one learning rate does, and what to say about it."""

    lr: float  #: the learning rate, on the SSE's scale
    regime: str  #: one of ``REGIMES``
    n_iter: int  #: the run's budget of steps
    gap: float  #: fraction of the starting gap left after ``n_iter`` steps
    rises: int  #: steps among the first ``n_iter`` at which the SSE went up
    steps: int | None  #: first step with SSE within ``TOL`` of the minimum, if any
    end_w: np.ndarray = field(repr=False)  #: the weights after ``N_SETTLE`` steps
    end_sse: tuple  #: SSE at the last two of those steps
    end_grad: float  #: largest gradient component at the end
    best_sse: float  #: the minimum of the SSE

    @property
    def ok(self) -> bool:
        return self.regime == "reasonable"

    def advice(self) -> str:
        """One sentence for the student: why the rate is too small or too large, or a note."""
        n, left = self.n_iter, f"{self.gap:.1%} of the starting gap in loss"
        if self.regime == "reasonable":
            return "" if not self.rises else (
                f"note: the loss went up at {self.rises} of {n} steps on the way; the run still "
                f"converges to the minimum and ends with {left} left")
        if self.regime == "crawls" and 1.0 - self.gap < STILL:  # steps too small to tell
            return (f"too small: after {n} steps the loss has hardly moved, {left} is "
                    f"left (a reasonable rate leaves at most {GAP:.0%})")
        if self.regime == "crawls":
            return (f"too small: the loss falls at every step, but after {n} steps {left} is "
                    f"left (a reasonable rate leaves at most {GAP:.0%})")
        if self.regime == "overshoots":
            return (f"too large: the steps bounce across the valley (the loss went up at "
                    f"{self.rises} of {n} steps) and leave {left} after {n} steps")
        if self.regime == "cycles":
            a, b = sorted(self.end_sse)
            return (f"too large: the run never settles; continued, it jumps back and forth "
                    f"between two points with SSE {a:.6f} and {b:.6f}, above the minimum "
                    f"{self.best_sse:.6f}")
        if self.regime == "erratic":
            where = (f"where the gradient is only {self.end_grad:.0e}: stuck on a plateau"
                     if self.end_grad < PLATEAU_GRAD else f"still moving (gradient {self.end_grad:.0e})")
            return (f"too large: the steps throw the weights out of the minimum's valley; "
                    f"continued, the run ends at w = [{self.end_w[0]:.2f}, {self.end_w[1]:.2f}] "
                    f"with SSE {self.end_sse[-1]:.4f} instead of {self.best_sse:.4f}, {where}")
        return "too large: the weights stop being finite numbers"


@dataclass(frozen=True)
class Runs:
    """Gradient descent on the SSE from one start, with many learning rates side by side."""

    rates: np.ndarray = field(repr=False)  #: shape (n_rates,)
    weights: np.ndarray = field(repr=False)  #: shape (n_iter + 1, n_rates, 2): the budget
    losses: np.ndarray = field(repr=False)  #: shape (n_iter + 1, n_rates)
    steps: np.ndarray = field(repr=False)  #: shape (n_rates,); first converged step, −1 if none
    last: np.ndarray = field(repr=False)  #: shape (3, n_rates, 2): the settling run's last weights
    last_sse: np.ndarray = field(repr=False)  #: shape (2, n_rates): SSE at the last two of them
    last_grad: np.ndarray = field(repr=False)  #: shape (n_rates,): largest gradient component
    rose_late: np.ndarray = field(repr=False)  #: shape (n_rates,): SSE rose after the budget
    fit: LeastSquaresFit  #: the minimum ŵ and SSE(ŵ)

    @property
    def best_sse(self) -> float:
        return self.fit.sse

    @property
    def n_iter(self) -> int:
        return len(self.losses) - 1

    @property
    def gap(self) -> np.ndarray:
        """Fraction of the starting gap to the minimum left after the budget, per rate."""
        return _gap_left(self.losses, self.best_sse)

    @property
    def rises(self) -> np.ndarray:
        """Steps of the budget at which the SSE went up, per rate."""
        return _count_rises(self.losses, RISE_RTOL)

    @property
    def regimes(self) -> np.ndarray:
        """The regime of each rate (see the module's docstring)."""
        with np.errstate(all="ignore"):  # a run that diverged holds inf
            finite = np.isfinite(self.last).all(axis=(0, 2)) & np.isfinite(self.losses).all(axis=0)
            converged = self.last_sse[-1] - self.best_sse <= TOL
            size = 1.0 + np.abs(self.last[-1]).max(axis=-1)
            period_2 = np.abs(self.last[-1] - self.last[-3]).max(axis=-1) <= 1e-9 * size
            moving = np.abs(self.last[-1] - self.last[-2]).max(axis=-1) > 1e-6 * size
            # on its way down to ŵ: no step of the budget jumped further than the start lies
            # from ŵ, and the loss kept falling after it
            reach = np.linalg.norm(self.weights[0] - self.fit.w, axis=-1)
            short = np.linalg.norm(np.diff(self.weights, axis=0), axis=-1).max(axis=0) < reach
            heading_down = converged | (~self.rose_late & short)
        gap, rises = self.gap, self.rises
        return np.select(
            [~finite,
             converged & (gap <= GAP),
             heading_down & (gap > GAP) & (rises == 0),
             converged,
             period_2 & moving],
            ["diverges", "reasonable", "crawls", "overshoots", "cycles"], default="erratic")

    def outcome(self, i: int) -> Outcome:
        """Everything known about rate number ``i``."""
        return Outcome(lr=float(self.rates[i]), regime=str(self.regimes[i]), n_iter=self.n_iter,
                       gap=float(self.gap[i]), rises=int(self.rises[i]),
                       steps=int(self.steps[i]) if self.steps[i] >= 0 else None,
                       end_w=self.last[-1, i].copy(),
                       end_sse=(float(self.last_sse[0, i]), float(self.last_sse[1, i])),
                       end_grad=float(self.last_grad[i]), best_sse=self.best_sse)


def descend(x, y, rates, *, n_iter=N_ITER, n_settle=N_SETTLE, w_init=W_INIT, fit=None) -> Runs:
    r"""Gradient descent on the SSE with every rate in ``rates`` at once.

    The same steps as ``lab3.learning_loop`` (the tests compare them), with the
    hand-derived gradient so that hundreds of rates run as one array. Each run
    keeps its first ``n_iter`` steps whole, then goes on to ``n_settle`` steps
    to see where it settles. Once a step leaves every run exactly where it was
    (a fixed point of float64), the steps left would repeat it: they are not taken,
    and the result is the same.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    rates : array of shape (n_rates,)
        Positive learning rates :math:`\alpha`.
    n_iter : int
        The budget of steps the verdict is about, the template's 30.
    n_settle : int
        How long each run is continued, at least ``n_iter``.
    fit : LeastSquaresFit, optional
        The minimum of the SSE, ``fit_least_squares(x, y)`` when omitted.

    At most :data:`MAX_RATES` rates, ``n_iter`` up to ``lab3.training.MAX_ITER``,
    ``n_settle`` up to :data:`MAX_SETTLE`.
    """
    w_init, x, y = prepare(w_init, x, y, w_name="w_init", numpy=True)
    rates = _rates(rates)
    n_iter = whole_number("n_iter", n_iter, maximum=MAX_ITER)
    n_settle = whole_number("n_settle", n_settle, minimum=n_iter, maximum=MAX_SETTLE)
    fit = _fit(x, y, fit)
    w = np.tile(w_init, (len(rates), 1))
    weights, losses, last, last_sse = [], [], [w] * 3, [None, None]
    steps = np.full(len(rates), -1)
    rose_late = np.zeros(len(rates), dtype=bool)
    with np.errstate(all="ignore"):  # a diverging rate turns into inf or NaN: judged below
        for k in range(n_settle + 1):
            sse, grad = likelihood._sse_and_grad(w, x, y)
            if k <= n_iter:
                weights.append(w)
                losses.append(sse)
            else:
                rose_late |= _rose(last_sse[-1], sse, RISE_RTOL)
            steps[(steps < 0) & (sse - fit.sse <= TOL)] = k
            last, last_sse = [*last[1:], w], [last_sse[-1], sse]
            if k == n_settle:
                break
            step = w - rates[:, None] * grad
            if k >= n_iter and _at_rest(step, w):
                # every run sits on a fixed point of float64: each step left repeats this
                # one, with the same w, SSE and gradient
                left = n_settle - k
                last, last_sse = (last + [w] * left)[-3:], (last_sse + [sse] * left)[-2:]
                break
            w = step
    return Runs(rates=rates, weights=np.array(weights), losses=np.array(losses), steps=steps,
                last=np.array(last), last_sse=np.array(last_sse),
                last_grad=np.abs(grad).max(axis=-1), rose_late=rose_late, fit=fit)


def _at_rest(step: np.ndarray, w: np.ndarray) -> bool:
    """Whether a step leaves every run's weights exactly where they are."""
    return np.array_equal(step, w)


def _fit(x, y, fit) -> LeastSquaresFit:
    """``fit``, checked, or ``fit_least_squares(x, y)`` when it is None."""
    if fit is None:
        return fit_least_squares(x, y)
    return instance("fit", fit, LeastSquaresFit, "a LeastSquaresFit of x and y")


def _rates(rates) -> np.ndarray:
    """``rates`` as a vector of 1 to :data:`MAX_RATES` positive learning rates."""
    rates = real_array("rates", rates).ravel()
    if not 1 <= rates.size <= MAX_RATES:
        raise InputError(f"rates must hold from 1 to {MAX_RATES} learning rates, got {rates.size}")
    if (rates <= 0).any():
        raise InputError(f"every learning rate must be positive, got {rates[rates <= 0][0]}")
    return rates


def judge(lr, x, y, *, n_iter=N_ITER, loss="sse") -> Outcome:
    """The regime of one learning rate, for a loop that minimises ``loss``.

    The NLL has the SSE's gradient; the MSE's is :math:`N` times smaller, so
    its rate :math:`\\alpha` acts like :math:`\\alpha/N` on the SSE.
    """
    loss = one_of("loss", loss, LOSS_SCALE)
    _, x, y = prepare(W_INIT, x, y, numpy=True)
    scaled = positive("lr", lr) * LOSS_SCALE[loss](len(x))
    return descend(x, y, [scaled], n_iter=n_iter).outcome(0)


def monotone_limit(x, y, below, above, *, n_iter=N_ITER, rtol=1e-6, fit=None) -> float:
    """The rate between ``below`` (SSE never rises in ``n_iter`` steps) and ``above``
    (it rises at some step) where the first rise appears, by bisection, to within
    ``rtol`` (at least 1e-15: float64 bisects no finer)."""
    below, above, rtol = positive("below", below), positive("above", above), positive("rtol", rtol)
    if not below < above:
        raise InputError(f"below must be less than above, got {below:g} and {above:g}")
    if not 1e-15 <= rtol < 1:
        raise InputError(f"rtol must be from 1e-15 to 1 (exclusive), got {rtol:g}")
    fit = _fit(x, y, fit)

    def rises(a):
        return descend(x, y, [a], n_iter=n_iter, n_settle=n_iter, fit=fit).rises[0] > 0

    if rises(below) or not rises(above):
        raise InputError(f"the SSE must fall at every step at below = {below:g} and rise at "
                         f"above = {above:g}")
    while above - below > rtol * above:
        middle = (below + above) / 2
        below, above = (below, middle) if rises(middle) else (middle, above)
    return (below + above) / 2


@dataclass(frozen=True)
class Sweep:
    """Many learning rates, their regimes, and the landmarks among them."""

    runs: Runs
    curvature: Curvature  #: of the SSE at ŵ
    monotone: float  #: the first rate at which the SSE rises at some step of the budget

    def span(self, regime):
        """The smallest and largest rate in ``regime``, or None when no rate is in it."""
        rates = self.runs.rates[self.runs.regimes == regime]
        return (float(rates.min()), float(rates.max())) if rates.size else None

    @property
    def fastest(self) -> Outcome:
        """The rate that converges in the fewest steps."""
        steps = np.where(self.runs.steps >= 0, self.runs.steps, np.iinfo(int).max)
        return self.runs.outcome(int(np.argmin(steps)))


def sweep(x, y, rates=None, *, n_iter=N_ITER) -> Sweep:
    """Every rate of ``rates`` (by default 401 rates, log-spaced from 0.01 to 100) from
    the lab's start, with the landmarks the learning-rate page marks."""
    rates = np.logspace(-2, 2, 401) if rates is None else np.sort(_rates(rates))
    fit = fit_least_squares(x, y)
    runs = descend(x, y, rates, n_iter=n_iter, fit=fit)
    rises = runs.rises > 0
    first = int(np.argmax(rises))
    if not rises.any() or first == 0:
        raise InputError("rates must hold a rate whose SSE falls at every step below one "
                         "whose SSE rises")
    return Sweep(runs=runs, curvature=curvature(x, y, fit.w),
                 monotone=monotone_limit(x, y, rates[first - 1], rates[first], n_iter=n_iter,
                                         fit=fit))


@finite_result("the fraction left", "weights[0] lies at the optimum along the flat direction")
def flat_left(x, y, weights, optimum) -> float:
    r"""Of the start's distance to :math:`\hat{\mathbf{w}}` along the flattest direction
    there, the fraction left after the steps in ``weights`` (shape (n_iter + 1, 2))."""
    flat = curvature(x, y, optimum).flat
    weights = real_array("weights", weights)
    if weights.ndim != 2 or weights.shape[1] != 2 or len(weights) == 0:
        raise InputError(f"weights must have shape (n_iter + 1, 2), got {weights.shape}")
    start, end = (weights[[0, -1]] - checked_weights(optimum, name="optimum")) @ flat
    return float(abs(end / start))
