"""The wheel the site offers: a student who installs only it can run every download.

One fresh virtual environment per test session (no system site packages, so
the project's own ``lab3`` is out of reach) gets the wheel from the built site,
PyTorch's CPU build, NumPy, Matplotlib and ipykernel. Then the site's
downloaded scripts run in it from an empty folder, and one downloaded notebook
runs in a kernel of that environment.
"""

import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import lab3

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
WHEEL = f"lab3-{lab3.__version__}-py3-none-any.whl"


def site_scripts(site: Path) -> list:
    return sorted((site / "generated" / "gallery").rglob("plot_*.py"))


@pytest.fixture(scope="session")
def wheel(built_site) -> Path:
    path = built_site / "downloads" / WHEEL
    assert path.is_file(), f"the site offers no {WHEEL}"
    return path


@pytest.fixture(scope="session")
def fresh_python(wheel, tmp_path_factory) -> Path:
    """Python of a new venv holding only the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("student") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel), "torch==2.13.0", "numpy",
         "matplotlib", "ipykernel"], capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    return python


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
    assert "site-packages" in out.stdout and str(ROOT) not in out.stdout, out


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
