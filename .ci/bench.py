"""Build benchmark: how much the gallery machinery and a rebuild cost, how heavy a page is.

    python .ci/bench.py [--runs 5] [--with-tests] [--no-pages] [--no-serve] [--keep] [--json FILE]
    python .ci/bench.py --only serve|tests|imports [--runs 5]
    python .ci/bench.py --only test-cpu [-- PYTEST ARGS]
    python .ci/bench.py --only pages [--site DIR]

Every build runs on a throwaway copy of the sources (as the tests do), one after
another on this machine, and each time is the median of ``--runs`` runs (default 5):

- clean:     ``mkdocs build`` of a fresh copy (no gallery output: every script
             runs; and no other build cache under ``docs/generated/``);
- rebuild:   the same build again, nothing changed;
- bare cold: the same site, gallery pages already generated, without the
             gallery plugin and its cache hook (``--bare-build``), and with the
             other hooks' caches removed (the cut fonts, the palette figures, the
             wheel), as a clean build finds them: MkDocs' share of a clean build;
- bare:      the same again, those caches kept, as a rebuild finds them: the
             cost of MkDocs alone;
- scripts:   one Python process that runs every gallery script (runpy, Agg).

It prints ``P1 clean/floor`` (clean ÷ (bare cold + scripts); goal ≤ 1.15),
``P2 rebuild/bare`` (goal ≤ 1.3), the bytes a cold load of each page transfers
(served on 127.0.0.1, with no HTTP cache and no stored data; goal ≤ 600 KiB), the
site's interactive JavaScript, gzipped (its own scripts and any plugin's, not the
theme's; goal ≤ 30 KiB in all; ``tests/page_weight.py``, which the tests hold
to both goals) and, with
``--with-tests``, the wall time of ``make test``, how busy the machine's cores
were meanwhile and the CPU time that makes; ``--only test-cpu`` runs the tests one
at a time and prints the CPU each file and the costliest tests take (Chromium and
subprocesses included: ``.ci/cpu_per_test.py``); and (unless ``--no-serve``)
``serve edit-to-reload``: from saving a one-word edit to a theory page until
``make serve`` serves it (goal <= 1.5 s); and the start-up of the student's
commands, ``python -m lab3 variant`` and a typed ``check``, against
``python -c "import numpy"`` (goal <= 3 times). A report, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # tests/chromium.py and tests/site_copy.py, shared
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from page_weight import JS_BUDGET, PAGE_BUDGET, interactive_js, page_weights  # noqa: E402
from site_copy import copy_sources, free_port, serve, site_pages  # noqa: E402,F401

from cpu_per_test import cpu_ticks  # noqa: E402  (.ci/, this script's folder)

GALLERY_PLUGIN = "gallery"
GALLERY_HOOKS = ("gallery_guard.py",)
# Sources and builds ---------------------------------------------------------


def timed(cmd, cwd) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of ``cmd`` run in ``cwd``, first on the Python path.

    CPU time hardly moves when other work shares the machine; wall time does.
    """
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(cwd), os.environ.get("PYTHONPATH")])),
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(
            f"failed: {' '.join(map(str, cmd))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def mkdocs_build(project: Path, site: Path) -> tuple[float, float]:
    return timed(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project
    )


def scripts_runner(scripts) -> str:
    """Python source that runs every gallery script in one process, as the gallery does."""
    return (
        "import matplotlib, runpy, os, tempfile\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "plt.show = lambda *a, **k: None\n"
        "os.chdir(tempfile.mkdtemp())\n"
        f"for script in {[str(s) for s in scripts]!r}:\n"
        "    runpy.run_path(script, run_name='__main__')\n"
        "    plt.close('all')\n"
    )


def _raw_config(project: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load

    with open(project / "mkdocs.yml", encoding="utf-8") as fd:
        return yaml_load(fd)


def _name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def dump_nav(project: Path, out: Path) -> None:
    """Write the nav the gallery plugin expands (from a cached gallery: nothing re-runs)."""
    from mkdocs.config import load_config

    os.chdir(project)
    cfg = load_config(str(project / "mkdocs.yml"))
    cfg = cfg.plugins.on_config(cfg)
    cfg.plugins.on_pre_build(config=cfg)
    out.write_text(json.dumps(cfg["nav"]))


def bare_build(project: Path, site: Path, nav_file: Path) -> None:
    """Build ``project`` without the gallery plugin and its hook, over the generated pages.

    Everything else the gallery plugin contributes to the site is kept, so that
    the pages come out the same: its expanded nav, its Markdown extensions and
    its stylesheets.
    """
    from importlib.util import find_spec

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    raw = _raw_config(project)
    plugins = [p for p in raw.get("plugins", []) if _name(p) != GALLERY_PLUGIN]
    hooks = [h for h in raw.get("hooks", []) if Path(h).name not in GALLERY_HOOKS]
    static = Path(find_spec("mkdocs_gallery").submodule_search_locations[0]) / "static"
    gallery_css = [n for n in os.listdir(static) if n.endswith(".css")]  # its order
    extensions = list(raw.get("markdown_extensions", []))
    have = {_name(e) for e in extensions}
    from material.extensions.emoji import to_svg, twemoji  # what mkdocs-gallery adds

    for ext in (
        "attr_list",
        "admonition",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.snippets",
        {"pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg}},
    ):
        if _name(ext) not in have:
            extensions.append(ext)
    os.chdir(project)
    cfg = load_config(
        str(project / "mkdocs.yml"),
        strict=True,
        site_dir=str(site),
        plugins=plugins,
        hooks=hooks,
        markdown_extensions=extensions,
        nav=json.loads(nav_file.read_text()),
        extra_css=list(raw.get("extra_css", [])) + gallery_css,
    )
    cfg.theme.dirs.append(str(static))
    build(cfg)


# Pages ------------------------------------------------------------------------


def print_weights(rows) -> None:
    kinds = ["html", "css", "js", "font", "image", "json", "other"]
    print(
        f"{'page':52s} {'req':>4s} "
        + " ".join(f"{k:>6s}" for k in kinds)
        + f" {'KiB':>7s} {'gz KiB':>7s}"
    )
    for r in sorted(rows, key=lambda r: -r["total"]):
        print(
            f"{r['page'][:52]:52s} {r['requests']:4d} "
            + " ".join(f"{r.get(k, 0) / 1024:6.0f}" for k in kinds)
            + f" {r['total'] / 1024:7.1f} {r['gzip'] / 1024:7.1f}"
        )
    top = max(rows, key=lambda r: r["total"])
    print(
        f"heaviest page = {top['page']}: {top['total'] / 1024:.0f} KiB "
        f"({top['gzip'] / 1024:.0f} KiB gzipped) (goal <= {PAGE_BUDGET // 1024} KiB)"
    )


def print_js(site: Path) -> int:
    """The site's interactive JavaScript, file by file, and its gzipped total."""
    scripts = interactive_js(site)
    for path, size in scripts.items():
        print(f"  {path:60s} {size / 1024:6.1f} KiB gzipped")
    total = sum(scripts.values())
    print(f"interactive JS = {total / 1024:.1f} KiB gzipped in {len(scripts)} files "
          f"(goal <= {JS_BUDGET // 1024} KiB)")
    return total


def weigh(site: Path | None) -> dict:
    """Page weights and interactive JavaScript of ``site``, or of a clean build of the sources."""
    work = None
    if site is None:
        work = Path(tempfile.mkdtemp(prefix="lab3-bench-pages-"))
        project = copy_sources(work)
        site = project / "site"
        mkdocs_build(project, site)
    try:
        rows = page_weights(site)
        print_weights(rows)
        return {"pages": rows, "interactive_js_gzip": print_js(site)}
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


# Main -------------------------------------------------------------------------


def test_cpu(pytest_args: list[str], top: int = 20) -> dict:
    """Run the tests (``pytest_args``, default all) one at a time with .ci/cpu_per_test.py and
    print the CPU seconds of each file and of the ``top`` costliest tests. The site's
    build, in the background, counts towards the tests that run meanwhile."""
    with tempfile.TemporaryDirectory(prefix="lab3-bench-cpu-") as work:
        out = Path(work) / "cpu.json"
        env = {**os.environ, "LAB3_TEST_CPU": str(out),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / ".ci"),
                                                           os.environ.get("PYTHONPATH")]))}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "cpu_per_test",
                              *pytest_args], cwd=ROOT, env=env, capture_output=True, text=True)
        if run.returncode:
            print("\n".join((run.stdout + run.stderr).splitlines()[-40:]))
        rows = json.loads(out.read_text()) if out.exists() else []
    files: dict[str, float] = {}
    for test, cpu, _ in rows:
        file = test.split("::")[0]
        files[file] = files.get(file, 0.0) + cpu
    print(f"{len(rows)} tests: {sum(files.values()):.0f} CPU-s in all"
          + (f" (FAILED, exit {run.returncode})" if run.returncode else ""))
    for name, cpu in sorted(files.items(), key=lambda kv: -kv[1]):
        print(f"  {cpu:7.1f}  {name}")
    print(f"the {top} costliest tests (CPU s, wall s):")
    for test, cpu, wall in sorted(rows, key=lambda row: -row[1])[:top]:
        print(f"  {cpu:7.1f} {wall:7.1f}  {test}")
    return {"files": files, "tests": rows}


