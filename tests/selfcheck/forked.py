"""``python -m lab3 ARGS`` without paying Python's and PyTorch's start-up for each run.

A server process imports PyTorch and the check once; for each command it forks, and the
child runs ``lab3/__main__.py`` as ``python -m lab3`` runs it (``runpy``, ``sys.argv``,
its own working folder, standard output and error to files, ``SystemExit``'s code as the
exit status). The check still runs every student file in a fresh interpreter of its own.
``tests/selfcheck/test_corpus.py`` runs one case both ways and requires the same output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SERVER = r"""
import json, os, runpy, sys, traceback
import torch, lab3.selfcheck.check, lab3.selfcheck.cli  # the start-up every check pays

for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(job["cwd"])
            for fd, path in ((1, job["out"]), (2, job["err"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            sys.argv = ["python -m lab3", *job["argv"]]
            runpy.run_module("lab3", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (done.code is not None)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class ForkedLab3:
    """A server that runs ``python -m lab3 ARGS`` commands, one at a time."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="lab3-forked-"))
        self.server = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
        """What ``subprocess.run([python, -m, lab3, *argv], cwd=cwd)`` would give."""
        out, err = self.folder / "stdout", self.folder / "stderr"
        job = {"argv": argv, "cwd": str(cwd), "out": str(out), "err": str(err)}
        self.server.stdin.write(json.dumps(job) + "\n")
        self.server.stdin.flush()
        reply = self.server.stdout.readline()
        if not reply:
            raise RuntimeError(f"the forked lab3 server ended ({self.server.wait()})")
        return subprocess.CompletedProcess(
            argv, json.loads(reply), out.read_text(errors="replace"), err.read_text(errors="replace"))

    def close(self):
        self.server.stdin.close()
        self.server.wait(timeout=60)
        for file in self.folder.iterdir():
            file.unlink()
        self.folder.rmdir()
