"""No broken link or anchor within the built site, by LinkChecker.

The site is served on 127.0.0.1 (as GitHub Pages serves it: directory URLs
answer with their index.html) and every page is a starting point, so pages
that nothing links to are checked too. Links to other sites are not followed:
the tests run offline.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GATES, require, serve

pytestmark = pytest.mark.site

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
CONFIG = Path(__file__).with_name("linkcheckerrc")


def not_root() -> list[str]:
    """The command prefix that keeps LinkChecker from running as root.

    As root, LinkChecker switches to the user nobody, who cannot read a
    virtual environment inside a private folder (``mktemp -d``), and then
    quietly loads no plugin, so no anchor is checked. In a user namespace
    that maps root to an ordinary user id it keeps root's access to the
    files but is not root, so it switches to nobody no more.
    """
    if os.geteuid() != 0:
        return []
    require(shutil.which("unshare") is not None, "unshare",
            "apt-get install util-linux (LinkChecker must not run as root)")
    return ["unshare", "--user", "--map-user=1000", "--map-group=1000"]


def check_links(site: Path, base: str) -> tuple[list[dict], list[str]]:
    """LinkChecker's rows for every link of every page; and the broken ones, explained."""
    require(LINKCHECKER.exists(), "LinkChecker", "pip install linkchecker (in the test extra)")
    pages = sorted(base + p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    result = subprocess.run(
        [
            *not_root(),
            str(LINKCHECKER),
            "--config",
            str(CONFIG),
            "--no-status",
            "--verbose",
            "--output",
            "csv",
            *pages,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    assert rows, f"LinkChecker reported nothing:\n{result.stderr}"

    def where(row):
        page = row["parentname"].removeprefix(base) or "(start)"
        return f"{page}, line {row['line']}: {row['urlname']}"

    broken = [f"{where(r)}: {r['result']}" for r in rows if r["valid"] != "True"]
    broken += [
        f"{where(r)}: {r['warningstring'].splitlines()[0]}"
        for r in rows
        if "Anchor" in r["warningstring"]
    ]
    return rows, broken


def test_the_checker_finds_a_broken_link_and_a_broken_anchor(tmp_path):
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Top</h1><a href="#top">ok</a>'
        ' <a href="page/#nowhere">anchor</a> <a href="gone/">gone</a>'
    )
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text('<h1 id="here">Page</h1><a href="../#top">ok</a>')
    with serve(tmp_path) as (base, _):
        _, broken = check_links(tmp_path, base)
    assert len(broken) == 2, broken
    assert any("gone/" in b and "404" in b for b in broken)
    assert any("page/#nowhere" in b and "Anchor" in b for b in broken)


def test_no_broken_links_or_anchors(built_site, site_server):
    rows, broken = check_links(built_site, site_server)
    inside = [r for r in rows if r["url"].startswith(site_server)]
    inline = [r for r in rows if r["url"].startswith("data:")]
    pages = len(list(built_site.rglob("*.html")))
    GATES["links"] = (
        f"{len(inside)} links within the site checked, from {pages} pages "
        f"({len(rows) - len(inside) - len(inline)} links to other sites not followed)"
    )
    assert not broken, "\n".join(broken)
