"""Keep mkdocs-gallery's cache honest.

mkdocs-gallery re-runs an example only when the script's own MD5 changes. This
hook, run before the gallery plugin, forgets those MD5s when they cannot be
trusted, so the examples run again:

- when anything the examples import changed: the ``lab3`` package they
  import (sources and data), or the versions of torch, numpy and matplotlib (the fingerprint);
- for any example whose generated page holds a traceback (a failed run).

The fingerprint is written only after a build that succeeded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
from importlib.metadata import version
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.gallery_guard")

ROOT = Path(__file__).resolve().parents[2]
GALLERY_OUT = ROOT / "docs" / "generated" / "gallery"
STAMP = GALLERY_OUT / ".lab3-fingerprint"
TRACEBACK_MARK = "Traceback (most recent call last)"


def fingerprint() -> str:
    """SHA-256 over the lab3 package files and the versions of its dependencies."""
    digest = hashlib.sha256()
    for name in ("torch", "numpy", "matplotlib"):
        digest.update(f"{name}=={version(name)}\n".encode())
    package = Path(importlib.util.find_spec("lab3").origin).parent  # what the examples import
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _forget(md5_files) -> int:
    count = 0
    for md5 in md5_files:
        md5.unlink(missing_ok=True)
        count += 1
    return count


@event_priority(100)  # before the gallery plugin's on_pre_build
def on_pre_build(config, **kwargs):
    if not GALLERY_OUT.exists():
        return
    stamp = STAMP.read_text() if STAMP.exists() else ""
    if stamp != fingerprint():
        n = _forget(GALLERY_OUT.rglob("*.py.md5"))
        log.info("lab3 or its dependencies changed: %d gallery examples will re-run", n)
        STAMP.unlink(missing_ok=True)
    for page in GALLERY_OUT.rglob("*.md"):
        if TRACEBACK_MARK in page.read_text(encoding="utf-8"):
            md5 = page.with_suffix(".py.md5")
            _forget([md5])
            log.info("%s failed last time: it will re-run", page.name)


def on_post_build(config, **kwargs):
    GALLERY_OUT.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(fingerprint())
