"""The templates the site copies from its tools (docs/overrides/, docs/_hooks/jupyter/).

A copy replaces the tool's own template whole, so it is right only for the version it
was copied from: each names that version, which must be the installed one. A new
version of the tool means copying its template again and redoing the one change the
copy's opening comment describes.
"""

import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest
from conftest import ROOT

# copy -> (the distribution it comes from, how the copy's comment names it)
COPIES = {
    "docs/overrides/main.html": ("mkdocs-material", "Material for MkDocs"),
    "docs/overrides/partials/search.html": ("mkdocs-material", "Material for MkDocs"),
    "docs/overrides/partials/nav-item.html": ("mkdocs-material", "Material for MkDocs"),
    "docs/overrides/partials/palette.html": ("mkdocs-material", "Material for MkDocs"),
    # not a copy: it replaces that version's script (and its palette component)
    "docs/overrides/partials/javascripts/palette.html": ("mkdocs-material", "Material for MkDocs"),
    "docs/_hooks/jupyter/nbconvert/templates/mkdocs_html/notebook.html.j2": (
        "mkdocs-jupyter", "mkdocs-jupyter"),
    "docs/_hooks/jupyter/nbconvert/templates/base/cell_id_anchor.j2": (
        "nbconvert", "nbconvert"),
}


@pytest.mark.parametrize("copy", COPIES)
def test_each_copy_is_of_the_installed_version(copy):
    dist, name = COPIES[copy]
    copied = re.search(rf"{re.escape(name)}\s+(\d+(?:\.\d+)+)", (ROOT / copy).read_text())
    assert copied, f"{copy} does not say which {name} version it copies"
    assert copied[1] == version(dist), (
        f"{copy} copies {name} {copied[1]}, but {version(dist)} is installed: "
        f"copy the template from the installed {dist} again and redo the change"
    )


def test_the_theme_files_main_html_names_exist():
    """Material's bundle and search worker have a hash in their names (main.html)."""
    theme = Path(material.__file__).parent / "templates"
    named = re.findall(r"assets/javascripts/[\w./-]+\.js",
                       (ROOT / "docs/overrides/main.html").read_text())
    assert len(named) == 2
    for path in named:
        assert (theme / path).is_file(), f"Material {version('mkdocs-material')} has no {path}"
