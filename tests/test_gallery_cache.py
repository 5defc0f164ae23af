"""An incremental build publishes exactly what a clean build would, or fails
(docs/_hooks/gallery_guard.py, docs/_hooks/build_cache.py, .ci/serve.py).

mkdocs-gallery re-runs an example only when the script's own MD5 changes. Each
test builds a throwaway project several times over: the real gallery settings
and hooks, small examples, and a package named ``lab3`` first on ``PYTHONPATH`` (the
guard fingerprints the ``lab3`` the examples import, so a small stand-in is
changed instead of the real package). After each change, the incremental build's
site is compared, byte for byte, with a clean build of the same sources. The builds run
in a forked server that has imported MkDocs once (tests/fork_server.py); a test builds
the same project both ways and requires the same site.
"""

from __future__ import annotations

import contextlib
import html
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from fork_server import ForkServer
from mkdocs.utils.yaml import yaml_load
from processes import running
from site_copy import free_port

HOOKS = ROOT / "docs" / "_hooks"
GUARD = "docs/_hooks/gallery_guard.py"
REPRODUCIBLE = "docs/_hooks/reproducible.py"  # the same bytes from two builds
PERF = "docs/_hooks/gallery_perf.py"  # a hook with a cache of its own (palette PNGs)
KILLER = ROOT / "tests" / "kill_at_write.py"
SERVE = ROOT / ".ci" / "serve.py"
SERVE_WATCH = "docs/_hooks/serve_watch.py"  # polls for saved files every 0.1 s
# What every build imports, paid once by the fork server; nothing of lab3.
MKDOCS = """
import matplotlib, matplotlib.pyplot
import mkdocs.__main__, mkdocs.commands.build, mkdocs.config.defaults
import material, mkdocs_gallery.plugin, mkdocs_gallery.gen_gallery
"""

PROBE = '''r"""
Cache probe
===========

Prints a value from lab3 and draws it.
"""

import matplotlib.pyplot as plt

import lab3

print("probe:", lab3.CACHE_PROBE)
plt.plot([0, 1, 2], [0, len(lab3.CACHE_PROBE), 1])
plt.title(lab3.CACHE_PROBE)
'''
OTHER = '''r"""
Another example
===============

Prints its own text.
"""

print("another example")
'''
FAILING = '''r"""
Failing example
===============

Fails on purpose.
"""

raise RuntimeError("this example fails on purpose")
'''


def real_config() -> dict:
    real = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert GUARD in real["hooks"] and real["hooks"][0] == GUARD, "the guard is the first hook"
    return real


def gallery_settings() -> dict:
    plugins = real_config()["plugins"]
    return next(p["gallery"] for p in plugins if isinstance(p, dict) and "gallery" in p)


def stand_in_lab3(folder: Path) -> Path:
    """A small package named lab3 that the examples import instead of the real one: the
    guard keys the examples on whichever lab3 they import, sources and data."""
    lab3 = folder / "lab3"
    (lab3 / "data").mkdir(parents=True)
    (lab3 / "data" / "points.bin").write_bytes(b"\x00\x01")
    (lab3 / "__init__.py").write_text('"""Stands in for lab3."""\n\nCACHE_PROBE = \'first\'\n')
    return lab3


