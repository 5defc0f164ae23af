"""The built exercise pages: folded solutions, notebook pages, downloads, the wheel link."""

import json
import re

import jupytext
import pytest
from conftest import ROOT, read

import lab3

pytestmark = pytest.mark.site

EXERCISES = ROOT / "docs" / "exercises"
TEMPLATES = sorted(p.stem for p in EXERCISES.glob("*_template.py"))
PARTS = [name.removesuffix("_template") for name in TEMPLATES]
WHEEL = f"lab3-{lab3.__version__}-py3-none-any.whl"


@pytest.mark.parametrize("part", PARTS)
def test_solutions_are_folded_and_link_the_tutorials(built_site, part):
    html = read(built_site, f"exercises/{part}/index.html")
    folded = re.findall(r"<details class=\"success\"( open)?>", html)
    solutions = (EXERCISES / f"{part}.md").read_text(encoding="utf-8").count('??? success "')
    assert len(folded) == solutions >= 5 and not any(folded), "every solution, closed"
    linked = set(re.findall(rf'href="../../generated/gallery/{part}/(plot_\w+)/"', html))
    tutorials = {p.stem for p in (ROOT / "gallery" / part).glob("plot_*.py")}
    assert linked and linked <= tutorials, f"links to tutorials of {part}: {linked}"
    for download in (".ipynb", ".py"):
        assert f'href="../{part}_template/{part}_template{download}"' in html
    assert "{{" not in html and "jupyter-wrapper" not in html


def test_part1_solutions_hold_the_computed_numbers(built_site):
    html = read(built_site, "exercises/part1/index.html")
    assert r"\left[-8,\ -4\right]" in html
    s = lab3.solve()
    for value in s.w_new:
        assert f"{value:.4f}" in html


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_page_is_a_notebook_with_both_downloads(built_site, name):
    folder = built_site / "exercises" / name
    html = read(folder, "index.html")
    assert 'class="jupyter-wrapper"' in html
    assert f'href="{name}.py"' in html and f'href="{name}.ipynb"' in html, "download buttons"
    assert "mathjax" not in html.lower() and "cdnjs" not in html, "no scripts from a CDN"
    source = (EXERCISES / f"{name}.py").read_text(encoding="utf-8")
    assert (folder / f"{name}.py").read_text(encoding="utf-8") == source
    notebook = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] for c in code), "a template, not executed"
    expected = [c.source for c in jupytext.reads(source, fmt="py:percent").cells]
    assert ["".join(c["source"]) for c in notebook["cells"]] == expected, "one source of truth"


def test_notebook_styles_stay_on_notebook_pages(built_site):
    for page in ("index.html", "exercises/index.html", "exercises/part1/index.html",
                 "get-started/index.html"):
        html = read(built_site, page)
        assert "jp-Notebook" not in html and "--jp-" not in html, page


def test_get_started_offers_the_wheel_with_the_exact_commands(built_site):
    html = read(built_site, "get-started/index.html")
    assert (built_site / "downloads" / WHEEL).is_file()
    assert f'href="../downloads/{WHEEL}"' in html
    text = re.sub(r"<[^>]+>", "", html)
    for command in ("python -m venv lab3-env",
                    "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu",
                    f"pip install {WHEEL}"):
        assert command in text, command
