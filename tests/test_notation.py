"""One notation on every page (docs/notation.md): the notation page, the sigmoid's
name, the hat on the estimate, one list of assumptions, and the erratum's signs."""

import html
import re

import pytest
from conftest import read

from lab3.graph.trace import sigmoid_loss_graph

TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)
PART1 = ("part1/", "exercises/part1/", "exercises/part1_template/", "generated/gallery/part1/")
SIGMOID_AS_S = re.compile(r"(?<![A-Za-z\\])s'?\s*\(")  # s(z) or s'(z), not \cos( or sin(
ASSUMPTIONS = re.compile(r"<p><strong>For least squares to be.*?the true inputs as unknown.*?</ul>",
                         re.S)


def formulas(page_html: str) -> list[str]:
    """The TeX source of every formula on a built page (KaTeX keeps it in its MathML)."""
    return [html.unescape(t) for t in TEX.findall(page_html)]


def section(page_html: str, heading_id: str) -> str:
    """The HTML from the h2 with ``heading_id`` to the next h2."""
    start = page_html.index(f'<h2 id="{heading_id}"')
    end = page_html.find("<h2 ", start + 1)
    return page_html[start:end if end > 0 else None]


def test_graph_labels_name_the_sigmoid_as_the_pages_do():
    g = sigmoid_loss_graph(0.5, 0.8, [-2.0, 2.0])
    assert g.node("f").label == "sigmoid"
    assert "sigmoid(w₀x + w₁)" in g.title and "σ" not in g.title


@pytest.mark.site
def test_notation_page_is_built_and_follows_get_started_in_the_nav(built_site):
    page = read(built_site, "notation/index.html")
    tex = formulas(page)
    assert r"\hat{\mathbf{w}}" in tex and r"\mathbf{w}^\star" in tex
    assert r"\mathrm{sigmoid}(z)" in tex
    home = read(built_site, "index.html")
    nav = [home.index(f'href="{p}" class="md-nav__link') for p in ("get-started/", "notation/")]
    assert nav[0] < nav[1] < home.index('href="part1/"')


@pytest.mark.site
def test_no_page_outside_part1_writes_the_sigmoid_as_s(built_site):
    checked = set()
    for path in built_site.rglob("*.html"):
        page = path.relative_to(built_site).as_posix()
        if page.startswith(PART1):
            continue
        for tex in formulas(path.read_text(encoding="utf-8")):
            assert not SIGMOID_AS_S.search(tex), f"{page}: {tex}"
            checked.add(page)
    assert {"part2/likelihood/index.html", "exercises/part2/index.html"} <= checked
    likelihood = formulas(read(built_site, "part2/likelihood/index.html"))
    assert any(r"\mathrm{sigmoid}'(z) = \mathrm{sigmoid}(z)" in t for t in likelihood)


@pytest.mark.site
def test_exercises_write_the_estimate_with_a_hat(built_site):
    page = read(built_site, "exercises/part2/index.html")
    for heading in ("1-the-maximum-likelihood-problem", "4-least-squares-and-maximum-likelihood"):
        tex = formulas(section(page, heading))
        assert any(r"\hat{\mathbf{w}}" in t for t in tex), heading
        assert not any(r"\star" in t for t in tex), heading


@pytest.mark.site
def test_both_pages_give_the_same_list_of_assumptions(built_site):
    theory = ASSUMPTIONS.findall(read(built_site, "part2/lsq-vs-mle/index.html"))
    answer = section(read(built_site, "exercises/part2/index.html"), "5-the-assumptions")
    exercise = ASSUMPTIONS.findall(answer)
    assert len(theory) == len(exercise) == 1
    assert re.sub(r"\s+", " ", theory[0]) == re.sub(r"\s+", " ", exercise[0])
    assert theory[0].count("<li>") == 6 and "p(x)" in "".join(formulas(theory[0]))
    details = answer[answer.index("<details"):answer.index("</details>")]
    assert exercise[0] in details, "the list must sit inside the folded solution"


@pytest.mark.site
@pytest.mark.parametrize("page", ["part2/likelihood/index.html", "exercises/part2/index.html",
                                  "generated/gallery/part2/plot_11_learning_loop/index.html"])
def test_erratum_names_the_two_signs_that_differ(built_site, page):
    text = re.sub(r"\s+", " ", read(built_site, page))
    assert "sign in front of" in text
    tex = formulas(text)
    assert r"1/(1 - e^{w_0 t - w_1})" in tex and r"-w_1" in tex
    assert any("w_0 t" in t and "-(w_0 t + w_1)" in t for t in tex)
    assert "sign of the exponent" not in text and "signs flipped" not in text
