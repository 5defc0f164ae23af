"""The corpus of submissions (tests/selfcheck/corpus.py) through ``python -m lab3 check``,
and each file that reaches its last line through ``check_answers(globals())`` in a
Jupyter kernel: the verdicts and hints of the corpus, and never a traceback.

The commands run in a forked server that has imported PyTorch once
(tests/selfcheck/forked.py); a few cases also run as a process of their own, which must
print the same."""

import re
import subprocess
import sys

import pytest

from corpus import ANY, CASES, LAST_LINE, write
from forked import ForkedLab3
from processes import running

LINE = re.compile(r"^  \[(ok|wrong|missing|\?)\]\s+(\S+)\s*(.*)$")
STATUS = {"ok": "correct", "?": "unchecked"}
BY_NAME = {case.name: case for case in CASES}


def verdicts(text: str) -> dict:
    """``{name: (status, hint)}`` from a printed report (the last one, if several)."""
    report = text[text.rindex("Part "):] if "Part " in text else ""
    return {m[2]: (STATUS.get(m[1], m[1]), m[3]) for line in report.splitlines()
            if (m := LINE.match(line))}


def assert_verdicts(case, found: dict, where: str):
    assert list(found) == list(case.items), f"{case.name} ({where}): items {found}"
    for item, (status, hint) in case.items.items():
        got_status, got_hint = found[item]
        assert got_status == status, f"{case.name} ({where}): {item} is {got_status}: {got_hint}"
        if hint == "":
            assert got_hint == "", f"{case.name} ({where}): {item} has a hint: {got_hint}"
        elif hint != ANY:
            assert hint in got_hint, f"{case.name} ({where}): {item}: {got_hint!r} lacks {hint!r}"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return write(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def lab3_command():
    """``python -m lab3 ARGS``, run by a forked server (one per test process)."""
    server = ForkedLab3()
    yield server.run
    server.close()


@pytest.fixture(scope="session")
def kernel(corpus):
    """A Jupyter kernel (one per test process) working in the corpus's folder."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(corpus))
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run_cell(client, code: str) -> tuple[str, list]:
    """What ``code`` prints in the kernel, and the errors it raised."""
    printed, errors = [], []

    def keep(message):
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            printed.append(content["text"])
        elif kind == "error":
            errors.append(f"{content['ename']}: {content['evalue']}")

    client.execute_interactive(code, timeout=240, output_hook=keep)
    return "".join(printed), errors


def test_the_corpus_is_large_and_covers_every_kind_of_input():
    kinds = {case.name.rsplit(".", 1)[-1] if case.text is not None else "typed" for case in CASES}
    assert len(BY_NAME) == len(CASES) >= 40
    assert {"py", "json", "ipynb", "typed"} <= kinds
    assert sum(case.notebook for case in CASES) >= 25


@pytest.mark.parametrize("name", list(BY_NAME))
def test_the_check_command(name, corpus, lab3_command):
    case = BY_NAME[name]
    out = lab3_command(["check", *case.command], corpus)
    text = out.stdout + out.stderr
    assert "Traceback" not in text, text
    assert out.returncode == case.exit, text
    for words in case.says:
        assert words in text, text
    assert_verdicts(case, verdicts(out.stdout), "python -m lab3 check")
    for started in re.findall(r"Popen\(\[('sleep', '\d+')\]\)", case.text or ""):
        argv = started.replace("'", "").split(", ")
        assert argv not in running().values(), f"{name} left {argv} running"


@pytest.mark.parametrize("name", ["p2_slip_lr_small.py", "p1_hostile_output.py",
                                  "p1_hostile_kills_itself.py", "p1_json_misspelt.json"])
def test_the_forked_command_is_python_m_lab3(name, corpus, lab3_command):
    command = ["check", *BY_NAME[name].command]
    alone = subprocess.run([sys.executable, "-m", "lab3", *command], cwd=corpus,
                           capture_output=True, text=True, timeout=240)
    forked = lab3_command(command, corpus)
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        alone.returncode, alone.stdout, alone.stderr)


@pytest.mark.parametrize("name", [case.name for case in CASES if case.notebook])
def test_check_answers_globals_in_a_notebook(name, kernel):
    """The file's body in one cell, then ``check_answers(globals())`` in the next, as the
    notebook made of the template has them; a body that raises does not hide the cause."""
    case = BY_NAME[name]
    body, last = case.text.rsplit(LAST_LINE, 1)
    _, errors = run_cell(kernel, "%reset -f\n" + body + last)
    assert bool(errors) == case.stops, errors
    printed, errors = run_cell(kernel, LAST_LINE)
    assert not errors, errors
    assert_verdicts(case, verdicts(printed), "check_answers(globals()) in a notebook")