def benchmark(runs: int, pages: bool, keep: bool) -> dict:
    times: dict[str, list[tuple[float, float]]] = {
        "clean": [],
        "rebuild": [],
        "bare cold": [],
        "bare": [],
        "scripts": [],
    }
    work = Path(tempfile.mkdtemp(prefix="lab3-bench-"))
    nav_file = work / "nav.json"
    site = None
    try:
        for i in range(runs):
            project = work / f"run{i}"
            project.mkdir()
            copy_sources(project, snapshot_package=True)
            scripts = sorted((project / "gallery").rglob("plot_*.py"))
            site = project / "site"
            times["clean"].append(mkdocs_build(project, site))
            times["rebuild"].append(mkdocs_build(project, site))
            if not nav_file.exists():
                timed(
                    [sys.executable, __file__, "--dump-nav", str(project), str(nav_file)], project
                )
            bare = [
                sys.executable,
                __file__,
                "--bare-build",
                str(project),
                str(project / "site-bare"),
                str(nav_file),
            ]
            for cache in (project / "docs" / "generated").iterdir():
                if cache.is_dir() and cache.name != "gallery":  # the other hooks
                    shutil.rmtree(cache)
            times["bare cold"].append(timed(bare, project))
            times["bare"].append(timed(bare, project))
            times["scripts"].append(timed([sys.executable, "-c", scripts_runner(scripts)], project))
            print(
                f"run {i + 1}/{runs} (wall/cpu s): "
                + "  ".join(f"{k} {v[-1][0]:.2f}/{v[-1][1]:.2f}" for k, v in times.items()),
                flush=True,
            )
        result = {}
        for axis, label in ((0, "wall"), (1, "cpu")):
            med = {k: statistics.median(t[axis] for t in v) for k, v in times.items()}
            floor = med["bare cold"] + med["scripts"]
            result[label] = {
                "median_s": med,
                "P1": med["clean"] / floor,
                "P1_warm_floor": med["clean"] / (med["bare"] + med["scripts"]),
                "P2": med["rebuild"] / med["bare"],
            }
            print(
                f"median {label}: "
                + "  ".join(f"{k} {v:.2f}s" for k, v in med.items())
                + f"  floor {floor:.2f}s"
            )
        wall, cpu = result["wall"], result["cpu"]
        print(f"P1 clean/floor = {wall['P1']:.2f}  (goal <= 1.15; CPU time: {cpu['P1']:.2f})")
        print(f"   clean/(bare + scripts) = {wall['P1_warm_floor']:.2f}: the floor with the "
              "other hooks' caches warm, which a clean build does not find")
        print(f"P2 rebuild/bare = {wall['P2']:.2f}  (goal <= 1.3; CPU time: {cpu['P2']:.2f})")
        if pages:
            rows = page_weights(site)
            print_weights(rows)
            result["pages"] = rows
            result["interactive_js_gzip"] = print_js(site)
        return result
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def serve_reload(runs: int) -> float:
    """Median seconds from saving a one-word edit to a theory page until `make serve`
    (``.ci/serve.py``) serves the page with the word, on a throwaway copy."""
    project = Path(tempfile.mkdtemp(prefix="lab3-bench-serve-"))
    copy_sources(project)
    page, url_path = project / "docs" / "part1" / "index.md", "part1/"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / ".ci" / "serve.py"), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def served(word: str, timeout: float) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{url_path}", timeout=5) as r:
                    if word in r.read().decode():
                        return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"the served page never showed {word!r}")

    try:
        served("</html>", 600)  # the first build
        delays = []
        for i in range(runs):
            word = f"benchword{i}x{os.getpid()}"
            time.sleep(1.0)  # the watcher settles after the last rebuild
            page.write_text(page.read_text(encoding="utf-8") + f"\n{word}\n", encoding="utf-8")
            delays.append(served(word, 120))
        median = statistics.median(delays)
        print(f"serve edit-to-reload = {median:.2f} s median of {runs} "
              f"({', '.join(f'{d:.2f}' for d in delays)}; goal <= 1.5 s)")
        return median
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(project, ignore_errors=True)


