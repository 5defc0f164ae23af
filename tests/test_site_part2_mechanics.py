"""The built site, Part 2's mechanics: the first iteration by hand, one point's graph, the
½ convention, the conditional likelihood, the noise level and the uncertainty of ŵ; and
the reading order (exercises first, worked solutions that link back to them).

Each value read off a page is compared with one computed here, by PyTorch autograd or
by finite differences, not with the lab3 function that wrote it."""

import html
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import ROOT, read
from test_site_part2 import _printed

import lab3
from lab3.graph.core import format_value

pytestmark = pytest.mark.site

X, Y = lab3.load_points().T
W_INIT, LR = np.array(lab3.optimize.W_INIT), lab3.training.DEFAULT_LR
NUMBER = r"-?\d+(?:\.\d+)?"


def _section(page: str, anchor: str) -> str:
    """The HTML from the heading ``anchor`` to the next heading of the same or a higher level."""
    start = re.search(rf'<h([1-6]) id="{anchor}"', page)
    assert start, f"no heading #{anchor}"
    end = re.compile(rf"<h[1-{start.group(1)}][ >]").search(page, start.end())
    return page[start.start():end.start() if end else len(page)]


def _tex(fragment: str) -> list[str]:
    """The TeX source of each formula KaTeX rendered in ``fragment``, in order."""
    found = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>',
                       fragment, re.S)
    return [html.unescape(t) for t in found]


def _numbers(tex: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(NUMBER, tex.replace(r"\ ", " "))])


