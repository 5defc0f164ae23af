"""Keep mkdocs-gallery's cache honest: an incremental build gives what a clean build would.

mkdocs-gallery re-runs an example only when the script's own MD5 changes, and
keeps every file it ever wrote. This hook, run before the gallery plugin,
decides which of those files can be trusted, and deletes the rest before the
gallery plugin looks at them, so that it regenerates them as a clean build
would:

- Each example is kept under a key: the script's path and bytes, the
  ``lab3`` package the examples import (its one fingerprint,
  ``fingerprint.py``), the version of every installed distribution, the
  Python version, the gallery plugin's settings, and the source of every
  hook (they run in the same process as the examples).
- After a build that succeeded, the manifest ``.manifest.json`` records, for
  each example, its key and the SHA-256 of each file it produced. The manifest
  is written whole (a temporary file, then a rename) and only then.
- Before a build, an example is trusted only if its key and every one of its
  files match the manifest. All other files in the gallery's output (an
  untrusted example's, a deleted script's, the indexes and zips rebuilt every
  time) are deleted. A build killed at any moment, a failed example, a
  changed ``lab3`` or a deleted tutorial therefore all lead to the examples
  concerned running again, or to their pages being gone.
- A process that imported ``lab3`` and the hooks (``mkdocs serve``) cannot
  build with a ``lab3`` or hooks changed on disk since (``code_fingerprint``):
  such a build fails, naming the cause. ``make serve`` (``.ci/serve.py``)
  restarts the server instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.yaml import yaml_load

from fingerprint import code_fingerprint  # docs/_hooks/fingerprint.py

log = logging.getLogger("mkdocs.hooks.gallery_guard")

MANIFEST = ".manifest.json"
OTHER_CACHES = {".palette"}  # kept by build_cache.Cache, which checks its own keys
IMPORTED = "__guard_fingerprint__"  # set on the lab3 module this process imported
_BUILD: dict = {}  # what on_pre_build learned, for on_post_build of the same build

# What mkdocs-gallery writes for an example ``<stem>.py``, in its folder and ``images/``.
OWN_FILES = r"{stem}(\.py|\.md|\.ipynb|\.py\.md5|_codeobj\.pickle)"
OWN_IMAGES = r"mkd_glr_{stem}_(\d+|thumb)\.\w+"
UNORDERED = "_codeobj.pickle"


def _record_imported_code() -> None:
    """Remember which lab3 and hooks this process is about to import (the first hook)."""
    if "lab3" not in sys.modules:
        fingerprint = code_fingerprint()
        import lab3

        setattr(lab3, IMPORTED, fingerprint)


_record_imported_code()


def check_imported_code() -> str:
    """The code fingerprint of lab3 and the hooks on disk; fails if this process
    imported another lab3, or other hooks, than those."""
    imported = getattr(sys.modules["lab3"], IMPORTED, None)
    if imported is None:
        raise PluginError("gallery_guard: lab3 was imported before the guard could record it; "
                          "list docs/_hooks/gallery_guard.py first under `hooks:` in mkdocs.yml")
    on_disk = code_fingerprint()
    if imported != on_disk:
        raise PluginError(
            "gallery_guard: lab3 or the hooks changed on disk since this process imported "
            "them, so the examples and the pages' numbers would come from the old code. "
            "Restart the server (`make serve` does it by itself) or run `make site`."
        )
    return on_disk


def _environment() -> bytes:
    """Python's version and every installed distribution's name and version, as the
    names of their ``*.dist-info`` folders give them on ``sys.path``."""
    found = set()
    for entry in map(Path, sys.path):
        if entry.is_dir():
            found.update(p.name for p in entry.glob("*.dist-info"))
    return "\n".join([sys.version, *sorted(found)]).encode()


def _digest(path: Path) -> str:
    """A file's SHA-256; for a code-object pickle only that it exists: mkdocs-gallery
    pickles sets, whose order changes from one process to the next, and the site
    does not publish it."""
    if path.name.endswith(UNORDERED):
        return "exists"
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Gallery:
    """The gallery's examples, their output folders and keys, as this build starts.

    The keys are taken once, before the gallery plugin runs, and recorded after
    it: a script saved during the build then has another key next time, and its
    example runs again.
    """

    def __init__(self, config, code: str):
        path = Path(config.config_file_path).resolve()
        settings = self.settings(path)
        examples, outputs = settings["examples_dirs"], settings["gallery_dirs"]
        examples = [examples] if isinstance(examples, str) else list(examples)
        outputs = [outputs] if isinstance(outputs, str) else list(outputs)
        self.outs = [path.parent / out for out in outputs]
        common = hashlib.sha256(code.encode())  # lab3 and the hooks (code_fingerprint)
        common.update(_environment())
        common.update(json.dumps(settings, sort_keys=True).encode())
        # name -> (script, its output folder, its key)
        self.examples: dict[str, tuple[Path, Path, str]] = {}
        for src, out in zip(examples, self.outs):
            for script in sorted((path.parent / src).rglob("*.py")):
                rel = script.relative_to(path.parent / src)
                name = (Path(out.name) / rel).as_posix()
                key = common.copy()
                key.update(name.encode() + b"\0" + script.read_bytes())
                self.examples[name] = (script, out / rel.parent, key.hexdigest())

    @staticmethod
    def settings(config_file: Path) -> dict:
        """The gallery plugin's settings as ``mkdocs.yml`` writes them (the plugin's
        defaults come with its version, which the environment holds)."""
        with config_file.open("rb") as stream:
            raw = yaml_load(stream)
        for plugin in raw.get("plugins", []):
            if isinstance(plugin, dict) and "gallery" in plugin:
                return plugin["gallery"]
        raise PluginError("gallery_guard: no `gallery` plugin with settings in mkdocs.yml")


def outputs(script: Path, folder: Path) -> dict[str, str]:
    """The files mkdocs-gallery wrote for ``script`` in ``folder``: path -> digest."""
    stem = re.escape(script.stem)
    own = re.compile(OWN_FILES.format(stem=stem))
    images = re.compile(OWN_IMAGES.format(stem=stem))
    files = [p for p in folder.glob(f"{script.stem}*") if p.is_file() and own.fullmatch(p.name)]
    for sub in (folder / "images", folder / "images" / "thumb"):
        if sub.is_dir():
            files += [p for p in sub.iterdir() if p.is_file() and images.fullmatch(p.name)]
    return {p.relative_to(folder).as_posix(): _digest(p) for p in sorted(files)}


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        return {}


def _trusted(gallery: Gallery) -> dict[str, set[Path]]:
    """The files of each example whose key and files match the manifest, by example."""
    recorded = {}
    for out in gallery.outs:
        recorded.update(_read_manifest(out / MANIFEST))
    trusted = {}
    for name, (script, folder, key) in gallery.examples.items():
        entry = recorded.get(name)
        if not isinstance(entry, dict) or entry.get("key") != key:
            continue
        files = outputs(script, folder)
        if files == entry.get("files"):
            trusted[name] = {folder / rel for rel in files}
    return trusted


@event_priority(100)  # before the gallery plugin's on_pre_build
def on_pre_build(config, **kwargs):
    gallery = _BUILD["gallery"] = Gallery(config, check_imported_code())
    trusted = _trusted(gallery)
    keep = set().union(*trusted.values())
    removed = 0
    for out in gallery.outs:
        if not out.is_dir():
            continue
        for path in sorted(out.rglob("*"), reverse=True):  # a folder after its files
            if path.name == MANIFEST or any(
                    part in OTHER_CACHES for part in path.relative_to(out).parts):
                continue  # the manifest trusts nothing that does not match it
            if path.is_file() and path not in keep:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    log.info("gallery_guard: %d of %d examples kept from the last build; %d files removed",
             len(trusted), len(gallery.examples), removed)


def on_post_build(config, **kwargs):
    gallery = _BUILD.pop("gallery")
    manifests: dict[Path, dict] = {out: {} for out in gallery.outs}
    for name, (script, folder, key) in gallery.examples.items():
        out = next(out for out in gallery.outs if folder.is_relative_to(out))
        manifests[out][name] = {"key": key, "files": outputs(script, folder)}
    for out, manifest in manifests.items():
        out.mkdir(parents=True, exist_ok=True)
        partial = out / (MANIFEST + ".part")
        partial.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, out / MANIFEST)
