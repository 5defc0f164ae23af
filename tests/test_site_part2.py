"""The built site, Part 2: its numbers, tutorials and the pts.npy download (its pages are
checked for math and leftover macros with Part 1's, in test_site.py)."""

import numpy as np
import pytest
from conftest import read

import lab3

pytestmark = pytest.mark.site

SCRIPTS = ["plot_11_learning_loop", "plot_12_learning_rates", "plot_13_lsq_vs_mle"]


def test_pts_npy_is_offered_for_download(built_site):
    assert (built_site / "data" / "pts.npy").read_bytes() == lab3.datasets.DATA_PATH.read_bytes()
    assert 'href="../data/pts.npy"' in read(built_site, "part2/index.html")


def test_pages_state_the_computed_numbers(built_site):
    x, y = lab3.load_points().T
    opt = lab3.fit_least_squares(x, y)
    likelihood = read(built_site, "part2/likelihood/index.html")
    assert "0.5642" in likelihood  # K = 1/√π = 0.56419, by hand
    assert f"{opt.sse:.4f}" in likelihood and f"{opt.nll:.4f}" in likelihood
    assert "Erratum" in likelihood
    rates = read(built_site, "part2/learning-rate/index.html")
    lam_max = np.linalg.eigvalsh(lab3.likelihood.hessian_sse(opt.w, x, y))[-1]
    assert f"{2 / lam_max:.4f}" in rates
    table = read(built_site, "part2/index.html")
    assert all(f"{v:.4f}".lstrip("-") in table for v in lab3.load_points().ravel())


@pytest.mark.parametrize("name", SCRIPTS)
def test_tutorial_ran_and_drew(built_site, name):
    folder = built_site / "generated" / "gallery" / "part2"
    html = read(folder, f"{name}/index.html")
    assert "Traceback (most recent call last)" not in html
    assert f'{name}.py"' in html and f'{name}.ipynb"' in html
    assert list((folder / "images").glob(f"mkd_glr_{name}_*"))
