"""The Makefile's `make test`: every test, unless the command line narrows it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dry_run(directory: Path, *make_args: str, env: dict | None = None) -> list[list[str]]:
    """The commands, as words, that ``make MAKE_ARGS`` would run in ``directory`` (with
    ``env``, default this process's environment, less the variables of a `make` that runs
    the tests)."""
    env = {k: v for k, v in (env or os.environ).items() if not k.startswith("MAKE")}
    result = subprocess.run(["make", "--dry-run", *make_args], cwd=directory, env=env,
                            capture_output=True, text=True, check=True)
    return [shlex.split(line) for line in result.stdout.splitlines()]


def make_test_words(directory: Path, *make_args: str, env: dict | None = None) -> list[str]:
    """The words of the pytest command `make test` would run in ``directory``."""
    (words,) = [words for words in dry_run(directory, *make_args, "test", env=env)
                if "pytest" in words]
    return words


def test_only_the_command_line_narrows_the_run(tmp_path):
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.lock", "pyproject.toml", ".venv/.installed"):  # installed
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).touch()

    every = make_test_words(tmp_path)
    assert every[every.index("pytest") + 1:] == ["-n", "auto", "--dist", "worksteal"]
    # a variable of that name left in a shell (or a CI runner) does not narrow `make test`
    assert make_test_words(tmp_path, env={**os.environ, "PYTEST_ARGS": "tests/test_unit.py"}) \
        == every
    narrowed = make_test_words(tmp_path, 'PYTEST_ARGS=-m "not site" tests/test_unit.py')
    assert narrowed == [*every, "-m", "not site", "tests/test_unit.py"]
