"""``python ARGS`` without paying Python's start-up and imports for each run.

A server process imports what the commands need once (its ``preamble``); for each command
it forks, and the child runs the command as a fresh ``python`` process would: its own
working folder, environment and ``PYTHONPATH`` entries first on ``sys.path``, ``sys.argv``,
standard output and error to files, ``SystemExit``'s code (or the signal that killed it)
as the exit status. A command is ``-m MODULE ...`` or ``SCRIPT ...``. The children share
the server's hash seed: a test of what a fresh process's hash seed changes runs one
(tests/test_reproducible.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""

def finish(run):
    # Run ``run()`` as a process's main code, then end the process with its exit status.
    code = 1
    try:
        run()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (done.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)


def run(argv):
    if argv[0] == "-m":
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(argv)
        sys.path[0] = os.path.dirname(os.path.abspath(argv[0]))
        runpy.run_path(argv[0], run_name="__main__")


base_path = list(sys.path)
for line in sys.stdin:
    job = json.loads(line)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the child would write what is buffered a second time
    pid = os.fork()
    if pid == 0:
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        extra = [p for p in job["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:] = [os.getcwd(), *extra, *base_path[1:]]
        for fd, path in ((1, job["out"]), (2, job["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        finish(lambda: run(job["argv"]))
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""

class ForkServer:
    """A server that runs ``python ARGS`` commands, one at a time, each in a fork of a
    process that has run ``preamble`` (whose code may call the children's ``finish``)."""

    def __init__(self, preamble: str, name: str = "fork server"):
        self.name = name
        self.folder = Path(tempfile.mkdtemp(prefix="fork-server-"))
        code = "import json, os, runpy, sys, traceback\n" + preamble + CHILD
        self.server = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], cwd: Path,
            env: dict | None = None) -> subprocess.CompletedProcess:
        """What ``subprocess.run([python, *argv], cwd=cwd, env=env, capture_output=True,
        text=True)`` would give (``env``: by default this process's)."""
        out, err = self.folder / "stdout", self.folder / "stderr"
        job = {"argv": argv, "cwd": str(cwd), "env": dict(os.environ if env is None else env),
               "out": str(out), "err": str(err)}
        self.server.stdin.write(json.dumps(job) + "\n")
        self.server.stdin.flush()
        reply = self.server.stdout.readline()
        if not reply:
            raise RuntimeError(f"the {self.name} ended ({self.server.wait()})")
        return subprocess.CompletedProcess(
            [sys.executable, *argv], json.loads(reply), out.read_text(errors="replace"),
            err.read_text(errors="replace"))

    def close(self):
        self.server.stdin.close()
        self.server.wait(timeout=60)
        for file in self.folder.iterdir():
            file.unlink()
        self.folder.rmdir()
