"""Two clean builds of the same sources give the same bytes (docs/_hooks/reproducible.py).

The session's site is one build; a second is made here from another clean
copy of the same sources, in another directory, by another process (another
hash seed, other file times). Every file is compared; only the allowlist
below may differ.
"""

from __future__ import annotations

import difflib
from fnmatch import fnmatch

import pytest
from conftest import GATES, build_site, copy_sources

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


def test_two_builds_give_the_same_bytes(request, tmp_path):
    # The second build first, from its own copy of the sources, while another
    # worker may be making the session's site; then the session's site.
    project = copy_sources(tmp_path / "project")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    second = project / "site"
    built_site = request.getfixturevalue("built_site")

    names = files(built_site)
    assert names == files(second), f"different files: {sorted(names ^ files(second))}"
    for pattern in MUST_COMPARE:
        assert any(fnmatch(name, pattern) for name in names), f"no {pattern} in the site"
    differ = sorted(n for n in names if (built_site / n).read_bytes() != (second / n).read_bytes())
    allowed = [n for n in differ if any(fnmatch(n, pattern) for pattern in ALLOWLIST)]
    GATES["reproducible"] = (
        f"{len(names)} files compared between two builds, {len(differ)} differ "
        f"({len(allowed)} allowed by {len(ALLOWLIST)} allowlist entries: {sorted(ALLOWLIST)})"
    )
    unexpected = [n for n in differ if n not in allowed]
    assert not unexpected, "differ between two builds:\n" + "\n".join(
        f"  {n}:\n      {explain(built_site / n, second / n)}" for n in unexpected
    )
