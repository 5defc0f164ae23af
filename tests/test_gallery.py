"""Every gallery script runs from an empty folder, as a student would run it."""

import runpy
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.rglob("plot_*.py"))


def test_gallery_has_scripts():
    assert len(SCRIPTS) >= 3


def titles(fig) -> str:
    """A figure's alt text as mkdocs-gallery and sphinx-gallery make it: its suptitle and
    its axes' titles, joined; without them, both fall back to the file's name."""
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    found = [suptitle] + [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    return ", ".join(text for text in found if text)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_runs_and_titles_every_figure(script, tmp_path, monkeypatch):
    """Each figure has a title, in plain text: it is the figure's alt text on the page."""
    monkeypatch.chdir(tmp_path)
    shown = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.extend(map(plt.figure, plt.get_fignums())))
    try:
        runpy.run_path(str(script), run_name="__main__")
        alts = {fig.number: titles(fig) for fig in shown}
    finally:
        plt.close("all")
    for number, alt in alts.items():
        assert alt, f"figure {number} has no title: its alt text would be the file's name"
        assert "$" not in alt and "\\" not in alt, f"figure {number}'s title is TeX: {alt}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_follows_the_house_format(script):
    text = script.read_text(encoding="utf-8")
    assert text.startswith('r"""'), "header must be a raw docstring"
    title = text.splitlines()[1:3]
    assert title[1] and set(title[1]) == {"="}, "title underlined with ==="
    assert "# %%" in text and "\n####" not in text, "cells split by # %% only"
    assert "import lab3" in text, "scripts call lab3 rather than re-implement it"
