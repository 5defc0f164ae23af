"""lab3.datasets: the shipped pts.npy, its generator, and the loader's checks."""

import io
import math

import numpy as np
import pytest

import lab3
from lab3 import datasets


def test_shipped_file_is_what_the_generator_makes():
    buffer = io.BytesIO()
    np.save(buffer, datasets.make_points())
    assert buffer.getvalue() == datasets.DATA_PATH.read_bytes()


def test_shipped_points_match_the_template():
    pts = datasets.load_points()
    assert pts.shape == (5, 2) and pts.dtype == np.float64  # N = 5, as in the template
    assert np.all(np.abs(pts[:, 0]) <= 1.0)  # x in [−1, 1]


def test_generator_draws_the_documented_noise():
    pts = datasets.make_points(200_000, seed=1)
    residual = pts[:, 1] - 1 / (1 + np.exp(-4.0 * pts[:, 0]))  # the model by hand, w* = [4, 0]
    assert residual.mean() == pytest.approx(0.0, abs=0.01)
    assert residual.var() == pytest.approx(0.5, rel=0.01)
    assert pts[:, 0].min() >= -1 and pts[:, 0].max() <= 1


def test_noise_free_points_lie_on_the_curve():
    pts = datasets.make_points(7, w=[1.0, -1.0], noise_std=0.0, seed=3, x_range=(0.0, 2.0))
    np.testing.assert_allclose(pts[:, 1], 1 / (1 + np.exp(-(pts[:, 0] - 1.0))), rtol=1e-14)


@pytest.mark.parametrize("content, error, match", [
    (np.zeros((5, 3)), ValueError, r"must have shape \(N, 2\).*got shape \(5, 3\)"),
    (np.zeros(10), ValueError, r"must have shape \(N, 2\)"),
    (np.zeros((0, 2)), ValueError, "must hold from 1 to 10000000 points, got 0"),
    (np.array([[0.1, 0.2], [np.nan, 1.0]]), ValueError, r"finite numbers.*rows \[1\]"),
    (np.array([[0.1, np.inf]]), ValueError, "NaN or inf"),
    (np.array([["a", "b"]]), ValueError, "malformed data file.*must hold real numbers"),
    (np.array([[1 + 1j, 2.0]]), ValueError, "malformed data file.*must hold real numbers"),
    (np.array([[True, False]]), ValueError, "malformed data file.*must hold real numbers"),
])
def test_loader_rejects_bad_contents(tmp_path, content, error, match):
    path = tmp_path / "pts.npy"
    np.save(path, content)
    with pytest.raises(error, match=match):
        datasets.load_points(path)


def test_loader_names_a_missing_file(tmp_path):
    with pytest.raises(lab3.InputError, match="does not exist"):
        datasets.load_points(tmp_path / "nowhere.npy")


def test_loader_names_an_unreadable_file(tmp_path):
    path = tmp_path / "pts.npy"
    path.write_text("x, y\n0.1, 0.2\n")
    with pytest.raises(ValueError, match="cannot read .* as a .npy array"):
        datasets.load_points(path)


def test_loader_refuses_pickles_and_archives(tmp_path):
    np.save(tmp_path / "obj.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(lab3.InputError, match="malformed data file.*dtype object"):
        datasets.load_points(tmp_path / "obj.npy")
    np.savez(tmp_path / "pts.npz", pts=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="archive"):
        datasets.load_points(tmp_path / "pts.npz")


def test_loader_accepts_a_good_file(tmp_path):
    np.save(tmp_path / "ok.npy", np.array([[0.0, 1.0]], dtype=np.float32))
    assert datasets.load_points(str(tmp_path / "ok.npy")).dtype == np.float64


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n": 0}, ValueError, "n must be at least 1"),
    ({"n": 2.5}, TypeError, "n must be a whole number"),
    ({"noise_std": -1.0}, ValueError, "noise_std must be >= 0"),
    ({"w": [1.0]}, ValueError, r"w must hold \[w0, w1\]"),
    ({"x_range": (1.0, 1.0)}, ValueError, "x_range must be an interval lo < hi"),
    ({"x_range": (0.0, 1.0, 2.0)}, ValueError, "x_range must be two numbers"),
    ({"n": 10**9}, ValueError, "n must be at most 10000000"),
    ({"seed": -1}, ValueError, "seed must be at least 0"),
    ({"x_range": (-1e308, 1e308)}, ValueError, "x_range must be an interval"),
    ({"noise_std": math.nan}, ValueError, "noise_std must be finite"),
])
def test_generator_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        datasets.make_points(**kwargs)


def test_an_empty_file_is_a_malformed_data_file(tmp_path):
    (tmp_path / "empty.npy").write_bytes(b"")
    with pytest.raises(lab3.InputError, match="malformed data file"):
        datasets.load_points(tmp_path / "empty.npy")


def test_a_header_that_claims_more_than_the_file_holds_is_refused(tmp_path):
    path = tmp_path / "huge.npy"
    with path.open("wb") as f:
        np.lib.format.write_array_header_1_0(
            f, {"descr": "<f8", "fortran_order": False, "shape": (10**12, 2)})
        f.write(np.zeros(4).tobytes())
    with pytest.raises(lab3.InputError, match="must hold from 1 to 10000000 points"):
        datasets.load_points(path)
    path.write_bytes(path.read_bytes()[:-8])  # a truncated file of a shape it may hold
    np.save(path, np.zeros((3, 2)))
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(lab3.InputError, match=r"claims shape \(3, 2\), 48 bytes, but 40"):
        datasets.load_points(path)


def test_a_path_must_be_a_path():
    with pytest.raises(lab3.InputError, match="path must be a file path"):
        datasets.load_points(3)
