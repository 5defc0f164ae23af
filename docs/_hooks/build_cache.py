"""Results kept between builds by the hash of their inputs (not a hook: the hooks' helper).

Some hooks redo a costly step whose result depends only on its inputs:
quantising a figure (``gallery_perf.py``), cutting a KaTeX font
(``katex_ssr.py``). Each keeps its results in a ``Cache`` under
``docs/generated/``: one file per hash of the inputs, written whole or not at
all, and at the end of a build the files that no part of it asked for are
deleted. A rebuild whose inputs did not change then only reads them back.

The inputs are more than the bytes a hook passes: every key also holds the
source of the hook that makes the result (its code and its settings, such as
``MIN_PSNR``), the source of this module, and the versions of the packages the
hook names. A change to any of them makes new results, as a clean build would.

Results that ``mkdocs serve`` can keep in memory instead, from one rebuild to
the next, go through ``once_per_process``: MkDocs loads the hooks afresh for
each rebuild, but this module, imported by them, stays loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

GENERATED = Path(__file__).resolve().parents[1] / "generated"
_KEPT: dict[tuple[str, str], object] = {}  # once_per_process's results


def once_per_process(function: Callable[[], object], maker: str | Path):
    """``function()``, computed once per process for each content of ``maker``: the file
    that decides the result (the hook itself, or the vendored KaTeX it runs).

    Only for results of that file and of ``lab3``: a server never rebuilds with another
    ``lab3`` than it imported (``gallery_guard.py`` fails such a build, and ``make
    serve`` restarts the server when a hook or ``lab3`` changes).
    """
    key = (function.__qualname__, hashlib.sha256(Path(maker).read_bytes()).hexdigest())
    if key not in _KEPT:
        _KEPT[key] = function()
    return _KEPT[key]


class Cache:
    """Files in ``folder``, named by the hash of their inputs, ending in ``suffix``.

    ``maker`` is the file of the hook that makes the results, ``packages`` the
    distributions whose versions can change them; both are part of every key.
    """

    def __init__(self, folder: Path, suffix: str, maker: str | Path, packages: Iterable[str] = ()):
        self.folder, self.suffix = folder, suffix
        self.used: set[str] = set()
        salt = hashlib.sha256()
        for source in (Path(__file__), Path(maker)):
            salt.update(source.read_bytes())
        for name in sorted(packages):
            salt.update(f"{name}=={version(name)}\n".encode())
        self.salt = salt.digest()

    def get(self, inputs: bytes, make: Callable[[], bytes]) -> Path:
        """The file holding the result for ``inputs``; ``make()`` gives it if not kept yet."""
        path = self.folder / f"{hashlib.sha256(self.salt + inputs).hexdigest()[:32]}{self.suffix}"
        self.used.add(path.name)
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(make())
            partial.replace(path)
        return path

    def sweep(self) -> None:
        """Delete the results this build did not ask for; start the next build afresh."""
        if self.folder.is_dir():
            for stale in self.folder.glob(f"*{self.suffix}"):
                if stale.name not in self.used:
                    stale.unlink()
        self.used.clear()
