"""Shared fixtures: the site is built once per test session, from scratch.

The build runs on a throwaway copy of the project's docs sources, so that no
gallery output cached by an earlier local build can stand in for a fresh run.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py


def copy_sources(dest: Path) -> Path:
    """Copy what `mkdocs build` reads into ``dest``, leaving out build output."""
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "gallery", dest / "gallery")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("generated"))
    return dest


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Path of a site built strictly from a clean copy of the sources."""
    project = copy_sources(tmp_path_factory.mktemp("project"))
    site = project / "site"
    result = build_site(project, site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site
