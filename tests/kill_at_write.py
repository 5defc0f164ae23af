"""Run ``mkdocs build``, killed (SIGKILL) just before its N-th change to a folder.

    python tests/kill_at_write.py FOLDER N [mkdocs build options...]

A change is a file opened for writing, copied to, renamed or deleted under
FOLDER, as Python's audit events report them (``open``, ``shutil.copyfile``,
``os.rename``, ``os.remove``),
so nothing of MkDocs or its plugins is patched. With N = 0 the build runs to
the end and each change is printed to stderr as ``change: EVENT PATH``, which
is how tests/test_gallery_cache.py learns the changes a build makes.
"""

from __future__ import annotations

import os
import signal
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _is_change(event: str, args: tuple) -> str | None:
    """The path a change event touches, or None for any other event."""
    if event == "open":
        path, mode, flags = args
        writing = (mode is not None and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & WRITE_FLAGS)
        return path if writing and isinstance(path, (str, bytes, os.PathLike)) else None
    if event in ("os.rename", "os.remove"):
        return args[0]
    if event == "shutil.copyfile":
        return args[1]
    return None


def main() -> None:
    folder, target = os.path.realpath(sys.argv[1]), int(sys.argv[2])
    count = 0

    def hook(event: str, args: tuple) -> None:
        nonlocal count
        path = _is_change(event, args)
        if path is None:
            return
        path = os.path.realpath(os.fsdecode(path))
        if not path.startswith(folder + os.sep):
            return
        count += 1
        if count == target:
            os.kill(os.getpid(), signal.SIGKILL)
        if target == 0:
            print(f"change: {event} {os.path.relpath(path, folder)}", file=sys.stderr)

    sys.addaudithook(hook)
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", "build", *sys.argv[3:]]
    cli()


if __name__ == "__main__":
    main()
