"""Two builds of one commit give the same bytes.

- ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/)
  is the time of the last commit, unless it is set already. MkDocs dates the
  sitemap and its gzip header with it; matplotlib dates SVG and PDF files.
- matplotlib names SVG clip paths with a random salt unless ``svg.hashsalt``
  is set; it is set in the defaults too, which mkdocs-gallery restores before
  each example (``plt.rcdefaults()``).
- Zip files (the gallery's downloads) store each file's mtime, and their
  order comes from the file system: they are rewritten with sorted entries
  dated ``SOURCE_DATE_EPOCH``.

tests/test_reproducible.py builds twice and compares every file.
"""

from __future__ import annotations

import os
import subprocess
import time
import zipfile
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
FALLBACK_EPOCH = 315532800  # 1980-01-01, the earliest date a zip file can hold
SVG_HASHSALT = "lab3"


def _last_commit_time() -> int:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return FALLBACK_EPOCH  # not a git checkout, e.g. the tests' copies


def normalize_zip(path: Path, epoch: int) -> None:
    """Rewrite a zip file with sorted entries, all dated ``epoch``, mode 0644."""
    stamp = time.gmtime(max(epoch, FALLBACK_EPOCH))[:6]
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in sorted(entries, key=lambda entry: entry[0].filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = (0o40755 << 16) | 0x10 if info.is_dir() else 0o644 << 16
            dst.writestr(fixed, data)


@event_priority(100)  # before any plugin draws a figure
def on_config(config, **kwargs):
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_last_commit_time()))
    import matplotlib

    for params in (matplotlib.rcParams, matplotlib.rcParamsDefault):
        params["svg.hashsalt"] = SVG_HASHSALT


@event_priority(-100)  # after any other hook has written its files
def on_post_build(config, **kwargs):
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    for path in sorted(Path(config["site_dir"]).rglob("*.zip")):
        normalize_zip(path, epoch)