def _text(fragment: str) -> str:
    """The visible words of ``fragment``: KaTeX's MathML and markup dropped."""
    fragment = re.sub(r'<span class="katex-mathml">.*?</span>', "", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _point(xi, yi, w):
    """f, r and the gradient of (y − f)² at ``w``, by autograd."""
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    f = torch.sigmoid(w[0] * xi + w[1])
    loss = (yi - f) ** 2
    loss.backward()
    return f.item(), yi - f.item(), w.grad.numpy(), loss.item()


@pytest.fixture(scope="module")
def likelihood_page(built_site):
    return read(built_site, "part2/likelihood/index.html")


@pytest.fixture(scope="module")
def first_step_page(built_site):
    return read(built_site, "part2/first-step/index.html")


def test_first_iteration_table_is_autograd_line_by_line(first_step_page):
    part = _section(first_step_page, "the-first-iteration-by-hand")
    rows = re.findall(r"<tr>(.*?)</tr>", part.split("<tbody>", 1)[1], re.S)
    assert len(rows) == len(X) + 1, "one row per point and the sum"
    total = np.zeros(2)
    for i, row in enumerate(rows[:-1]):
        f, r, grad, _ = _point(X[i], Y[i], W_INIT)
        total += grad
        shown = _numbers(_text(row))
        expected = [i + 1, X[i], Y[i], f, r, *grad]
        np.testing.assert_allclose(shown[-6:], expected[1:], atol=5.1e-5, err_msg=f"row {i + 1}")
    np.testing.assert_allclose(_numbers(_text(rows[-1])), total, atol=5.1e-5)
    loop = lab3.learning_loop(X, Y, LR, n_iter=1)  # the PyTorch loop, loss.backward()
    np.testing.assert_allclose(loop.grads[0], total, rtol=1e-12)
    assert loop.losses[1] < loop.losses[0], "the page says the SSE falls"
    step = next(t for t in _tex(part) if r"\nabla\mathrm{SSE} &=" in t)
    new_w = next(t for t in _tex(part) if r"\leftarrow" in t)
    np.testing.assert_allclose(_numbers(step)[-2:], -LR * total, atol=5.1e-5)
    np.testing.assert_allclose(_numbers(new_w)[-2:], loop.weights[1], atol=5.1e-5)


def test_one_points_graph_ends_with_the_first_row(first_step_page):
    part = _section(first_step_page, "one-points-graph")
    assert part.count("<svg") == 2 and "<figcaption>" in part  # drawn for a wide and a narrow column
    f, r, grad, loss = _point(X[0], Y[0], W_INIT)
    caption = html.unescape(re.search(r"<figcaption>(.*?)</figcaption>", part, re.S).group(1))
    assert f"f = sigmoid(z) = {format_value(f)}" in caption
    assert f"L = r² = {format_value(loss)}" in caption
    assert f"∂L/∂w = {format_value(tuple(grad))}." in caption


def test_likelihood_says_why_the_conditional_likelihood_is_enough(likelihood_page):
    part = _section(likelihood_page, "the-likelihood")
    tex = " ".join(_tex(part))
    assert r"p(x_i \mid \mathbf{w}) = p(x_i)" in tex
    assert r"p(y_{1:N} \mid x_{1:N}, \mathbf{w})" in tex
    words = _text(part)
    assert "not depending on" in words
    assert "conditional likelihood, the density of the labels" in words


def test_half_convention_in_part2(first_step_page):
    tex = " ".join(_tex(_section(first_step_page, "half-convention")))
    w = torch.tensor(W_INIT, requires_grad=True)
    f = torch.sigmoid(w[0] * torch.tensor(X) + w[1])
    (0.5 * ((torch.tensor(Y) - f) ** 2).sum()).backward()
    half_grad = w.grad.numpy()
    full = lab3.learning_loop(X, Y, LR, n_iter=1)
    values = _numbers(tex)
    for vector in (half_grad, 2 * half_grad, W_INIT - LR * half_grad, full.weights[1]):
        assert any(np.allclose(values[k:k + 2], vector, atol=5.1e-5)
                   for k in range(len(values) - 1)), vector
    fit = lab3.fit_least_squares(X, Y)
    shown = [_numbers(t) for t in _tex(_section(first_step_page, "half-convention"))]
    minima = [v for v in shown if len(v) == 2 and np.allclose(v, fit.w, atol=5.1e-5)]
    assert len(minima) >= 2, "both losses' minimisers, equal to the SSE's"


def test_half_convention_in_part1(built_site):
    part = _section(read(built_site, "part1/loss/index.html"), "half-convention")
    vectors = [_numbers(t) for t in _tex(part) if r"\left[" in t]
    # By hand: ∂L/∂w = 2(y − ỹ) cos(wᵀx) x = 2·(0 − 2)·1·[2, 1]; with ½, half of it.
    grad = np.array([-8.0, -4.0])
    w, lr = np.array(lab3.LAB_PROBLEM.w), lab3.LAB_PROBLEM.lr
    np.testing.assert_allclose(vectors[0], grad)
    np.testing.assert_allclose(vectors[1], grad / 2)
    np.testing.assert_allclose(vectors[2], w - lr * grad / 2, atol=5.1e-4)
    np.testing.assert_allclose(vectors[3], w - lr * grad, atol=5.1e-4)
    np.testing.assert_array_equal(vectors[4], vectors[5])  # one minimiser for both
    assert np.sin(vectors[4] @ lab3.LAB_PROBLEM.x) == pytest.approx(1.0, abs=1e-5)
    assert 'href="../../part2/first-step/#half-convention"' in part


def _fd_hessian(w, h=1e-4):
    def nll(v):
        return lab3.likelihood.nll(v, X, Y)

    H = np.empty((2, 2))
    for i, a in enumerate(np.eye(2) * h):
        for j, b in enumerate(np.eye(2) * h):
            H[i, j] = (nll(w + a + b) - nll(w + a - b)
                       - nll(w - a + b) + nll(w - a - b)) / (4 * h * h)
    return H


def test_noise_level_and_uncertainty_are_computed(built_site):
    page = read(built_site, "part2/lsq-vs-mle/index.html")
    fit = lab3.fit_least_squares(X, Y)
    f = torch.sigmoid(fit.w[0] * torch.tensor(X) + fit.w[1]).numpy()
    sigma2 = np.mean((Y - f) ** 2)
    noise = " ".join(_tex(_section(page, "noise-around-the-fit")))
    assert re.search(rf"= {sigma2:.3f}".replace(".", r"\."), noise), sigma2
    # SSE/σ² = N σ̂²/½ against χ² with N − 2 = 3 degrees of freedom, by its closed form
    q = len(X) * sigma2 / 0.5
    below = math.erf(math.sqrt(q / 2)) - math.sqrt(2 * q / math.pi) * math.exp(-q / 2)
    assert f"SSE(ŵ)/σ² = {q:.2f} would be smaller in about {below:.0%}" in _text(
        _section(page, "noise-around-the-fit"))
    sure = _section(page, "how-sure")
    se = np.sqrt(np.diag(np.linalg.inv(_fd_hessian(fit.w))))
    assert se == pytest.approx([6.46, 3.93], abs=0.01)  # what the lab's numbers give
    shown = " ".join(_tex(sure))
    for wk, sk in zip(fit.w, se):
        assert f"{wk:.2f} \\pm {sk:.2f}" in shown
    assert 'href="../learning-rate/#a-reasonable-rate"' in sure
    words = _text(sure)
    for claim in lab3.claims.fit(X, Y).values():
        assert claim.holds and claim.text in words + _text(_section(page, "noise-around-the-fit"))


def test_learning_rate_page_links_the_uncertainty(built_site):
    page = read(built_site, "part2/learning-rate/index.html")
    assert 'href="../lsq-vs-mle/#how-sure"' in _section(page, "a-reasonable-rate")


def test_noise_tutorial_checks_its_hessian(built_site):
    page = read(built_site, "generated/gallery/part2/plot_14_noise_and_uncertainty/index.html")
    out = _printed(page)
    diff = float(re.search(r"largest difference from finite differences: (\S+)", out).group(1))
    assert diff < 1e-6
    assert len(re.findall(r"NLL rise \d", out)) == 6


# -- the reading order ---------------------------------------------------------------------

SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))