class Project:
    """A small site with the real gallery settings and hooks, some examples, its own lab3."""

    forked = None  # the module's ForkServer, which builds run in (see forked_python)

    def __init__(self, path: Path, examples: dict[str, str], hooks=(GUARD, REPRODUCIBLE),
                 lab3: Path | None = None):
        gallery = gallery_settings()
        self.path = path
        self.examples_dir = path / gallery["examples_dirs"]
        self.out = path / gallery["gallery_dirs"]
        config = {
            "site_name": "gallery cache test",
            "strict": True,
            "theme": {"name": "material"},
            "exclude_docs": real_config()["exclude_docs"],  # what the real site leaves out
            "hooks": list(hooks),
            "plugins": [{"gallery": gallery}],
            "nav": [
                {"Home": "index.md"},
                {"Examples": gallery["gallery_dirs"].removeprefix("docs/")},
            ],
        }
        (path / "docs").mkdir(parents=True)
        (path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        shutil.copytree(HOOKS, path / "docs" / "_hooks",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (path / "docs" / "index.md").write_text("# Gallery cache test\n", encoding="utf-8")
        self.examples_dir.mkdir()
        (self.examples_dir / "README.md").write_text("Examples\n========\n", encoding="utf-8")
        for name, source in examples.items():
            (self.examples_dir / name).write_text(source, encoding="utf-8")
        self.lab3 = lab3 or stand_in_lab3(path / "pkg")

    def set_probe(self, value: str | None) -> None:
        """Give the copied lab3 a ``CACHE_PROBE`` (or none at all, which breaks the probe)."""
        init = self.lab3 / "__init__.py"
        text = init.read_text(encoding="utf-8").split("\nCACHE_PROBE =")[0]
        init.write_text(text + (f"\nCACHE_PROBE = {value!r}\n" if value else ""), encoding="utf-8")

    def env(self) -> dict:
        path = os.pathsep.join([str(self.lab3.parent), os.environ.get("PYTHONPATH", "")])
        return dict(os.environ, PYTHONPATH=path, SOURCE_DATE_EPOCH="315532800")

    def build(self, *, kill_at: int | None = None,
              fresh: bool = False) -> subprocess.CompletedProcess:
        """``mkdocs build``; with ``kill_at``, killed before its N-th change to docs/; with
        ``fresh``, in a process of its own rather than a fork of the module's server."""
        options = ["--strict", "--site-dir", "site"]
        command = ([str(KILLER), str(self.path / "docs"), str(kill_at)]
                   if kill_at is not None else ["-m", "mkdocs", "build"])
        if fresh or self.forked is None:
            return subprocess.run([sys.executable, *command, *options], cwd=self.path,
                                  env=self.env(), capture_output=True, text=True, timeout=600)
        return self.forked.run([*command, *options], self.path, self.env())

    def clean_twin(self, path: Path) -> Project:
        """A new project with the same sources (and the same lab3), never built."""
        sources = {p.name: p.read_text(encoding="utf-8")
                   for p in self.examples_dir.glob("*.py")}
        hooks = yaml.safe_load((self.path / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]
        twin = Project(path, sources, hooks, lab3=self.lab3)
        shutil.rmtree(twin.path / "docs" / "_hooks")
        shutil.copytree(self.path / "docs" / "_hooks", twin.path / "docs" / "_hooks",
                        ignore=shutil.ignore_patterns("__pycache__"))
        return twin

    def page(self, stem: str = "plot_01_probe") -> str:
        """An example's page as mkdocs-gallery wrote it (Markdown, the output unhighlighted)."""
        return (self.out / f"{stem}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module", autouse=True)
def forked_python():
    """The server that this module's builds are forked from."""
    Project.forked = ForkServer(MKDOCS, "MkDocs fork server")
    yield Project.forked
    Project.forked.close()
    Project.forked = None


def ran(result: subprocess.CompletedProcess) -> int:
    """How many examples the build ran (rather than keeping their cached pages)."""
    found = re.search(r"(\d+) of (\d+) examples kept", result.stdout + result.stderr)
    assert found, "the guard's summary changed: update this test"
    return int(found[2]) - int(found[1])


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(built: dict[str, bytes], clean: dict[str, bytes]) -> None:
    """Two sites hold the same files with the same bytes."""
    assert sorted(built) == sorted(clean), "the incremental build published other files"
    differ = [name for name in clean if built[name] != clean[name]]
    assert not differ, f"the incremental build differs from a clean one in {differ}"


def assert_same_as_clean(project: Project, tmp_path: Path) -> None:
    """The project's site equals, byte for byte, a clean build of the same sources."""
    twin = project.clean_twin(tmp_path / "clean")
    ok(twin.build())
    assert_same_site(files(project.path / "site"), files(twin.path / "site"))


def test_a_forked_build_is_a_fresh_process_s_build(tmp_path):
    forked = Project(tmp_path / "forked", {"plot_01_probe.py": PROBE})
    fresh = forked.clean_twin(tmp_path / "fresh")
    for project, how in ((forked, False), (fresh, True)):
        assert ran(ok(project.build(fresh=how))) == 1 and "probe: first" in project.page()
    assert_same_site(files(forked.path / "site"), files(fresh.path / "site"))
    killed = [p.build(kill_at=1, fresh=how) for p, how in ((forked, False), (fresh, True))]
    assert [k.returncode for k in killed] == [-signal.SIGKILL] * 2


def test_a_failing_example_fails_every_build(tmp_path):
    project = Project(tmp_path, {"plot_01_fails.py": FAILING})
    for attempt in ("first", "second"):
        result = project.build()
        assert result.returncode != 0, f"the {attempt} build passed with a failing example"
        assert "this example fails on purpose" in result.stdout + result.stderr


def test_a_change_in_lab3_reruns_the_examples(tmp_path):
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE})
    assert ran(ok(project.build())) == 1 and "probe: first" in project.page()
    assert ran(ok(project.build())) == 0, "nothing changed: the cached page is kept"

    project.set_probe("second")
    assert ran(ok(project.build())) == 1 and "probe: second" in project.page()
    assert_same_as_clean(project, tmp_path)
    (project.lab3 / "data" / "points.bin").write_bytes(b"\x00\x02")
    assert ran(ok(project.build())) == 1, "a data file of lab3 changed: the example re-ran"

    # A change in lab3 that breaks the example fails the build, every time.
    project.set_probe(None)
    for attempt in ("first", "second"):
        result = project.build()
        assert result.returncode != 0, f"the {attempt} build after breaking lab3 passed"
        assert "CACHE_PROBE" in result.stdout + result.stderr


def test_a_deleted_tutorial_is_gone_from_the_site(tmp_path):
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE, "plot_02_other.py": OTHER})
    ok(project.build())
    assert (project.path / "site" / "generated" / "gallery" / "plot_02_other").is_dir()

    (project.examples_dir / "plot_02_other.py").unlink()
    assert ran(ok(project.build())) == 0
    assert not (project.path / "site" / "generated" / "gallery" / "plot_02_other").exists()
    assert_same_as_clean(project, tmp_path)

    # A page that links to the deleted tutorial fails the incremental build, as a clean one.
    (project.path / "docs" / "index.md").write_text(
        "# Home\n\nSee [the other example](generated/gallery/plot_02_other.md).\n")
    result = project.build()
    assert result.returncode != 0 and "plot_02_other.md" in result.stdout + result.stderr


