"""Publish the shipped training set with the site, as ``data/pts.npy``.

The file lives once, in the ``lab3`` package (``lab3/data/pts.npy``); this
hook adds it to the site's files at build time, so pages can link to
``data/pts.npy`` without a second copy being committed under ``docs/``.
"""

from __future__ import annotations

from mkdocs.structure.files import File

import lab3.datasets


def on_files(files, config, **kwargs):
    files.append(File.generated(config, "data/pts.npy",
                                abs_src_path=str(lab3.datasets.DATA_PATH)))
    return files