def _title(script: Path) -> str:
    return script.read_text(encoding="utf-8").splitlines()[1]


def test_home_page_sends_students_to_the_exercises_first(built_site):
    home = read(built_site, "index.html")
    start = _section(home, "where-to-start")
    steps = [start.index(f'href="{page}"') for page in
             ("exercises/", "part1/", "part2/", "generated/gallery/")]
    assert steps == sorted(steps)
    assert "Try it yourself first" in _text(start)
    nav = [home.index(f'href="{page}" class="md-nav__link') for page in
           ("exercises/", "exercises/part2_template/", "part1/", "generated/gallery/")]
    assert nav == sorted(nav), "each exercise comes before the tutorials that solve it"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_worked_solutions_link_back_to_their_exercise(built_site, script):
    part, name = script.parent.name, script.stem
    page = read(built_site, f"generated/gallery/{part}/{name}/index.html")
    body = page[page.index("<h1"):]
    intro = body[:body.index("<h2")]
    links = re.findall(r'href="\.\./\.\./\.\./\.\./exercises/(part\d)/(#[\w-]+)?"', intro)
    worked = _title(script).startswith("Worked solution")
    assert worked == bool(links), "a worked solution names its exercise, and only then"
    if worked:
        assert {p for p, _ in links} == {part}, "the exercise of the tutorial's own part"
        exercise = read(built_site, f"exercises/{part}/index.html")
        for _, anchor in links:
            assert not anchor or f'id="{anchor[1:]}"' in exercise


def test_gallery_index_labels_the_worked_solutions(built_site):
    index = _text(read(built_site, "generated/gallery/index.html"))
    worked = [s for s in SCRIPTS if _title(s).startswith("Worked solution")]
    assert len(worked) >= 7 and len(worked) < len(SCRIPTS)
    for script in SCRIPTS:
        assert _title(script) in index
    assert "worked solutions" in index