def test_a_change_to_a_hooks_settings_matches_a_clean_build(tmp_path):
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE},
                      hooks=(GUARD, REPRODUCIBLE, PERF))
    ok(project.build())
    perf = project.path / PERF
    text = perf.read_text(encoding="utf-8")
    setting = re.search(r"^MIN_PSNR = .*$", text, re.M)
    assert setting, "gallery_perf.py has no MIN_PSNR setting any more: update this test"
    perf.write_text(text.replace(setting[0], "MIN_PSNR = 1000.0"), encoding="utf-8")
    ok(project.build())  # no figure is close enough to its palette copy now: none converted
    assert_same_as_clean(project, tmp_path)


# A build killed at any change it makes, then built again, publishes what a clean
# build does. The probe's script changes between the first build and the killed one.
# Each kill point is a change the build makes, as tests/kill_at_write.py logs it;
# the guard's removals (one per stale file) are represented by the first and the last.
OUT = r"generated/gallery/"
KILL_POINTS = {
    "guard removes its first stale file": "first os.remove",
    "guard removes its last stale file": "last os.remove",
    "script copied": rf"open {OUT}plot_01_probe\.py",
    "figure": rf"open {OUT}images/mkd_glr_plot_01_probe_001\.png",
    "md5": rf"open {OUT}plot_01_probe\.py\.md5",
    "page written": rf"open {OUT}plot_01_probe\.md\.new",
    "page in place": rf"os\.rename {OUT}plot_01_probe\.md\.new",
    "thumbnail": rf"open {OUT}images/thumb/mkd_glr_plot_01_probe_thumb\.png",
    "notebook written": rf"open {OUT}plot_01_probe\.ipynb\.new",
    "notebook in place": rf"os\.rename {OUT}plot_01_probe\.ipynb\.new",
    "code objects written": rf"open {OUT}plot_01_probe_codeobj\.pickle\.new",
    "code objects in place": rf"os\.rename {OUT}plot_01_probe_codeobj\.pickle\.new",
    "run times": rf"open {OUT}mg_execution_times\.md",
    "index written": rf"open {OUT}index\.md\.new",
    "index in place": rf"os\.rename {OUT}index\.md\.new",
    "scripts zip written": rf"open {OUT}gallery_python\.zip\.new",
    "scripts zip in place": rf"os\.rename {OUT}gallery_python\.zip\.new",
    "notebooks zip written": rf"open {OUT}gallery_jupyter\.zip\.new",
    "notebooks zip in place": rf"os\.rename {OUT}gallery_jupyter\.zip\.new",
    "manifest written": rf"open {OUT}\.manifest\.json\.part",
    "manifest in place": rf"os\.rename {OUT}\.manifest\.json\.part",
}
V2 = PROBE + "\nprint('v2')\n"


