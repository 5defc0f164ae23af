r"""What the learning-rate page's explorer needs, computed once at build time.

The page lets a reader slide :math:`\alpha` over the rates of
``lab3.learning_rate.sweep`` and draws the 30-step run on the SSE landscape.
The browser runs those 30 steps itself (the same step as ``lab3.learning_loop``,
:math:`\mathbf{w} \leftarrow \mathbf{w} - \alpha\nabla\mathrm{SSE}`); everything
else comes from here: the points, the start, the sweep's rates and the regime
of each (as *bands*, runs of neighbouring rates in one regime), the axes' ranges
and the landscape as an image of its level bands.
"""

from __future__ import annotations

import numpy as np

from . import likelihood
from ._backend import prepare
from ._validate import InputError, instance
from .learning_rate import GAP, Sweep
from .learning_rate import sweep as run_sweep
from .optimize import W_INIT

#: The part of the (w₀, w₁) plane the landscape shows, as (w0_min, w0_max, w1_min, w1_max):
#: the tutorial draws its runs in the same window.
EXTENT = (-22.0, 9.0, -16.0, 4.0)
#: The landscape image's size in pixels (height, width): 20 pixels per unit of w.
SHAPE = (400, 620)
#: Level bands of the landscape, between the quantiles (i/LEVELS)² of the SSE over the window
#: (the tutorial's contour levels).
LEVELS = 15


def bands(regimes) -> list:
    """Neighbouring rates in one regime, merged: ``[[regime, first, last], ...]`` by index,
    in the order of ``regimes`` (an array of regime names, shape (n_rates,))."""
    names = list(regimes) if isinstance(regimes, (list, tuple, np.ndarray)) else []
    if not names or not all(isinstance(name, str) for name in names):
        raise InputError(f"regimes must be a vector of regime names, got {regimes!r:.60}")
    regimes = np.array(names)
    starts = np.flatnonzero(np.r_[True, regimes[1:] != regimes[:-1]])
    ends = np.r_[starts[1:] - 1, regimes.size - 1]
    return [[str(regimes[a]), int(a), int(b)] for a, b in zip(starts, ends)]


def explorer(x, y, sweep=None) -> dict:
    r"""The explorer's data, JSON-able: what the browser needs to run and judge a rate.

    Parameters
    ----------
    x, y : arrays of shape (n_samples,)
    sweep : Sweep, optional
        ``lab3.learning_rate.sweep(x, y)`` (computed when omitted); its rates must be
        log-spaced, :math:`\alpha_k = 10^{a + k(b - a)/(n - 1)}`.

    Returns
    -------
    dict with ``x``, ``y`` (lists), ``w_init``, ``n_iter``, ``best`` (ŵ and SSE(ŵ)),
    ``gap`` (:data:`lab3.learning_rate.GAP`), ``rates`` (``log10_min``, ``log10_max``,
    ``count``, ``start``: the index nearest the solutions' rate), ``bands`` (see
    :func:`bands`: the slider index ``k`` is in ``bands[j]`` when ``first <= k <= last``),
    ``loss_range`` (decades around every run's SSE − SSE(ŵ)) and ``image``
    (``extent`` and ``shape`` of :func:`landscape_bands`).
    """
    _, x, y = prepare(W_INIT, x, y, numpy=True)
    sweep = run_sweep(x, y) if sweep is None else instance("sweep", sweep, Sweep, "a Sweep")
    runs = sweep.runs
    logs = np.log10(runs.rates)
    if runs.rates.size < 2 or not np.allclose(
            np.logspace(logs[0], logs[-1], runs.rates.size), runs.rates, rtol=1e-12, atol=0):
        raise InputError("sweep must hold at least two log-spaced rates")
    gaps = runs.losses - runs.best_sse
    gaps = gaps[np.isfinite(gaps) & (gaps > 0)]
    from .training import DEFAULT_LR  # torch, only here
    return {
        "x": x.tolist(), "y": y.tolist(), "w_init": list(W_INIT), "n_iter": runs.n_iter,
        "best": {"w": runs.fit.w.tolist(), "sse": runs.best_sse}, "gap": GAP,
        "rates": {"log10_min": float(logs[0]), "log10_max": float(logs[-1]),
                  "count": int(runs.rates.size),
                  "start": int(np.argmin(np.abs(logs - np.log10(DEFAULT_LR))))},
        "bands": bands(runs.regimes),
        "loss_range": [float(10 ** np.floor(np.log10(gaps.min()))),
                       float(10 ** np.ceil(np.log10(gaps.max())))],
        "image": {"extent": list(EXTENT), "shape": list(SHAPE)},
    }


def landscape_bands(x, y) -> np.ndarray:
    r"""The SSE over :data:`EXTENT` as level bands, one per pixel of the landscape image.

    Pixel ``(i, j)`` holds the band of :math:`\mathrm{SSE}(\mathbf{w})` at its centre,
    :math:`w_0 = a + (j + \tfrac12)\,\Delta_0`, :math:`w_1 = d - (i + \tfrac12)\,\Delta_1`
    (row 0 at the top, as an image is stored), for ``EXTENT = (a, b, c, d)``.

    Returns
    -------
    bands : int array of shape SHAPE, values 0 to LEVELS − 1
    """
    _, x, y = prepare(W_INIT, x, y, numpy=True)
    (a, b, c, d), (rows, cols) = EXTENT, SHAPE
    w0 = a + (np.arange(cols) + 0.5) * (b - a) / cols
    w1 = d - (np.arange(rows) + 0.5) * (d - c) / rows
    sse = likelihood.landscape(*np.meshgrid(w0, w1), x, y)
    levels = np.quantile(sse, np.linspace(0, 1, LEVELS + 1) ** 2)
    return np.clip(np.searchsorted(levels, sse, side="right") - 1, 0, LEVELS - 1)