# The student's commands: `python -m lab3 variant` and a typed `check` load no torch.
STUDENT_COMMANDS = {
    "import numpy": ["-c", "import numpy"],
    "lab3 variant": ["-m", "lab3", "variant", "--seed", "3", "--dim", "4"],
    "lab3 check (typed)": ["-m", "lab3", "check", "--y", "0", "--dy-dw", "-0,-0",
                           "--loss", "4", "--dl-dw", "-0,-0", "--w-new", "1.57,3.14"],
}


def import_speed(runs: int) -> dict[str, float]:
    """Median wall seconds of each student command (a fresh Python each time), and its
    ratio to ``python -c "import numpy"`` (goal <= 3)."""
    medians = {}
    for name, args in STUDENT_COMMANDS.items():
        walls = []
        for _ in range(max(runs, 3)):
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True)
            walls.append(time.perf_counter() - start)
        medians[name] = statistics.median(walls)
    base = medians["import numpy"]
    for name, wall in medians.items():
        print(f"{name}: {wall:.2f} s  ({wall / base:.1f} x import numpy; goal <= 3)")
    return medians


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--with-tests", action="store_true", help="also time `make test` (minutes)")
    parser.add_argument("--no-pages", action="store_true", help="skip the page weights (browser)")
    parser.add_argument("--no-serve", action="store_true", help="skip `make serve`'s reload time")
    parser.add_argument("--only", choices=("serve", "tests", "imports", "pages", "test-cpu"),
                        help="measure only `make serve`'s reload time, `make test`, the "
                             "student commands' start-up, the page weights and JavaScript, "
                             "or the CPU each test takes (serially, minutes)")
    parser.add_argument("--site", type=Path,
                        help="with --only pages: weigh this built site instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary builds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--bare-build",
        nargs=3,
        type=Path,
        metavar=("PROJECT", "SITE", "NAV"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument(
        "--dump-nav", nargs=2, type=Path, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS
    )
    args, pytest_args = parser.parse_known_args(argv)
    if pytest_args and args.only != "test-cpu":
        parser.error(f"unrecognized arguments: {' '.join(pytest_args)}")
    if args.bare_build:
        return bare_build(*args.bare_build)
    if args.dump_nav:
        return dump_nav(*args.dump_nav)

    result = {} if args.only else benchmark(args.runs, pages=not args.no_pages, keep=args.keep)
    if args.only == "pages":
        result.update(weigh(args.site))
    if args.only in (None, "imports"):
        result["student_commands_s"] = import_speed(args.runs)
    if args.only == "serve" or not (args.only or args.no_serve):
        result["serve_reload_s"] = serve_reload(args.runs)
    if args.only == "test-cpu":
        result["test_cpu"] = test_cpu([a for a in pytest_args if a != "--"])
    if args.with_tests or args.only == "tests":
        start, before = time.perf_counter(), cpu_ticks()
        run = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
        elapsed, rc, after = time.perf_counter() - start, run.returncode, cpu_ticks()
        if rc:  # what failed: pytest's summary ends its output
            print("\n".join((run.stdout + run.stderr).splitlines()[-40:]))
        busy = None if before is None else (
            (after[0] - before[0]) / max(after[1] - before[1], 1))
        print(f"make test = {elapsed:.0f} s" + ("" if busy is None else
              f", the machine's {os.cpu_count()} cores {busy:.0%} busy meanwhile "
              f"({busy * elapsed * os.cpu_count():.0f} CPU-s)")
              + (f" (FAILED, exit {rc})" if rc else ""))
        result["make_test_s"], result["make_test_cpu_busy"] = elapsed, busy
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
