"""The wheel hook's cache (docs/_hooks/wheel.py): reused while the package is the same,
rebuilt when any of its sources changes, never a stale wheel."""

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import load_hook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def hook(tmp_path, monkeypatch):
    """The hook module, with its cache in ``tmp_path`` and its builds counted."""
    module = load_hook("wheel")  # as MkDocs loads it: fingerprint.py beside it importable
    monkeypatch.setattr(module, "CACHE", tmp_path / "cache")
    module.builds = 0
    build = module.build_wheel

    def counted(root, workdir):
        module.builds += 1
        return build(root, workdir)

    monkeypatch.setattr(module, "build_wheel", counted)
    return module


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copytree(ROOT / "lab3", root / "lab3", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def wheel_for(hook, project, tmp_path) -> Path:
    workdir = tmp_path / f"work{hook.builds}"
    workdir.mkdir(exist_ok=True)
    return hook.cached_wheel(project, workdir)


def test_an_unchanged_package_is_built_once(hook, project, tmp_path):
    first = wheel_for(hook, project, tmp_path)
    (project / "lab3" / "__pycache__").mkdir(exist_ok=True)
    (project / "lab3" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"not a source")
    second = wheel_for(hook, project, tmp_path)
    assert hook.builds == 1
    assert first == second and zipfile.is_zipfile(second)


def test_a_changed_source_builds_a_new_wheel_and_drops_the_old(hook, project, tmp_path):
    first = wheel_for(hook, project, tmp_path)
    unit = project / "lab3" / "unit.py"
    unit.write_text(unit.read_text() + "\nCHANGED = True\n")
    second = wheel_for(hook, project, tmp_path)
    assert hook.builds == 2
    assert not first.exists(), "the stale wheel is removed from the cache"
    with zipfile.ZipFile(second) as wheel:
        assert "CHANGED = True" in wheel.read("lab3/unit.py").decode()
    assert [p.name for p in hook.CACHE.iterdir()] == [second.parent.name]
