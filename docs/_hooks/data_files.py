"""Publish the shipped training set with the site, as ``data/pts.npy``, and the data of
the exercise pages' answer boxes, as ``exercises/part1-check.json`` and ``part2-check.json``.

The training set lives once, in the ``lab3`` package (``lab3/data/pts.npy``); this
hook adds it to the site's files at build time, so pages can link to
``data/pts.npy`` without a second copy being committed under ``docs/``. The
answer boxes' data (problems, solutions, tolerances, slips and hints) are
computed by ``lab3.selfcheck.page_data`` and ``page_data2`` while the site builds;
docs/javascripts/answer-boxes.js fetches them on the exercise pages only.
"""

from __future__ import annotations

import json

from mkdocs.structure.files import File

import lab3.datasets
from lab3.selfcheck import page_data, page_data2

#: The answer boxes' data files, and what writes each.
CHECK_DATA = {"exercises/part1-check.json": page_data.part1_data,
              "exercises/part2-check.json": page_data2.part2_data}


def on_files(files, config, **kwargs):
    files.append(File.generated(config, "data/pts.npy",
                                abs_src_path=str(lab3.datasets.DATA_PATH)))
    for path, make in CHECK_DATA.items():
        text = json.dumps(make(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        files.append(File.generated(config, path, content=text))
    return files
