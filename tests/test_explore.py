"""lab3.explore: the learning-rate explorer's data, checked against the sweep it
summarises, the SSE computed point by point, and the published landscape image."""

import io
import json

import numpy as np
import pytest
from conftest import lab_sweep, load_hook
from PIL import Image

import lab3
from lab3 import explore
from lab3 import learning_rate as lr

X, Y = lab3.load_points().T


@pytest.fixture(scope="module")
def sweep():
    return lab_sweep()


@pytest.fixture(scope="module")
def data(sweep):
    return explore.explorer(X, Y, sweep)


def test_bands_merge_neighbours_of_one_regime():
    assert explore.bands(["a", "a", "b", "a", "a", "a"]) == [["a", 0, 1], ["b", 2, 2],
                                                              ["a", 3, 5]]
    assert explore.bands(np.array(["cycles"])) == [["cycles", 0, 0]]


@pytest.mark.parametrize("bad", [[], "crawls", [1, 2], np.array([[["a"]]]), None])
def test_bands_refuse_what_is_not_a_vector_of_names(bad):
    with pytest.raises(lab3.InputError, match="regimes"):
        explore.bands(bad)


def test_the_bands_give_back_every_rate_s_regime(data, sweep):
    spelled = [None] * len(sweep.runs.rates)
    for name, first, last in data["bands"]:
        spelled[first:last + 1] = [name] * (last - first + 1)
    assert spelled == sweep.runs.regimes.tolist()
    starts = [first for _, first, _ in data["bands"]]
    assert starts == sorted(starts) and data["bands"][-1][2] == len(spelled) - 1


def test_the_slider_s_formula_gives_the_sweep_s_rates(data, sweep):
    r = data["rates"]
    k = np.arange(r["count"])
    rates = 10 ** (r["log10_min"] + k * (r["log10_max"] - r["log10_min"]) / (r["count"] - 1))
    np.testing.assert_allclose(rates, sweep.runs.rates, rtol=1e-13)
    start = sweep.runs.rates[r["start"]]
    assert abs(np.log(start / lab3.training.DEFAULT_LR)) <= np.log(rates[1] / rates[0]) / 2


def test_the_data_are_the_lab_s_and_survive_json(data, sweep):
    back = json.loads(json.dumps(data))
    assert back == data  # JSON-able, every float exactly
    np.testing.assert_array_equal(back["x"], X)
    np.testing.assert_array_equal(back["y"], Y)
    assert back["w_init"] == [-2.0, 2.0] and back["n_iter"] == lab3.training.N_ITER
    fit = lab3.fit_least_squares(X, Y)
    np.testing.assert_allclose(back["best"]["w"], fit.w, rtol=1e-12)
    assert back["best"]["sse"] == pytest.approx(lab3.likelihood.sse(fit.w, X, Y), rel=1e-12)
    assert back["gap"] == lr.GAP


def test_the_loss_axis_holds_every_run_s_gap(data, sweep):
    low, high = data["loss_range"]
    gaps = sweep.runs.losses - sweep.runs.fit.sse
    assert low <= gaps.min() and gaps.max() <= high
    assert low > gaps.min() / 10 and high < gaps.max() * 10  # whole decades, not more
    assert np.log10(low) == round(np.log10(low)) and np.log10(high) == round(np.log10(high))


def test_a_sweep_not_log_spaced_is_refused():
    uneven = lr.sweep(X, Y, [0.5, 1.0, 2.5, 6.0])
    with pytest.raises(lab3.InputError, match="log-spaced"):
        explore.explorer(X, Y, uneven)
    with pytest.raises(lab3.InputError, match="sweep"):
        explore.explorer(X, Y, {"rates": [1.0]})


def pixel_sse(i, j):
    """The SSE at the centre of pixel (row i, column j) of the landscape, by lab3.likelihood.sse."""
    (a, b, c, d), (rows, cols) = explore.EXTENT, explore.SHAPE
    w = [a + (j + 0.5) * (b - a) / cols, d - (i + 0.5) * (d - c) / rows]
    return lab3.likelihood.sse(w, X, Y)


def test_the_landscape_s_bands_follow_the_sse():
    bands = explore.landscape_bands(X, Y)
    assert bands.shape == explore.SHAPE
    assert set(np.unique(bands)) == set(range(explore.LEVELS))
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, explore.SHAPE, size=(300, 2))
    sse = np.array([pixel_sse(i, j) for i, j in pixels])
    band = bands[pixels[:, 0], pixels[:, 1]]
    order = np.argsort(sse, kind="stable")
    assert (np.diff(band[order]) >= 0).all()  # a lower SSE never lies in a higher band
    # the minimum lies in the lowest band, at its pixel
    (a, b, c, d), (rows, cols) = explore.EXTENT, explore.SHAPE
    w = lab3.fit_least_squares(X, Y).w
    assert bands[int((d - w[1]) / (d - c) * rows), int((w[0] - a) / (b - a) * cols)] == 0


def test_the_published_image_is_the_bands_in_viridis():
    from matplotlib import colormaps

    png = load_hook("data_files").landscape_png()
    image = Image.open(io.BytesIO(png))
    assert image.size == explore.SHAPE[::-1]
    rgb = np.asarray(image.convert("RGB"))
    colours = colormaps["viridis"].resampled(explore.LEVELS)(range(explore.LEVELS))[:, :3]
    want = np.round(colours * 255)[explore.landscape_bands(X, Y)]
    np.testing.assert_array_equal(rgb, want)
