"""Build the lab3 wheel with the site, so students install what the tutorials import.

The wheel is built from a copy of the package's sources (``pyproject.toml``,
``README.md``, ``lab3/``) in a temporary folder, so the build leaves nothing in
the project, and is published as ``downloads/<wheel name>``. The sources are
those beside ``mkdocs.yml`` or, when the site is built from a copy of the docs
alone (as the tests do), those of the ``lab3`` that this Python imports.

``pip wheel`` takes most of a second, so the wheel is kept in
``docs/generated/.wheel/<key>/``, keyed by the sources' bytes, the Python and
setuptools versions and SOURCE_DATE_EPOCH (its files' dates): a rebuild whose
package did not change only copies it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import lab3
from fingerprint import lab3_fingerprint  # docs/_hooks/fingerprint.py

log = logging.getLogger("mkdocs.hooks.wheel")

DEST = "downloads"
SOURCES = ("pyproject.toml", "README.md", "lab3")
CACHE = Path(__file__).resolve().parents[1] / "generated" / ".wheel"

_workdir: Path | None = None


def project_root(config) -> Path:
    """The folder holding pyproject.toml and the lab3 package."""
    here = Path(config.config_file_path).resolve().parent
    for folder in (here, Path(lab3.__file__).resolve().parents[1]):
        if all((folder / name).exists() for name in SOURCES):
            return folder
    raise PluginError(f"wheel: no pyproject.toml with a lab3 package beside {here} "
                      "or the imported lab3")


def sources_key(root: Path) -> str:
    """What the wheel's bytes depend on, hashed: the package (its one fingerprint),
    the project's metadata files and the tools."""
    digest = hashlib.sha256(lab3_fingerprint(root / "lab3").encode())
    for name in SOURCES:
        if name != "lab3":
            digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    tools = (sys.version, importlib.metadata.version("setuptools"),
             os.environ.get("SOURCE_DATE_EPOCH", ""))
    digest.update(repr(tools).encode())
    return digest.hexdigest()[:32]


def cached_wheel(root: Path, workdir: Path) -> Path:
    """The wheel of the sources in ``root``: from the cache, or built and cached."""
    entry = CACHE / sources_key(root)
    wheels = list(entry.glob("lab3-*.whl"))
    if len(wheels) != 1:
        built = build_wheel(root, workdir)
        partial = CACHE / f"{entry.name}.part"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        shutil.copy2(built, partial / built.name)
        shutil.rmtree(entry, ignore_errors=True)
        partial.rename(entry)
        wheels = [entry / built.name]
    for stale in CACHE.iterdir():
        if stale.name != entry.name:
            shutil.rmtree(stale, ignore_errors=True)
    return wheels[0]


def build_wheel(root: Path, workdir: Path) -> Path:
    """``pip wheel`` on a clean copy of the sources; returns the .whl path."""
    src, dist = workdir.resolve() / "src", workdir.resolve() / "dist"
    src.mkdir()
    for name in SOURCES:
        if (root / name).is_dir():
            shutil.copytree(root / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(root / name, src / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(dist), str(src)],
        capture_output=True, text=True,
    )
    wheels = list(dist.glob("lab3-*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        raise PluginError(f"wheel: pip wheel failed:\n{result.stdout}\n{result.stderr}")
    return wheels[0]


def on_files(files, config, **kwargs):
    global _workdir
    _cleanup()
    _workdir = Path(tempfile.mkdtemp(prefix="lab3-wheel-"))
    wheel = cached_wheel(project_root(config), _workdir)
    log.info("wheel %s", wheel.name)
    files.append(File.generated(config, f"{DEST}/{wheel.name}", abs_src_path=str(wheel)))
    return files


def _cleanup(**kwargs):
    global _workdir
    if _workdir is not None:
        shutil.rmtree(_workdir, ignore_errors=True)
        _workdir = None


on_post_build = _cleanup
on_build_error = _cleanup
