"""Shared fixtures: the site is built once per test run, from scratch, while the tests that
do not need it run.

The build runs on a throwaway copy of the project's docs sources, so that no
gallery output cached by an earlier local build can stand in for a fresh run.
"""

import contextlib
import fcntl
import functools
import importlib.util
import json
import os
import shutil
import sys
import threading
import traceback
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py, tests/site_copy.py
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from site_copy import ROOT, build_site, copy_sources, serve  # noqa: E402,F401  (re-exported)
from walk import visits_at, walk_site  # noqa: E402


def shared_dir(tmp_path_factory) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (or the only one)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def run_lock(path: Path):
    """Hold an exclusive lock on ``path`` (a file) against the run's other workers."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_once(shared: Path, env: dict | None = None) -> None:
    """Build the run's site into ``shared`` (in the environment ``env``), unless a worker of
    the run already has, or tried and failed: under the run's lock, which the other
    workers wait on. A build that could not run at all fails like one that ran and failed:
    its traceback is the failure every test of the site then reports."""
    project, failed = shared / "site-project", shared / "site-build-failed.log"
    with run_lock(shared / "site-build.lock"):
        if failed.exists() or (project / "site").is_dir():
            return
        try:
            shutil.rmtree(project, ignore_errors=True)
            result = build_site(copy_sources(project), project / "site", env)
            log = None if result.returncode == 0 else f"{result.stdout}\n{result.stderr}"
        except Exception:
            log = f"the build could not run:\n{traceback.format_exc()}"
        if log is not None:
            shutil.rmtree(project / "site", ignore_errors=True)
            failed.write_text(log, encoding="utf-8")


#: Fixtures made once per run by one worker (:func:`once_per_run`), which another worker that
#: needs them meanwhile waits for.
ONCE_PER_RUN = ("walk", "measured")


def pytest_collection_modifyitems(items):
    """The same order on every worker: the tests of the built site last, so that the others
    run first, on every core, while the site is built in the background. Among those, one
    test of each fixture made once per run opens the site's tests, and its others close
    them: by then it is made, and no worker waits for it."""
    seen = set()

    def order(item):
        names = getattr(item, "fixturenames", ())
        once = [name for name in ONCE_PER_RUN if name in names]
        opens = bool(once) and not seen.issuperset(once)
        seen.update(once)
        return "built_site" in names, 0 if opens else 2 if once else 1
    keys = {id(item): order(item) for item in items}  # in collection order
    items.sort(key=lambda item: keys[id(item)])


@pytest.fixture(scope="session", autouse=True)
def site_build_started(request, tmp_path_factory):
    """Start building the run's site as the run starts, in a thread of one worker that
    holds the run's lock meanwhile, when any selected test needs it; :func:`built_site`
    waits for it."""
    thread = None
    if any("built_site" in getattr(item, "fixturenames", ()) for item in request.session.items):
        # the environment as it is now, copied in this thread (see site_copy.build_site)
        env = dict(os.environ)
        thread = threading.Thread(target=_build_once, args=(shared_dir(tmp_path_factory), env),
                                  name="site build", daemon=True)
        thread.start()
    yield thread
    if thread is not None:
        thread.join()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_build_started) -> Path:
    """Path of a site built strictly from a clean copy of the sources, once per test run
    (started by :func:`site_build_started`): every worker waits for it and shares it."""
    if site_build_started is not None:
        site_build_started.join()
    shared = shared_dir(tmp_path_factory)
    _build_once(shared)
    failed = shared / "site-build-failed.log"
    if failed.exists():
        pytest.fail(f"mkdocs build --strict failed:\n{failed.read_text(encoding='utf-8')}")
    return shared / "site-project" / "site"


def once_per_run(tmp_path_factory, name: str, make):
    """What ``make()`` returns (JSON data), made once per test run: by the first worker that
    asks, under the run's lock, while any other that asks waits and then reads it (a
    session fixture alone is made once per pytest-xdist worker)."""
    shared = shared_dir(tmp_path_factory)
    path = shared / f"{name}.json"
    with run_lock(shared / f"{name}.lock"):
        if not path.exists():
            value = make()
            path.with_suffix(".part").write_text(json.dumps(value), encoding="utf-8")
            path.with_suffix(".part").replace(path)
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def lab_sweep():
    """``lab3.learning_rate.sweep`` over the lab's points, made once per test process:
    five test modules read it, and none changes it."""
    import lab3

    x, y = lab3.load_points().T
    return lab3.learning_rate.sweep(x, y)


def load_hook(name: str):
    """The build hook ``docs/_hooks/<name>.py``, loaded by path as MkDocs loads it: a
    module of its own (each call a fresh one), with the hooks' folder on ``sys.path``
    while it runs, so that it imports its neighbours (``build_cache``)."""
    path = ROOT / "docs" / "_hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{name}_hook", path)
    module = importlib.util.module_from_spec(spec)
    saved = sys.path.copy()
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


def read(site: Path, page: str) -> str:
    """The text of ``page`` (a path inside the built ``site``)."""
    return (site / page).read_text(encoding="utf-8")


# Quality gates --------------------------------------------------------------

GATES: dict[str, str] = {}  # what each gate covered, printed at the end of the run


def pytest_sessionfinish(session):
    """Under pytest-xdist, a worker hands what its gates covered to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["gates"] = dict(GATES)


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook, on the controller
def pytest_testnodedown(node, error):
    GATES.update(getattr(node, "workeroutput", {}).get("gates", {}))


def pytest_terminal_summary(terminalreporter):
    if GATES:
        terminalreporter.section("quality gates")
        for gate, covered in GATES.items():
            terminalreporter.write_line(f"{gate}: {covered}")


def require(found: bool, what: str, how: str) -> None:
    """Skip a test whose tool is missing, saying how to get it; in CI (CI=true), fail it."""
    if found:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing, and CI must run this test: {how}")
    pytest.skip(f"{what} not found; to run this test: {how}")


@pytest.fixture(scope="session")
def site_server(built_site):
    """Base URL of the built site, served on 127.0.0.1."""
    with serve(built_site) as (url, _):
        yield url


@pytest.fixture(scope="session")
def chromium_browser():
    """The system's Chromium, driven by Playwright (never ``playwright install``): one for
    the whole session, shared by every browser test, as Playwright's sync API runs only one
    at a time in a process."""
    require(CHROMIUM.exists(), "Chromium", "apt-get install chromium (.ci/run does)")
    require(importlib.util.find_spec("playwright") is not None, "Playwright for Python",
            "pip install -e '.[test]'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core, as bundled by axe-playwright-python."""
    require(importlib.util.find_spec("axe_playwright_python") is not None,
            "axe-playwright-python", "pip install -e '.[test]'")
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


@pytest.fixture(scope="session")
def walk(built_site, site_server, chromium_browser, axe_script, tmp_path_factory) -> dict:
    """``{page: walk.Visit}``: every HTML page of the site, loaded cold and checked once per
    run (tests/walk.py), by one worker for all."""
    walked = once_per_run(tmp_path_factory, "walk", lambda: walk_site(
        chromium_browser, built_site, site_server, axe_script))
    return visits_at(walked, site_server)
