"""The built site, Part 2: its numbers, tutorials and the pts.npy download (its pages are
checked for math and leftover macros with Part 1's, in test_site.py)."""

import html
import re

import numpy as np
import pytest
from conftest import read

import lab3

pytestmark = pytest.mark.site

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


def _printed(page_html: str) -> str:
    """What a gallery script printed, as plain text."""
    blocks = re.findall(r'class="mkd-glr-script-out-disp[^"]*"><pre>(.*?)</pre>', page_html, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(blocks)))


def _vectors(text: str, pattern: str) -> list[np.ndarray]:
    """The bracketed vectors on the one printed line that matches ``pattern``."""
    (line,) = re.findall(rf"^{pattern}.*$", text, re.M)
    return [np.array(v.split(), dtype=float) for v in re.findall(r"\[([^\]]*)\]", line)]


def test_lsq_vs_mle_tutorial_prints_what_its_prose_says(built_site):
    out = _printed(read(built_site, "generated/gallery/part2/plot_13_lsq_vs_mle/index.html"))
    true_w = np.array(lab3.datasets.TRUE_W)
    # 1: both means are close to the truth next to their spread; the weighted MLE scatters
    # less, most of all in w0.
    spreads = []
    for name in ("least squares", r"weighted \(MLE\)"):
        _, error, spread = _vectors(out, name + r"\s+mean w")
        assert np.all(np.abs(error) < spread / 3), name
        spreads.append(spread)
    ratio = spreads[0] / spreads[1]
    assert np.all(ratio > 1) and ratio[0] > ratio[1]
    # 2: one point far off the plot holds most of the SSE; least squares lands far away,
    # the Cauchy MLE close by.
    assert "points off the plot: 1," in out
    share = float(re.search(r"the largest residual makes up ([\d.]+)%", out).group(1))
    assert share > 50
    distance = {m[0]: float(m[1]) for m in re.findall(r"^(least squares|Cauchy MLE)\s+w = .*"
                                                       r"distance from the true w = ([\d.]+)", out, re.M)}
    assert distance["least squares"] > 0.5 * np.linalg.norm(true_w)
    assert distance["Cauchy MLE"] < 0.1 * np.linalg.norm(true_w)
    # 3: least squares' slope stays too small with more points; the errors-in-x MLE's is close.
    slopes = [_vectors(out, pattern)[0][0] for pattern in (
        r"least squares\s+w = .*\(true", r"least squares, 3000 points\s+w =",
        r"least squares, 30000 points\s+w =")]
    assert max(slopes) < 0.8 * true_w[0]
    assert abs(_vectors(out, "errors-in-x MLE")[0][0] - true_w[0]) < 0.1 * true_w[0]
    # and it prints lab3's statements of the same (lab3.claims.counterexamples), word for word
    ce = lab3.counterexamples
    claims = lab3.claims.counterexamples(ce.unequal_variances(), ce.heavy_tails(), ce.noise_on_x())
    assert all(claim.text in out for claim in claims.values())


def test_lsq_vs_mle_pages_say_what_was_measured(built_site):
    theory = re.sub(r"\s+", " ", read(built_site, "part2/lsq-vs-mle/index.html"))
    exercise = re.sub(r"\s+", " ", read(built_site, "exercises/part2/index.html"))
    for text in (theory, exercise):
        assert "recovers the true weights" not in text
    assert "curvatures and units" not in theory
    assert "same gradient and the same Hessian" in theory
    q4 = exercise[exercise.index('id="4-least'):exercise.index('id="5-the')]
    assert "noise level" in q4 and "change $K$" not in q4 and "or change" not in q4
