"""A student's answers, read from a mapping, a JSON file, or by running their file.

A filled-in template (``.py`` or ``.ipynb``) runs in a separate Python process,
in an empty temporary folder with Matplotlib's non-interactive backend, the way
``python my_file.py`` would run it. What it leaves behind (numbers, arrays,
tensors, and ``w.grad``) comes back as plain numbers. If the file stops with an
error, the variables made before it still count, and the error is reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._validate import InputError, flag, instance, positive, real_array

#: A blank of a template that is still ``...``.
UNFILLED = "unfilled"
#: The largest array read back from a file, in numbers.
MAX_SIZE = 100_000


class AnswerFileError(InputError):
    """The answers cannot be read: a missing file, an unknown kind, broken JSON."""


@dataclass
class Answers:
    """Answers by variable name: a float64 array, :data:`UNFILLED`, or a type name."""

    values: dict = field(default_factory=dict)
    typed: bool = False  #: typed by hand: compared to about 3 significant digits
    error: str | None = None  #: how the student's file stopped, if it did

    def get(self, *names):
        """The first of ``names`` that is present, or ``None``."""
        return next((self.values[n] for n in names if n in self.values), None)


def plain(value):
    """``value`` as a float64 array, :data:`UNFILLED` for ``...``, else its type name."""
    if value is Ellipsis:
        return UNFILLED
    if callable(value) or getattr(value, "nbytes", 0) > 8 * MAX_SIZE:
        return type(value).__name__
    try:
        arr = real_array("the answer", value, finite=False)  # NaN and inf are judged wrong
    except InputError:  # text, a bool, a complex number: not an answer to compare
        return type(value).__name__
    return arr if arr.size <= MAX_SIZE else type(value).__name__


def from_mapping(mapping, *, typed=False) -> Answers:
    """Answers from a dict such as a notebook's ``globals()``; ``w.grad`` is read too."""
    instance("mapping", mapping, Mapping, "a mapping of answers by name")
    values, typed = {}, flag("typed", typed)
    for name, value in mapping.items():
        if not isinstance(name, str) or name.startswith("_") or type(value).__name__ == "module":
            continue
        read = plain(value)
        if not isinstance(read, str) or read == UNFILLED:
            values[name] = read
        if name == "w" and getattr(value, "grad", None) is not None:
            values["w.grad"] = plain(value.grad)
    return Answers(values=values, typed=typed)


def from_json(path) -> Answers:
    """Answers typed into a JSON object, e.g. ``{"y": 0, "dy_dw": [2, 1]}``."""
    try:
        data = json.loads(_path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise AnswerFileError(f"cannot read {path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AnswerFileError(f"cannot read {path} as JSON: {err}") from err
    if not isinstance(data, dict):
        raise AnswerFileError(f"{path} must hold a JSON object of answers by name")
    return from_mapping(data, typed=True)


def _path(path) -> Path:
    return Path(instance("path", path, (str, os.PathLike), "a file path"))


def source_of(path) -> str:
    """The Python code of a ``.py`` file, or the code cells of an ``.ipynb`` notebook."""
    path = _path(path)
    try:
        return _source(path)
    except OSError as err:
        raise AnswerFileError(f"cannot read {path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise AnswerFileError(f"cannot read {path}: {err}") from err


def _source(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    code = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c.get("cell_type") == "code"]
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
    source_of(path)
    package_parent = str(Path(__file__).resolve().parents[2])  # the folder holding lab3/
    path_list = filter(None, [package_parent, os.environ.get("PYTHONPATH")])
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": os.pathsep.join(path_list)}
    with tempfile.TemporaryDirectory(prefix="lab3-check-") as folder:
        out = Path(folder) / "answers.json"
        code = f"import sys; from {__name__} import _run; _run(sys.argv[1], sys.argv[2])"
        try:
            subprocess.run([sys.executable, "-c", code, str(path.resolve()), str(out)], cwd=folder,
                           env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return Answers(error=f"{path.name} still ran after {timeout} s and was stopped")
        if not out.is_file():
            return Answers(error=f"{path.name} ended Python itself before it could be checked")
        data = json.loads(out.read_text(encoding="utf-8"))
    values = {k: (v if v == UNFILLED else np.asarray(v, dtype=np.float64))
              for k, v in data["values"].items()}
    return Answers(values=values, error=data["error"])


def _run(path: str, out: str) -> None:
    """Run the student's file as ``__main__`` and save what it left behind (child process)."""
    sys.path.insert(0, str(Path(path).parent))
    namespace = {"__name__": "__main__", "__file__": path}
    error = None
    try:
        exec(compile(_source(Path(path)), path, "exec"), namespace)
    except BaseException as err:  # noqa: BLE001 - report any stop, SystemExit included
        lines = [f.lineno for f in traceback.extract_tb(err.__traceback__) if f.filename == path]
        where = f" at line {lines[-1]}" if lines and path.endswith(".py") else ""
        error = f"{type(err).__name__}{where}: {err}"
    values = {k: (v if isinstance(v, str) else v.tolist())
              for k, v in from_mapping(namespace).values.items()}
    Path(out).write_text(json.dumps({"values": values, "error": error}), encoding="utf-8")
