"""The exercise templates: one source, two downloads, a notebook page without foreign scripts.

Each template is a jupytext "percent" script, ``docs/exercises/*_template.py``,
the only copy anyone edits. mkdocs-jupyter renders it as a notebook page; this
hook puts both downloads beside that page, where its buttons point
(``exercises/<name>/<name>.py`` and the ``.ipynb`` that jupytext makes from it).

The page's HTML is nbconvert's, from mkdocs-jupyter's template
``mkdocs_html/notebook.html.j2``. nbconvert looks templates up in the Jupyter
data path before mkdocs-jupyter's own folder, so ``docs/_hooks/jupyter/`` is
put first in that path (``JUPYTER_PATH``) and its copies of two templates are
used instead: the notebook's without MathJax and Mermaid loaders (they would
fetch scripts from a CDN; the site renders math at build time) nor
JupyterLab's stylesheet, and the cells' anchor without jupytext's random cell
ids, so that two builds give the same bytes.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

import jupytext
from mkdocs.structure.files import File

TEMPLATES = "exercises/*_template.py"
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"  # holds nbconvert/templates/


def on_config(config, **kwargs):
    path = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if str(JUPYTER_DATA) not in path:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DATA), *filter(None, path)])


def as_notebook(script_path: str) -> str:
    """The ``.ipynb`` text of a jupytext percent script, without outputs.

    jupytext gives the cells random ids; numbered ones keep the build reproducible.
    """
    notebook = jupytext.read(script_path)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    return jupytext.writes(notebook, fmt="ipynb")


def on_files(files, config, **kwargs):
    for template in [f for f in files if fnmatch.fnmatch(f.src_uri, TEMPLATES)]:
        stem = template.src_uri.rsplit("/", 1)[-1][: -len(".py")]
        folder = f"exercises/{stem}"
        files.append(File.generated(config, f"{folder}/{stem}.py",
                                    abs_src_path=template.abs_src_path))
        files.append(File.generated(config, f"{folder}/{stem}.ipynb",
                                    content=as_notebook(template.abs_src_path)))
    return files
