"""``python -m lab3 ARGS`` without paying Python's and PyTorch's start-up for each run.

A server process imports PyTorch and the check once; for each command it forks, and the
child runs ``lab3/__main__.py`` as ``python -m lab3`` runs it (``runpy``, ``sys.argv``,
its own working folder, standard output and error to files, ``SystemExit``'s code as the
exit status). The student's file, which the check runs in a process of its own
(``python -c`` through ``subprocess.Popen`` in ``lab3/selfcheck/answers.py``), gets a
fork of that child instead, which runs the same ``-c`` code as that process would:
its own session, working folder, environment and ``sys.argv``, standard input and
output on ``/dev/null``, its error output into the check's pipe, the exit status of
``python -c``. ``tests/selfcheck/test_corpus.py`` runs a few cases both ways, among
them a slip, a clean file and a flood of output, and requires the same output.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from fork_server import ForkServer

PREAMBLE = r"""
import signal, subprocess, time, types
os.environ["MPLBACKEND"] = "Agg"  # as the check sets it for the student's file
import torch, matplotlib.pyplot, lab3.selfcheck.check, lab3.selfcheck.cli  # start-up paid once
import lab3.selfcheck.answers


class ForkedPopen:
    # subprocess.Popen([python, "-c", code, *args], cwd=, env=, stdin=DEVNULL,
    # stdout=DEVNULL, stderr=PIPE, start_new_session=True), as the check starts it.
    def __init__(self, argv, *, cwd, env, stdin, stdout, stderr, start_new_session):
        assert argv[:2] == [sys.executable, "-c"] and start_new_session, argv
        assert (stdin, stdout, stderr) == (subprocess.DEVNULL, subprocess.DEVNULL,
                                           subprocess.PIPE)
        self.args, self.returncode = argv, None
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the child would write what is buffered a second time
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.setsid()
            os.chdir(cwd)
            null = os.open(os.devnull, os.O_RDWR)
            for fd, target in ((0, null), (1, null), (2, write)):
                os.dup2(target, fd)
            for fd in (read, write, null):
                os.close(fd)
            os.environ.clear()
            os.environ.update(env)
            sys.argv = ["-c", *argv[3:]]
            main = sys.modules["__main__"] = types.ModuleType("__main__")
            finish(lambda: exec(compile(argv[2], "<string>", "exec"), main.__dict__))
        os.close(write)
        self.stderr = os.fdopen(read, "rb")

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.005)
        return self.returncode

    def send_signal(self, signum):
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)


lab3.selfcheck.answers.subprocess = types.SimpleNamespace(
    Popen=ForkedPopen, DEVNULL=subprocess.DEVNULL, PIPE=subprocess.PIPE,
    TimeoutExpired=subprocess.TimeoutExpired)

"""


class ForkedLab3:
    """A server that runs ``python -m lab3 ARGS`` commands, one at a time."""

    def __init__(self):
        self.server = ForkServer(PREAMBLE, "forked lab3 server")

    def run(self, argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
        """What ``subprocess.run([python, -m, lab3, *argv], cwd=cwd)`` would give."""
        return self.server.run(["-m", "lab3", *argv], cwd)

    def close(self):
        self.server.close()