@pytest.fixture(scope="module")
def probe_lab3(tmp_path_factory) -> Path:
    """One stand-in lab3 for the module's kill tests."""
    return stand_in_lab3(tmp_path_factory.mktemp("pkg"))


@pytest.fixture(scope="module")
def built_v1(tmp_path_factory, probe_lab3) -> Project:
    """A project built once with the first version of the probe (copied by each test)."""
    project = Project(tmp_path_factory.mktemp("v1") / "p", {"plot_01_probe.py": PROBE},
                      lab3=probe_lab3)
    ok(project.build())
    return project


@pytest.fixture(scope="module")
def clean_v2(tmp_path_factory, built_v1) -> dict[str, bytes]:
    """The site of a clean build of the second version."""
    twin = built_v1.clean_twin(tmp_path_factory.mktemp("v2") / "p")
    (twin.examples_dir / "plot_01_probe.py").write_text(V2, encoding="utf-8")
    ok(twin.build())
    return files(twin.path / "site")


@pytest.fixture(scope="module")
def changes(tmp_path_factory, built_v1) -> list[str]:
    """The changes under docs/ that a build of the second version makes, in order."""
    project = copy_of(built_v1, tmp_path_factory.mktemp("log"))
    result = ok(project.build(kill_at=0))
    return re.findall(r"^change: (.*)$", result.stderr, re.M)


def copy_of(project: Project, dest: Path) -> Project:
    """A copy of a built project, with the probe's script changed to the second version."""
    shutil.copytree(project.path, dest / "p", symlinks=True)
    copy = Project.__new__(Project)
    copy.__dict__.update(project.__dict__)
    for name in ("examples_dir", "out"):
        setattr(copy, name, dest / "p" / getattr(project, name).relative_to(project.path))
    copy.path = dest / "p"
    (copy.examples_dir / "plot_01_probe.py").write_text(V2, encoding="utf-8")
    return copy


def kill_index(changes: list[str], point: str) -> int:
    """The 1-based position of a kill point among a build's changes."""
    removals = [i for i, change in enumerate(changes, 1) if change.startswith("os.remove ")]
    if point in ("first os.remove", "last os.remove"):
        assert removals, f"the guard removed nothing: {changes}"
        return removals[0] if point.startswith("first") else removals[-1]
    found = [i for i, change in enumerate(changes, 1) if re.fullmatch(point, change)]
    assert len(found) == 1, f"{point!r} is not one change of the build: {changes}"
    return found[0]


def test_every_change_of_a_build_is_a_kill_point(changes):
    points = [p for p in KILL_POINTS.values() if " " in p and not p.endswith("os.remove")]
    unmatched = [c for c in changes if not c.startswith("os.remove ")
                 and not any(re.fullmatch(p, c) for p in points)]
    assert not unmatched, f"changes no kill point covers: {unmatched}"


@pytest.mark.parametrize("point", list(KILL_POINTS.values()), ids=list(KILL_POINTS))
def test_a_build_killed_at_any_change_is_followed_by_an_exact_one(point, changes, built_v1,
                                                                   clean_v2, tmp_path):
    project = copy_of(built_v1, tmp_path)
    killed = project.build(kill_at=kill_index(changes, point))
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    ok(project.build())
    assert "v2" in project.page()
    assert_same_site(files(project.path / "site"), clean_v2)


