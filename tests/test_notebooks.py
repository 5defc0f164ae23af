"""The exercise templates' notebook pages and downloads (docs/_hooks/notebooks.py)."""

import json
import re

import pytest
from conftest import ROOT, load_hook, read

TEMPLATES = sorted(p.stem for p in (ROOT / "docs" / "exercises").glob("*_template.py"))


def test_the_notebook_download_numbers_its_cells():
    notebook = json.loads(load_hook("notebooks").as_notebook(
        ROOT / "docs" / "exercises" / f"{TEMPLATES[0]}.py"))
    ids = [cell["id"] for cell in notebook["cells"]]
    assert ids == [f"cell-{n}" for n in range(1, len(ids) + 1)]


@pytest.mark.site
@pytest.mark.parametrize("stem", TEMPLATES)
def test_a_notebook_page_holds_the_notebook_and_no_foreign_script(built_site, stem):
    """nbconvert's markup through the site's copy of mkdocs-jupyter's template: no MathJax
    or Mermaid loader, no inlined JupyterLab stylesheet, no random cell ids."""
    page = read(built_site, f"exercises/{stem}/index.html")
    assert 'class="jupyter-wrapper"' in page and "clipboard-copy" in page
    assert "stylesheets/notebooks.css" in page
    assert not re.search(r"mathjax|mermaid|require\.js", page, re.I)
    assert "<style" not in page and "cell-id=" not in page
    assert 'class="katex"' in page  # its Markdown cells' math, rendered at build time
    for suffix in (".py", ".ipynb"):
        assert (built_site / "exercises" / stem / f"{stem}{suffix}").is_file()
