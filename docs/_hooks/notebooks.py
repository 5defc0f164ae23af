"""The exercise templates: one source, two downloads, a page without foreign scripts.

Each template is a jupytext "percent" script, ``docs/exercises/*_template.py``,
the only copy anyone edits. mkdocs-jupyter renders it as a notebook page; this
hook puts both downloads beside that page, where its buttons point
(``exercises/<name>/<name>.py`` and the ``.ipynb`` that jupytext makes from it),
and removes from the page the MathJax and Mermaid loaders that nbconvert adds:
they would fetch scripts from a CDN, and the site renders math with its own
KaTeX (``docs/javascripts/katex.js``). Random cell ids become numbers, so that
two builds give the same bytes.
"""

from __future__ import annotations

import fnmatch
import re

import jupytext
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

TEMPLATES = "exercises/*_template.py"
FOREIGN_SCRIPTS = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->"
    r"|<script type=\"module\">\s*document\.addEventListener\(\"DOMContentLoaded\""
    r".*?\.jp-Mermaid.*?<!-- End of mermaid configuration -->",
    re.S,
)


CELL_ID = re.compile(r'id="cell-id=[0-9a-f]+"')


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


def on_page_content(html, page, **kwargs):
    if getattr(page, "nb_url", None):
        html, found = FOREIGN_SCRIPTS.subn("", html)
        if found != 2:
            raise PluginError(f"{page.file.src_uri}: expected nbconvert's MathJax and Mermaid "
                             f"loaders to remove, found {found}; has mkdocs-jupyter changed?")
        numbers = iter(range(1, 10**6))  # random cell ids, numbered in order instead
        html = CELL_ID.sub(lambda _: f'id="cell-id=cell-{next(numbers)}"', html)
    return html
