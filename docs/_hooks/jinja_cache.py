"""Keep the theme's compiled templates from one ``mkdocs serve`` rebuild to the next.

MkDocs makes a new Jinja environment for every build, which parses and compiles
Material's templates (and ``docs/overrides/``) again: about a third of a
second of each rebuild. This hook gives each environment the same in-memory
bytecode cache. Jinja keys the cache on the template's name and file, and uses
a kept entry only while its source's checksum is the same, so an edited
template is compiled afresh, as a clean build would.
"""

from __future__ import annotations

from jinja2 import BytecodeCache

from build_cache import once_per_process  # docs/_hooks/build_cache.py


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in a dict, for the life of the process."""

    def __init__(self):
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket):
        self.kept[bucket.key] = bucket.bytecode_to_string()


def on_env(env, config, files, **kwargs):
    env.bytecode_cache = once_per_process(MemoryBytecodeCache, __file__)
    return env
