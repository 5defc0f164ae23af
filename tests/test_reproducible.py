"""Two clean builds of the same sources give the same bytes (docs/_hooks/reproducible.py).

The session's site is one build; a second is made here from another clean
copy of the same sources, in another directory, by another process (another
hash seed, other file times), and that process then rebuilds the site as
``mkdocs serve`` does, with its memos and the gallery's kept examples. Every
file is compared; only the allowlist below may differ.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from fnmatch import fnmatch

import pytest
from conftest import GATES, copy_sources

pytestmark = pytest.mark.site

# path pattern -> why it may differ between two builds. Keep it short.
ALLOWLIST: dict[str, str] = {}
# Files that used to differ, each for its own reason: they must be compared.
MUST_COMPARE = [
    "sitemap.xml",
    "sitemap.xml.gz",
    "search/search_index.json",
    "generated/gallery/gallery_python.zip",
    "generated/gallery/gallery_jupyter.zip",
    "**/*.ipynb",
]


def files(site):
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def explain(first, second) -> str:
    a, b = first.read_bytes(), second.read_bytes()
    try:
        diff = difflib.unified_diff(
            a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0
        )
        return "\n      ".join(list(diff)[2:8])
    except UnicodeDecodeError:
        offset = (
            next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
            if len(a) == len(b)
            else min(len(a), len(b))
        )
        return f"{len(a)} vs {len(b)} bytes, first difference at byte {offset}"


# A clean build, then a rebuild in the same process, as `mkdocs serve` rebuilds (the
# hooks' per-process memos, the gallery's kept examples).
BUILD_TWICE = """
import logging
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig()  # MkDocs logs why a build failed
for site in sys.argv[1:]:
    build(load_config("mkdocs.yml", site_dir=site))
"""


def compare(first, second, what: str) -> tuple[list[str], list[str]]:
    """The files of two sites that differ, and those of them the allowlist allows."""
    names = files(first)
    assert names == files(second), f"{what}: different files: {sorted(names ^ files(second))}"
    differ = sorted(n for n in names if (first / n).read_bytes() != (second / n).read_bytes())
    allowed = [n for n in differ if any(fnmatch(n, pattern) for pattern in ALLOWLIST)]
    unexpected = [n for n in differ if n not in allowed]
    assert not unexpected, f"differ between {what}:\n" + "\n".join(
        f"  {n}:\n      {explain(first / n, second / n)}" for n in unexpected
    )
    return differ, allowed


def test_two_builds_and_a_rebuild_give_the_same_bytes(request, tmp_path):
    # The second build first, from its own copy of the sources, while another
    # worker may be making the session's site; then the session's site.
    project = copy_sources(tmp_path / "project")
    second, rebuilt = project / "site", project / "site-rebuilt"
    result = subprocess.run([sys.executable, "-c", BUILD_TWICE, str(second), str(rebuilt)],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built_site = request.getfixturevalue("built_site")

    names = files(built_site)
    for pattern in MUST_COMPARE:
        assert any(fnmatch(name, pattern) for name in names), f"no {pattern} in the site"
    differ, allowed = compare(built_site, second, "two builds")
    GATES["reproducible"] = (
        f"{len(names)} files compared between two builds, {len(differ)} differ "
        f"({len(allowed)} allowed by {len(ALLOWLIST)} allowlist entries: {sorted(ALLOWLIST)}); "
        "a rebuild in the same process compared too"
    )
    compare(second, rebuilt, "a build and its rebuild in one process")
