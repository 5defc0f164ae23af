"""Results kept between builds by the hash of their inputs (not a hook: the hooks' helper).

Some hooks redo a costly step whose result depends only on its inputs:
quantising a figure (``gallery_perf.py``), purging a notebook page's CSS
(``notebook_css.py``), cutting a KaTeX font (``katex_ssr.py``). Each keeps its
results in a ``Cache`` under ``docs/generated/``: one file per hash of the
inputs, written whole or not at all, and at the end of a build the files that
no part of it asked for are deleted. A rebuild whose inputs did not change
then only reads them back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

GENERATED = Path(__file__).resolve().parents[1] / "generated"


class Cache:
    """Files in ``folder``, named by the hash of their inputs, ending in ``suffix``."""

    def __init__(self, folder: Path, suffix: str):
        self.folder, self.suffix = folder, suffix
        self.used: set[str] = set()

    def get(self, inputs: bytes, make: Callable[[], bytes]) -> Path:
        """The file holding the result for ``inputs``; ``make()`` gives it if not kept yet."""
        path = self.folder / f"{hashlib.sha256(inputs).hexdigest()[:32]}{self.suffix}"
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
