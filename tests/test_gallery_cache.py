"""The gallery's cache never lies (docs/_hooks/gallery_guard.py).

mkdocs-gallery re-runs an example only when the script's own MD5 changes. Each
test builds a throwaway project, several times over: the real gallery settings
and guard, one tiny example, and a copy of ``lab3`` first on ``PYTHONPATH``
(the guard fingerprints the ``lab3`` the examples import, so the copy can be
changed without touching the real package).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT
from mkdocs.utils.yaml import yaml_load

GUARD = "docs/_hooks/gallery_guard.py"
PROBE = '''r"""
Cache probe
===========

Prints a value from lab3.
"""

import lab3

print("lab3 from", lab3.__file__)
print("probe:", lab3.CACHE_PROBE)
'''
FAILING = '''r"""
Failing example
===============

Fails on purpose.
"""

raise RuntimeError("this example fails on purpose")
'''


class Project:
    """A small site with the real gallery settings and guard, one example, and its own lab3."""

    def __init__(self, path: Path, example: str):
        real = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
        assert GUARD in real["hooks"], "the real build uses the guard"
        gallery = next(
            p["gallery"] for p in real["plugins"] if isinstance(p, dict) and "gallery" in p
        )
        self.path = path
        config = {
            "site_name": "gallery cache test",
            "strict": True,
            "theme": {"name": "material"},
            "hooks": [GUARD],
            "plugins": [{"gallery": gallery}],
            "nav": [
                {"Home": "index.md"},
                {"Examples": gallery["gallery_dirs"].removeprefix("docs/")},
            ],
        }
        (path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        (path / "docs" / "_hooks").mkdir(parents=True)
        shutil.copy2(ROOT / GUARD, path / GUARD)
        (path / "docs" / "index.md").write_text("# Gallery cache test\n", encoding="utf-8")
        examples = path / gallery["examples_dirs"]
        examples.mkdir()
        (examples / "README.md").write_text("Examples\n========\n", encoding="utf-8")
        self.example = examples / "plot_01_probe.py"
        self.example.write_text(example, encoding="utf-8")
        self.lab3 = path / "pkg" / "lab3"
        shutil.copytree(ROOT / "lab3", self.lab3, ignore=shutil.ignore_patterns("__pycache__"))
        self.set_probe("first")

    def set_probe(self, value: str | None) -> None:
        """Give the copied lab3 a ``CACHE_PROBE`` (or none at all, which breaks the probe)."""
        init = self.lab3 / "__init__.py"
        text = init.read_text(encoding="utf-8").split("\nCACHE_PROBE =")[0]
        init.write_text(text + (f"\nCACHE_PROBE = {value!r}\n" if value else ""), encoding="utf-8")

    def build(self) -> subprocess.CompletedProcess:
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join([str(self.lab3.parent), os.environ.get("PYTHONPATH", "")]),
        )
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
            cwd=self.path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def page(self) -> str:
        """The example's page as mkdocs-gallery wrote it (Markdown, the output unhighlighted)."""
        return (self.path / "docs" / "generated" / "gallery" / "plot_01_probe.md").read_text()


def ran(result: subprocess.CompletedProcess) -> bool:
    """Whether the build ran the example (rather than keeping the cached page)."""
    log = result.stdout + result.stderr
    assert "excluding" in log, "mkdocs-gallery's summary changed: update this test"
    return "excluding 0 files that had previously been run" in log


def test_a_failing_example_fails_every_build(tmp_path):
    project = Project(tmp_path, FAILING)
    for attempt in ("first", "second"):
        result = project.build()
        assert result.returncode != 0, f"the {attempt} build passed with a failing example"
        assert "this example fails on purpose" in result.stdout + result.stderr


def test_a_change_in_lab3_reruns_the_examples(tmp_path):
    project = Project(tmp_path, PROBE)

    result = project.build()
    assert result.returncode == 0, result.stderr
    assert ran(result) and "probe: first" in project.page()
    assert str(project.lab3) in project.page(), "the example imports the copied lab3"

    result = project.build()
    assert result.returncode == 0, result.stderr
    assert not ran(result), "nothing changed: the cached page is kept"

    project.set_probe("second")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert ran(result) and "probe: second" in project.page(), "lab3 changed: the example re-ran"

    # A change in lab3 that breaks the example fails the build, every time.
    project.set_probe(None)
    for attempt in ("first", "second"):
        result = project.build()
        assert result.returncode != 0, f"the {attempt} build after breaking lab3 passed"
        assert "CACHE_PROBE" in result.stdout + result.stderr

    project.set_probe("first")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert ran(result) and "probe: first" in project.page()
