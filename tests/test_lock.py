"""requirements.lock, what `make` and CI install: resolved from the current dependencies.

`make lock` writes it with pip-compile and stamps it with the digest of its inputs,
printed by running this file (``python tests/test_lock.py``).
"""

import hashlib
import json
import os
import shutil
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from test_makefile import dry_run  # tests/test_makefile.py

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PINS = ROOT / "requirements.txt"  # pins on top of pyproject's ranges (torch)
EXTRAS = ("docs", "test")  # the extras `make` installs
STAMP = "# inputs sha256: "
CPU_TORCH = Version("2.13.0+cpu")  # the wheel on the course machines and on PyTorch's CPU index


def requirement_lines(text: str) -> list[str]:
    """The requirement lines of a requirements file, without comments."""
    lines = (line.split(" #")[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def inputs() -> dict[str, list[str]]:
    """What the lock is resolved from: pyproject's dependency tables and requirements.txt."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = requirement_lines(PINS.read_text(encoding="utf-8"))
    tables = {"dependencies": project["dependencies"], "requirements.txt": pins}
    tables |= {extra: project["optional-dependencies"][extra] for extra in EXTRAS}
    return {name: sorted(str(Requirement(r)) for r in reqs) for name, reqs in tables.items()}


def stamp() -> str:
    """The lock's stamp line: the SHA-256 of its inputs, formatting aside."""
    text = json.dumps(inputs(), sort_keys=True)
    return STAMP + hashlib.sha256(text.encode()).hexdigest()


def locked() -> dict[str, Requirement]:
    """The lock's requirements by normalized name."""
    requirements = map(Requirement, requirement_lines(LOCK.read_text(encoding="utf-8")))
    return {canonicalize_name(req.name): req for req in requirements}


def test_the_lock_was_made_from_the_current_dependencies():
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    found = [line for line in lines if line.startswith(STAMP)]
    assert found == [stamp()], (
        "pyproject.toml's dependencies or requirements.txt changed since requirements.lock "
        "was made: run `make lock`"
    )


def test_every_line_of_the_lock_pins_one_release():
    for name, req in locked().items():
        (spec,) = req.specifier
        assert spec.operator == "==" and "*" not in spec.version, f"{name} is not pinned: {req}"
        assert not (req.url or req.marker or req.extras), f"{name} is not a plain pin: {req}"


def test_every_dependency_is_locked_within_its_range():
    pins = locked()
    for table, lines in inputs().items():
        for req in map(Requirement, lines):
            if req.marker and not req.marker.evaluate():
                continue
            name = canonicalize_name(req.name)
            assert name in pins, f"{req} ({table}) is missing from requirements.lock"
            (pin,) = pins[name].specifier
            assert req.specifier.contains(pin.version, prereleases=True), (
                f"requirements.lock pins {name}=={pin.version}, outside {req} ({table})"
            )


def test_torch_is_locked_to_the_cpu_wheel_by_its_public_version():
    # `torch==2.13.0` admits the CPU build installed first; a local label (+cpu) is
    # not on PyPI, and another version would pull the CUDA build from there.
    (pin,) = locked()["torch"].specifier
    assert Version(pin.version) == Version(CPU_TORCH.public)
    assert pin.contains(CPU_TORCH)


def install_commands(directory: Path, *make_args: str) -> list[list[str]]:
    """The `pip install` commands, as words, that `make` would run in ``directory`` to install."""
    return [words for words in dry_run(directory, *make_args, ".venv/.installed")
            if {"pip", "install"} <= set(words)]


def test_a_changed_lock_reinstalls_the_lock_then_the_project_alone(tmp_path):
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    installed = tmp_path / ".venv" / ".installed"
    installed.parent.mkdir()
    installed.touch()
    for name in (LOCK.name, "pyproject.toml"):  # installed after both were last changed
        (tmp_path / name).touch()
        os.utime(tmp_path / name, (installed.stat().st_mtime - 60,) * 2)

    assert install_commands(tmp_path) == []
    from_lock, project = (words[words.index("install") + 1:]
                          for words in install_commands(tmp_path, "--what-if", LOCK.name))
    assert from_lock[from_lock.index("-r") + 1] == LOCK.name
    assert "--no-deps" in project and project[project.index("-e") + 1] == "."


if __name__ == "__main__":
    print(stamp())
