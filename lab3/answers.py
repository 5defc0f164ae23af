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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

#: A blank of a template that is still ``...``.
UNFILLED = "unfilled"
#: The largest array read back from a file, in numbers.
MAX_SIZE = 100_000


class AnswerFileError(ValueError):
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
    if hasattr(value, "detach"):  # a torch.Tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, (bool, str, bytes)) or callable(value):
        return type(value).__name__
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return type(value).__name__
    return arr if arr.size <= MAX_SIZE else type(value).__name__


def from_mapping(mapping, *, typed=False) -> Answers:
    """Answers from a dict such as a notebook's ``globals()``; ``w.grad`` is read too."""
    values = {}
    for name, value in mapping.items():
        if name.startswith("_") or type(value).__name__ == "module":
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
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise AnswerFileError(f"cannot read {path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AnswerFileError(f"cannot read {path} as JSON: {err}") from err
    if not isinstance(data, dict):
        raise AnswerFileError(f"{path} must hold a JSON object of answers by name")
    return from_mapping(data, typed=True)


def source_of(path: Path) -> str:
    """The Python code of a ``.py`` file, or the code cells of an ``.ipynb`` notebook."""
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
    path = Path(path)
    if path.suffix == ".json":
        return from_json(path)
    if path.suffix not in (".py", ".ipynb"):
        raise AnswerFileError(f"{path}: expected a .py, .ipynb or .json file")
    try:
        source_of(path)
    except OSError as err:
        raise AnswerFileError(f"cannot read {path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise AnswerFileError(f"cannot read {path}: {err}") from err
    package_parent = str(Path(__file__).resolve().parents[1])
    path_list = filter(None, [package_parent, os.environ.get("PYTHONPATH")])
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": os.pathsep.join(path_list)}
    with tempfile.TemporaryDirectory(prefix="lab3-check-") as folder:
        out = Path(folder) / "answers.json"
        code = "import sys; from lab3.answers import _run; _run(sys.argv[1], sys.argv[2])"
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
        exec(compile(source_of(Path(path)), path, "exec"), namespace)
    except BaseException as err:  # noqa: BLE001 - report any stop, SystemExit included
        lines = [f.lineno for f in traceback.extract_tb(err.__traceback__) if f.filename == path]
        where = f" at line {lines[-1]}" if lines and path.endswith(".py") else ""
        error = f"{type(err).__name__}{where}: {err}"
    values = {k: (v if isinstance(v, str) else v.tolist())
              for k, v in from_mapping(namespace).values.items()}
    Path(out).write_text(json.dumps({"values": values, "error": error}), encoding="utf-8")
