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


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_runs(script, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        plt.close("all")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_follows_the_house_format(script):
    text = script.read_text(encoding="utf-8")
    assert text.startswith('r"""'), "header must be a raw docstring"
    title = text.splitlines()[1:3]
    assert title[1] and set(title[1]) == {"="}, "title underlined with ==="
    assert "# %%" in text and "\n####" not in text, "cells split by # %% only"
    assert "import lab3" in text, "scripts call lab3 rather than re-implement it"
