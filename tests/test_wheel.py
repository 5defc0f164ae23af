"""The wheel the site offers: a student who installs only it can run every download.

A virtual environment of its own (no system site packages, so the project's
own ``lab3`` is out of reach) gets the wheel from the built site with its
dependencies (PyTorch's CPU build, NumPy, Matplotlib) at the lock's versions,
and ipykernel. Then the site's
downloaded scripts run in it from an empty folder, and one downloaded notebook
runs in a kernel of that environment.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import lab3
from conftest import run_lock, shared_dir

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
STUDENT_VENVS = ROOT / ".cache" / "student-venv"
WHEEL = f"lab3-{lab3.__version__}-py3-none-any.whl"


def site_scripts(site: Path) -> list:
    return sorted((site / "generated" / "gallery").rglob("plot_*.py"))


@pytest.fixture(scope="session")
def wheel(built_site) -> Path:
    path = built_site / "downloads" / WHEEL
    assert path.is_file(), f"the site offers no {WHEEL}"
    return path


def dependencies() -> list[str]:
    """What the package asks for at run time (pyproject.toml), as its wheel declares it."""
    with (ROOT / "pyproject.toml").open("rb") as stream:
        return tomllib.load(stream)["project"]["dependencies"]


def declared(wheel: Path) -> list[str]:
    """The wheel's own run-time requirements (its METADATA, extras left out)."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA")))
    return [line.removeprefix("Requires-Dist: ") for line in metadata.decode().splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line]


@pytest.fixture(scope="session")
def student_venv() -> Path:
    """Python of a venv holding the package's dependencies (at the lock's versions) and
    ipykernel, and nothing of the project's. Made once per Python, dependencies and
    lock, and kept in ``.cache/student-venv/<key>``; it needs no built site, so it is
    made while the site builds."""
    needs = dependencies()
    key = hashlib.sha256("\n".join(
        [sys.version, *needs, LOCK.read_text(encoding="utf-8")]).encode()).hexdigest()[:16]
    venv = STUDENT_VENVS / key
    python = venv / "bin" / "python"
    STUDENT_VENVS.mkdir(parents=True, exist_ok=True)
    with run_lock(STUDENT_VENVS / ".lock"):
        if not (venv / "complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            install = subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "--constraint", str(LOCK),
                 *needs, "ipykernel"], capture_output=True, text=True, timeout=900)
            assert install.returncode == 0, install.stderr[-3000:]
            (venv / "complete").touch()
        for stale in STUDENT_VENVS.iterdir():
            if stale.is_dir() and stale != venv:
                shutil.rmtree(stale, ignore_errors=True)
    return python


@pytest.fixture(scope="session")
def fresh_python(student_venv, wheel, tmp_path_factory) -> Path:
    """The student venv with the site's wheel installed, its requirements all met: installed
    once per test run, by the first worker to ask. (A second install by another worker
    would pull lab3 out from under the scripts the first one is running.)"""
    assert sorted(declared(wheel)) == sorted(dependencies()), "the wheel asks for other packages"
    stamp = student_venv.parents[1] / "installed-wheel"
    this = f"{shared_dir(tmp_path_factory)} {hashlib.sha256(wheel.read_bytes()).hexdigest()}"
    with run_lock(STUDENT_VENVS / ".lock"):
        if not stamp.exists() or stamp.read_text(encoding="utf-8") != this:
            stamp.unlink(missing_ok=True)
            for command in (["install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)],
                            ["check"]):  # pip check: every installed requirement is met
                result = subprocess.run([str(student_venv), "-m", "pip", *command],
                                        capture_output=True, text=True, timeout=300)
                assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            stamp.write_text(this, encoding="utf-8")
    return student_venv


def student_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "MPLBACKEND": "Agg"}


def test_wheel_holds_the_package_and_its_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "lab3").glob("*.py")}
    assert sources <= names, sources - names
    assert "lab3/data/pts.npy" in names
    metadata = zipfile.ZipFile(wheel).read(f"lab3-{lab3.__version__}.dist-info/METADATA").decode()
    assert f"Version: {lab3.__version__}" in metadata and "Requires-Dist: torch" in metadata


def test_the_fresh_venv_imports_the_installed_wheel(fresh_python, tmp_path):
    out = subprocess.run([str(fresh_python), "-c", "import lab3; print(lab3.__file__)"],
                         cwd=tmp_path, env=student_env(), capture_output=True, text=True)
    site_packages = fresh_python.parents[1] / "lib"  # the student venv's own packages
    imported = Path(out.stdout.strip())
    assert imported.is_relative_to(site_packages) and "site-packages" in imported.parts, out
    assert not imported.is_relative_to(ROOT / "lab3"), "the project's own lab3 was imported"


def test_every_downloaded_script_runs_from_an_empty_folder(built_site, fresh_python, tmp_path):
    scripts = site_scripts(built_site)
    assert len(scripts) >= 6

    def run(script):
        folder = tmp_path / script.stem
        folder.mkdir()
        return subprocess.run([str(fresh_python), str(script)], cwd=folder, env=student_env(),
                              capture_output=True, text=True, timeout=600)

    with ThreadPoolExecutor(max_workers=2) as pool:  # the machines have two cores
        results = dict(zip((s.name for s in scripts), pool.map(run, scripts)))
    failed = {name: r.stderr[-2000:] for name, r in results.items() if r.returncode != 0}
    assert not failed, failed


def test_a_downloaded_notebook_runs_in_the_fresh_venv(built_site, fresh_python, tmp_path,
                                                     monkeypatch):
    spec = tmp_path / "kernels" / "lab3-student"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "lab3 student", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    notebook = built_site / "generated" / "gallery" / "part2" / "plot_11_learning_loop.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    work = tmp_path / "empty"
    work.mkdir()
    NotebookClient(nb, kernel_name="lab3-student", timeout=300,
                   resources={"metadata": {"path": str(work)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(o.output_type == "stream" for o in outputs)


def test_the_self_check_works_from_the_wheel(fresh_python, tmp_path):
    def lab3_cli(*args):
        return subprocess.run([str(fresh_python), "-m", "lab3", *args], cwd=tmp_path,
                              env=student_env(), capture_output=True, text=True, timeout=300)

    variant = lab3_cli("variant", "--seed", "2", "--dim", "3", "--json")
    (tmp_path / "answers.json").write_text(variant.stdout)
    check = lab3_cli("check", "--seed", "2", "--dim", "3", "answers.json")
    assert check.returncode == 0 and "10 of 10 correct." in check.stdout, check
