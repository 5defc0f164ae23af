"""A student's answers, read from a mapping, a JSON file, or by running their file.

A filled-in template (``.py`` or ``.ipynb``) runs in a separate Python process
and process group, in the file's own folder with Matplotlib's non-interactive
backend, the way ``python my_file.py`` would run it. What it leaves behind
(numbers, arrays, tensors, lists of them, and ``w.grad``) comes back as plain
numbers; a value that cannot be read as numbers is kept apart, in
``Answers.unread``, with the reason. If the file stops with an error or runs too
long, the variables made before it still count, and the error is reported.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._validate import InputError, flag, instance, is_tensor, positive, real_array
from . import backward_item

#: A blank of a template that is still ``...``.
UNFILLED = "unfilled"
#: The largest array read back from a file, in numbers.
MAX_SIZE = 100_000
#: The largest answer file read, in bytes (a notebook with its figures fits).
MAX_FILE_BYTES = 50 * 2**20
#: How much of the end of the student's error output is kept, in bytes.
MAX_OUTPUT = 4096
#: Seconds a stopped file has to hand over the answers it made.
GRACE = 5


class Unreadable(str):
    """An answer that is there but cannot be read as numbers; the text says why."""


class AnswerFileError(InputError):
    """The answers cannot be read: a missing file, an unknown kind, broken JSON."""


@dataclass
class Answers:
    """Answers by variable name: a float64 array, :data:`UNFILLED`, or a type name."""

    values: dict = field(default_factory=dict)
    unread: dict = field(default_factory=dict)  #: {name: why} for answers that are not numbers
    typed: bool = False  #: typed by hand: compared to about 3 significant digits
    error: str | None = None  #: how the student's file stopped, if it did
    #: For a tensor ``w``: ``{"requires_grad": ..., "is_leaf": ...}``, which tell a ``w``
    #: made without ``requires_grad=True`` or replaced by ``w = w - ...`` in a notebook,
    #: where no error reaches the check.
    w_autograd: dict = field(default_factory=dict)
    #: The names in a file's code, which tell its part when it stopped before its answers.
    code_names: frozenset = frozenset()

    def get(self, *names):
        """The first of ``names`` that is present, or ``None``."""
        return next((self.values[n] for n in names if n in self.values), None)


def plain(value):
    """``value`` as a float64 array, :data:`UNFILLED` for ``...``, :class:`Unreadable`
    (saying why) for what is not numbers, the type name for a function or class."""
    try:
        return _plain(value)
    except Exception as err:  # noqa: BLE001 - a student's object may raise anything
        return Unreadable(f"cannot read it ({type(err).__name__}: {_short(err)})")


def _plain(value):
    if value is Ellipsis:
        return UNFILLED
    if isinstance(value, str) and _is_number(value):
        return Unreadable(f"text, not a number: write {value.strip()} without quotes")
    if callable(value):
        return type(value).__name__
    if getattr(value, "nbytes", 0) > 8 * MAX_SIZE:
        return Unreadable(f"too large: more than {MAX_SIZE} numbers")
    try:
        arr = real_array("the answer", _detached(value, 0), finite=False)  # NaN, inf: wrong
    except InputError as err:  # text, a bool, a complex number: not an answer to compare
        return Unreadable(f"cannot read it as numbers: {err}".replace("the answer ", "it ", 1))
    except Exception as err:  # noqa: BLE001 - a student's object may raise anything
        return Unreadable(f"cannot read it as numbers ({type(err).__name__}: {_short(err)})")
    return arr if arr.size <= MAX_SIZE else Unreadable(f"too large: more than {MAX_SIZE} numbers")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _detached(value, depth):
    """``value`` with each tensor (also inside lists) as numbers, detached from autograd."""
    if is_tensor(value):
        return real_array("the answer", value, finite=False)
    if isinstance(value, (list, tuple)) and depth < 8 and len(value) <= MAX_SIZE:
        return [_detached(v, depth + 1) for v in value]
    return value


def _short(err, limit=200) -> str:
    text = str(err)
    return text if len(text) <= limit else text[:limit] + "..."


def from_mapping(mapping, *, typed=False) -> Answers:
    """Answers from a dict such as a notebook's ``globals()``; ``w.grad`` is read too."""
    instance("mapping", mapping, Mapping, "a mapping of answers by name")
    values, unread, typed = {}, {}, flag("typed", typed)
    w_autograd = {}

    def keep(name, value):
        read = plain(value)
        if not isinstance(read, str) or read == UNFILLED:
            values[name] = read
        elif _answer_like(value, typed):
            unread[name] = str(read) if isinstance(read, Unreadable) else (
                f"cannot read a {read} as numbers")

    for name, value in mapping.items():
        if not isinstance(name, str) or name.startswith("_") or type(value).__name__ == "module":
            continue
        keep(name, value)
        if name == "w":
            try:
                grad = getattr(value, "grad", None)
            except Exception:  # noqa: BLE001 - a student's object may raise anything
                grad = None
            if grad is not None:
                keep("w.grad", grad)
            if is_tensor(value):
                w_autograd = {"requires_grad": bool(value.requires_grad),
                              "is_leaf": bool(value.is_leaf)}
    found, failed = backward_item.probe(mapping)  # the student's sin_backward, called here
    values.update(found)
    unread.update(failed)
    return Answers(values=values, unread=unread, typed=typed, w_autograd=w_autograd)