# `make serve` (.ci/serve.py): a change in lab3 restarts the server, whose examples then
# show the new lab3; a server process never runs them against the lab3 it imported.
REBUILD_IN_ONE_PROCESS = """
import logging
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig()  # MkDocs logs why a build failed
build(load_config("mkdocs.yml", site_dir="site"))  # as `mkdocs serve` builds, then rebuilds
init = Path(sys.argv[1])
init.write_text(init.read_text() + "\\nCACHE_PROBE = 'changed while serving'\\n")
build(load_config("mkdocs.yml", site_dir="site"))
"""


def test_a_server_process_refuses_to_run_the_examples_against_an_old_lab3(tmp_path):
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE})
    result = subprocess.run(
        [sys.executable, "-c", REBUILD_IN_ONE_PROCESS, str(project.lab3 / "__init__.py")],
        cwd=project.path, env=project.env(), capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "lab3 or the hooks changed on disk since this process imported" in result.stderr
    assert "probe: first" in project.page(), "the failed rebuild left the first run's page"
    assert ran(ok(project.build())) == 1 and "changed while serving" in project.page()
    assert_same_as_clean(project, tmp_path)


def fetch_text(url: str) -> str:
    """The text of a served page, without its tags ("" while it cannot be had)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(re.sub(r"<[^>]*>", "", response.read().decode()))
    except OSError:
        return ""


def wait_for(url: str, text: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        if text in fetch_text(url):
            return
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {timeout} s")


def serving_on(port: int) -> list[int]:
    """The processes whose command line names the address ``127.0.0.1:<port>``."""
    return [pid for pid, argv in running().items() if f"127.0.0.1:{port}" in argv]


def wait_for_line(stream, text: str, timeout: float = 120) -> None:
    """Read ``stream`` (text) until a line holds ``text``; fail after ``timeout`` seconds."""
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    deadline = time.monotonic() + timeout
    while text not in lines.get(timeout=max(deadline - time.monotonic(), 0.01)):
        pass


def test_make_serve_restarts_when_lab3_changes(tmp_path):
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(SERVE), "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.path, env=project.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    page = f"http://127.0.0.1:{port}/generated/gallery/plot_01_probe/"
    try:
        wait_for(page, "probe: first", server)
        project.set_probe("second")
        wait_for(page, "probe: second", server)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()
    assert output.count("lab3 or a hook changed; restarting the server") == 1, output
    assert ran(ok(project.build())) == 0, "the server's last build is trusted as it is"
    assert_same_as_clean(project, tmp_path)


def test_make_serve_rebuilds_a_saved_page_once(tmp_path):
    """A save is rebuilt once, and the rebuild's own writes (the gallery's output, under
    docs/) start no other: the polling observer of serve_watch.py gets the gallery's
    filter too."""
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE},
                      hooks=(GUARD, REPRODUCIBLE, SERVE_WATCH))
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, str(SERVE), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project.path, env=project.env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/generated/gallery/plot_01_probe/", "probe: first",
                 server)
        time.sleep(2)
        assert "Detected file changes" not in log.read_text(), "a rebuild with no change"
        index = project.path / "docs" / "index.md"
        index.write_text(index.read_text() + "\nsaved word\n", encoding="utf-8")
        wait_for(f"http://127.0.0.1:{port}/", "saved word", server)
        time.sleep(2)
        assert log.read_text().count("Detected file changes") == 1, log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("when, signum", [
    ("serving", signal.SIGTERM),  # `kill`, a process manager
    ("restarting", signal.SIGINT),  # Ctrl-C just as lab3 changed
], ids=["SIGTERM while serving", "SIGINT while restarting"])
def test_make_serve_stopped_by_a_signal_leaves_no_server(tmp_path, when, signum):
    project = Project(tmp_path / "p", {"plot_01_probe.py": PROBE})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(SERVE), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.path, env=project.env(), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    page = f"http://127.0.0.1:{port}/generated/gallery/plot_01_probe/"
    try:
        wait_for(page, "probe: first", server)
        if when == "restarting":
            project.set_probe("second")
            wait_for_line(server.stderr, "restarting the server")
        server.send_signal(signum)  # to the script alone, as `kill` sends it
        assert server.wait(timeout=30) == 0
        assert not serving_on(port), "the MkDocs server outlived `make serve`"
        assert fetch_text(page) == ""
    finally:
        if server.poll() is None:
            server.kill()
        for pid in serving_on(port):  # a server that outlived the script, if any
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
