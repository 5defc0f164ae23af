"""One fingerprint of the ``lab3`` package (not a hook: the hooks' and CI's helper).

The gallery's cache guard (``gallery_guard.py``), the student wheel
(``wheel.py``) and CI's cache key all ask "which lab3 is this?". They ask here:
a SHA-256 over the path and bytes of every file of the package that this
Python imports (sources and data; ``__pycache__`` left out), found without
importing it.

A build process keeps more code than lab3 once imported: the hooks' helpers
and the macros module stay in ``sys.modules``. ``code_fingerprint`` covers
lab3 and every Python file of ``docs/_hooks/``: a server whose code
fingerprint changed must restart (``.ci/serve.py``; ``gallery_guard.py``
fails its builds until then).

    python docs/_hooks/fingerprint.py    # prints it (CI's cache key)
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path


def package_dir() -> Path:
    """The folder of the ``lab3`` package that ``import lab3`` would load."""
    spec = importlib.util.find_spec("lab3")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("lab3 is not importable: run `make` to install it")
    return Path(spec.origin).resolve().parent


def package_files(package: Path) -> list[Path]:
    """Every file of ``package``, sorted, without compiled caches."""
    return sorted(
        path for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def _add_files(digest, root: Path, paths) -> None:
    """Feed ``digest`` the path (relative to ``root``) and bytes of each file."""
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def lab3_fingerprint(package: Path | None = None) -> str:
    """SHA-256 (hex) over the relative path and bytes of each file of the lab3 package."""
    package = package_dir() if package is None else package
    digest = hashlib.sha256()
    _add_files(digest, package, package_files(package))
    return digest.hexdigest()


def code_fingerprint() -> str:
    """SHA-256 (hex) over lab3 (its fingerprint) and the Python files of the hooks."""
    hooks = Path(__file__).resolve().parent
    digest = hashlib.sha256(lab3_fingerprint().encode())
    _add_files(digest, hooks, [p for p in package_files(hooks) if p.suffix == ".py"])
    return digest.hexdigest()


if __name__ == "__main__":
    print(lab3_fingerprint())
