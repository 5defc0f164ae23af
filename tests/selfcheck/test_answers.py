"""lab3.selfcheck.answers: the templates, filled in and run as files, give back their answers."""

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from corpus import FILLED_1, fill
from lab3.selfcheck import answers, mistakes
from lab3.selfcheck.check import check_answers
from students import items

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "docs" / "exercises"


def test_templates_have_the_blanks():
    part1 = (EXERCISES / "part1_template.py").read_text(encoding="utf-8")
    for blank in FILLED_1:
        assert f"\n{blank}" in part1, blank
    part2 = (EXERCISES / "part2_template.py").read_text(encoding="utf-8")
    for blank in ("learning_rate = ...  # TODO", "    loss = ...  # TODO",
                  "# TODO: (2) the gradient", "...  # TODO: (3) update w"):
        assert blank in part2, blank
    for text in (part1, part2):
        assert text.count("# %% [markdown]") >= 4 and "check_answers(globals())" in text


def test_part2_template_plots_the_model_not_the_misprint():
    part2 = (EXERCISES / "part2_template.py").read_text(encoding="utf-8")
    assert "1 / (1 + np.exp(-(W[0] * T + W[1])))" in part2
    assert "1-np.exp" not in part2.replace(" ", "") and "np.load('pts.npy')" not in part2
    assert "lab3.datasets.load_points()" in part2


def test_filled_template_file_passes_and_a_slip_in_it_is_found(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(fill("part1_template.py", FILLED_1), encoding="utf-8")
    report = check_answers(good)
    assert report.ok and len(report.items) == 11, str(report)
    slip = tmp_path / "slip.py"
    slip.write_text(fill("part1_template.py", {**FILLED_1, "# TODO: clear w.grad": ""}),
                    encoding="utf-8")
    found = items(check_answers(slip))
    assert found["dL_dw"].hint == mistakes.ACCUMULATED


def test_untouched_templates_report_blanks_not_crashes():
    report = check_answers(EXERCISES / "part1_template.py")
    assert report.error is None and not report.ok
    assert {i.name for i in report.items if i.status == "missing"} >= {"y", "dL_dw", "w_new"}
    report = check_answers(EXERCISES / "part2_template.py")
    assert report.title.startswith("Part 2") and "AttributeError" in report.error
    assert {i.name for i in report.items} == {"learning_rate", "loss"}


@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "folder", "huge"])
def test_only_regular_files_of_sensible_size_are_read(tmp_path, kind):
    path = tmp_path / "answers.json"
    if kind == "folder":
        path.mkdir()
    elif kind == "huge":
        with path.open("wb") as file:
            file.truncate(answers.MAX_FILE_BYTES + 1)  # sparse: no disk used
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(answers.AnswerFileError, match="not a regular file|MiB"):
        answers.from_file(path)


def test_the_whole_process_group_ends_and_finished_answers_are_kept(tmp_path):
    pid_file = tmp_path / "pid"
    student = tmp_path / "student.py"
    student.write_text(
        "import subprocess, pathlib\n"
        "child = subprocess.Popen(['sleep', '1000'])\n"
        f"pathlib.Path({str(pid_file)!r}).write_text(str(child.pid))\n"
        "y = 0.0\n"
        "while True:\n    pass\n")
    start = time.monotonic()
    found = answers.from_file(student, timeout=3)
    assert time.monotonic() - start < 3 + answers.GRACE + 5
    assert "still ran after 3 s" in found.error and float(found.values["y"]) == 0.0
    pid = int(pid_file.read_text())
    for _ in range(50):  # killed: gone, or a zombie waiting for its new parent to reap it
        state = Path(f"/proc/{pid}/status")
        if not state.exists() or "State:\tZ" in state.read_text():
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the student's child process {pid} still runs")


# Reads the answers of the file argv[1] in a process of its own, and prints them with how
# much that process's peak memory grew meanwhile (its peak before is its imports': a
# process's peak never falls, so the test's own would hide any growth below an earlier one).
PEAK_GROWTH = """
import json, resource, sys
from lab3.selfcheck import answers
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
found = answers.from_file(sys.argv[1])
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"error": found.error, "x": found.values["x"].tolist(), "grew_kib": grew}))
"""


def test_output_is_not_held_in_memory_and_the_file_runs_in_its_own_folder(tmp_path):
    np.save(tmp_path / "data.npy", np.array([2.0, 1.0]))
    student = tmp_path / "student.py"
    student.write_text(
        "import sys\nimport numpy as np\nx = np.load('data.npy')\n"
        "for _ in range(256):\n    sys.stdout.write('x' * 2**20)\n"
        "for _ in range(64):\n    sys.stderr.write('e' * 2**20)\n"
        "raise SystemExit(0)\n")
    run = subprocess.run([sys.executable, "-c", PEAK_GROWTH, str(student)], cwd=ROOT,
                         capture_output=True, text=True, timeout=240, check=True)
    found = json.loads(run.stdout)
    assert found["error"] is None and found["x"] == [2.0, 1.0]
    assert found["grew_kib"] < 32 * 1024, "the 320 MiB the file printed were held in memory"


@pytest.mark.parametrize("notebook", [{"cells": [1, 2]}, {"cells": "abc"},
                                      {"cells": [{"cell_type": "code", "source": 5}]}, [1]])
def test_malformed_notebooks_are_refused_clearly(tmp_path, notebook):
    path = tmp_path / "broken.ipynb"
    path.write_text(json.dumps(notebook))
    with pytest.raises(answers.AnswerFileError, match="as a notebook"):
        answers.from_file(path)


def test_json_nested_too_deeply_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"y": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(answers.AnswerFileError, match="nested too deeply"):
        answers.from_file(path)