def _answer_like(value, typed) -> bool:
    """Meant as an answer: anything typed; in a notebook, anything but a function or class."""
    return typed or not (callable(value) or isinstance(value, type))


def from_json(path) -> Answers:
    """Answers typed into a JSON object, e.g. ``{"y": 0, "dy_dw": [2, 1]}``."""
    try:
        data = json.loads(_read_text(path))
    except RecursionError:
        raise AnswerFileError(f"cannot read {path} as JSON: nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as err:  # JSONDecodeError, a 5000-digit number
        raise AnswerFileError(f"cannot read {path} as JSON: {_short(err)}") from None
    if not isinstance(data, dict):
        raise AnswerFileError(f"{path} must hold a JSON object of answers by name")
    return from_mapping(data, typed=True)


def _path(path) -> Path:
    return Path(instance("path", path, (str, os.PathLike), "a file path"))


def _read_text(path) -> str:
    """The text of ``path``, a regular file of at most :data:`MAX_FILE_BYTES`."""
    path = _path(path)
    try:
        info = path.stat()  # follows a symlink: /dev/zero is refused, not read forever
        if not stat.S_ISREG(info.st_mode):
            raise AnswerFileError(f"cannot read {path}: not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise AnswerFileError(f"cannot read {path}: {info.st_size / 2**20:.0f} MiB, more "
                                  f"than the {MAX_FILE_BYTES // 2**20} MiB an answer file may be")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise AnswerFileError(f"cannot read {path}: {err.strerror or err}") from None
    if len(data) > MAX_FILE_BYTES:
        raise AnswerFileError(f"cannot read {path}: larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise AnswerFileError(f"cannot read {path} as UTF-8 text: {err.reason} at byte "
                              f"{err.start}") from None


def source_of(path) -> str:
    """The Python code of a ``.py`` file, or the code cells of an ``.ipynb`` notebook."""
    path = _path(path)
    return _source(path, _read_text(path))


def _source(path: Path, text: str) -> str:
    if path.suffix != ".ipynb":
        return text
    try:
        notebook = json.loads(text)
    except RecursionError:
        raise AnswerFileError(f"cannot read {path} as a notebook: nested too deeply") from None
    except ValueError as err:
        raise AnswerFileError(f"cannot read {path} as a notebook: {_short(err)}") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise AnswerFileError(f"cannot read {path} as a notebook: it needs a list of cells")
    code = []
    for n, cell in enumerate(c for c in cells if c.get("cell_type") == "code"):
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise AnswerFileError(f"cannot read {path} as a notebook: code cell {n + 1} has "
                                  "no text as its source")
        code.append(source)
    # IPython's %magics and !shell lines are not Python: keep them as comments
    return "\n\n".join("\n".join("# " + line if line.lstrip()[:1] in "%!" and line.strip()
                                 else line for line in cell.splitlines()) for cell in code)


def from_file(path, *, timeout=300) -> Answers:
    """Answers left behind by running a ``.py`` or ``.ipynb`` file, or typed into ``.json``."""
    path, timeout = _path(path), positive("timeout", timeout)
    if path.suffix == ".json":
        return from_json(path)
    if path.suffix not in (".py", ".ipynb"):
        raise AnswerFileError(f"{path}: expected a .py, .ipynb or .json file")
    code_names = frozenset(re.findall(r"[A-Za-z_]\w*", source_of(path)))
    package_parent = str(Path(__file__).resolve().parents[2])  # the folder holding lab3/
    path_list = filter(None, [package_parent, os.environ.get("PYTHONPATH")])
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": os.pathsep.join(path_list)}
    with tempfile.TemporaryDirectory(prefix="lab3-check-") as folder:
        out = Path(folder) / "answers.json"
        code = f"import sys; from {__name__} import _run; _run(sys.argv[1], sys.argv[2])"
        stopped, code, tail = _run_student([sys.executable, "-c", code, str(path.resolve()), str(out)],
                                     path.resolve().parent, env, timeout)
        data = _saved(out)
    if data is None:
        last = tail.strip().splitlines()[-1:] if tail.strip() else []
        how = f" (signal {-code})" if code is not None and code < 0 else ""
        why = (f"still ran after {timeout:g} s and was stopped" if stopped
               else f"ended Python itself{how} before it could be checked")
        return Answers(error=f"{path.name} {why}" + (f" ({last[0][:200]})" if last else ""),
                       code_names=code_names)
    error = data["error"]
    if stopped:
        error = f"still ran after {timeout:g} s and was stopped; the answers made before count"
    return Answers(values=data["values"], unread=data["unread"], error=error,
                   w_autograd=data["w_autograd"], code_names=code_names)


def _run_student(argv, folder, env, timeout):
    """Run ``argv`` in its own process group in ``folder``; end the whole group when it ends
    or after ``timeout`` s. Returns (stopped by the timeout, its exit status, the end of its
    error output)."""
    group = {"start_new_session": True} if os.name == "posix" else {}
    proc = subprocess.Popen(argv, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **group)
    tail = bytearray()

    def keep_tail():  # the student's output may be gigabytes: keep only its end
        for chunk in iter(lambda: proc.stderr.read(65536), b""):
            tail.extend(chunk)
            del tail[:-MAX_OUTPUT]

    reader = threading.Thread(target=keep_tail, daemon=True)
    reader.start()
    stopped = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        stopped = True
        proc.send_signal(signal.SIGTERM)  # the file saves the answers it made, then ends
        try:
            proc.wait(timeout=GRACE)
        except subprocess.TimeoutExpired:
            pass
    finally:
        _end_group(proc)
    reader.join(timeout=GRACE)
    proc.stderr.close()
    return stopped, proc.returncode, tail.decode("utf-8", "replace")


def _end_group(proc) -> None:
    """Kill ``proc`` and every process it started (a background ``sleep``, say)."""
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    else:
        proc.kill()
    proc.wait()


def _saved(out: Path):
    """What the student's run saved: ``{"values": ..., "error": ...}``, or None."""
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
        values = {k: (v if v == UNFILLED else np.asarray(v, dtype=np.float64))
                  for k, v in data["values"].items()}
        autograd = {k: bool(v) for k, v in data["w_autograd"].items()
                    if k in ("requires_grad", "is_leaf")}
        return {"values": values, "unread": dict(data["unread"]), "error": data["error"],
                "w_autograd": autograd}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class _Stopped(BaseException):
    """Raised in the student's file when the check stops it (it ran too long)."""


def _stop(signum, frame):
    raise _Stopped("stopped: it ran too long")


def _run(path: str, out: str) -> None:
    """Run the student's file as ``__main__`` and save what it left behind (child process)."""
    sys.path.insert(0, str(Path(path).parent))
    namespace = {"__name__": "__main__", "__file__": path}
    error = None
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _stop)
    try:
        exec(compile(source_of(path), path, "exec"), namespace)
    except SystemExit as err:
        if err.code not in (None, 0):  # sys.exit() at the end of a script is no error
            error = f"SystemExit: {_short(err)}"
    except BaseException as err:  # noqa: BLE001 - report any stop, KeyboardInterrupt included
        lines = [f.lineno for f in traceback.extract_tb(err.__traceback__) if f.filename == path]
        where = f" at line {lines[-1]}" if lines and path.endswith(".py") else ""
        error = f"{type(err).__name__}{where}: {_short(err)}"
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    found = from_mapping(namespace)
    values = {k: (v if isinstance(v, str) else v.tolist()) for k, v in found.values.items()}
    Path(out).write_text(json.dumps({"values": values, "unread": found.unread, "error": error,
                                     "w_autograd": found.w_autograd}), encoding="utf-8")
