"""Publish files that lab3 makes for the pages: the shipped training set, as
``data/pts.npy``, the learning-rate explorer's landscape, as
``assets/images/lr-landscape.png``, and the data of the exercise pages' answer
boxes, as ``exercises/part1-check.json`` and ``part2-check.json``.

The training set lives once, in the ``lab3`` package (``lab3/data/pts.npy``); this
hook adds it to the site's files at build time, so pages can link to
``data/pts.npy`` without a second copy being committed under ``docs/``. The
answer boxes' data (problems, solutions, tolerances, slips and hints) are
computed by ``lab3.selfcheck.page_data`` and ``page_data2`` while the site builds;
docs/javascripts/answer-boxes.js fetches them on the exercise pages only. The
landscape is ``lab3.explore.landscape_bands`` coloured by viridis (the
tutorial's colour map), one band a palette entry: a small, exact PNG whose
pixels map linearly onto ``lab3.explore.EXTENT``.
"""

from __future__ import annotations

import io
import json

from mkdocs.structure.files import File

import lab3.datasets
import lab3.explore
from build_cache import once_per_process  # docs/_hooks/build_cache.py
from lab3.selfcheck import page_data, page_data2

#: Where the explorer's landscape is published (docs/part2/learning-rate.md reads it).
LANDSCAPE = "assets/images/lr-landscape.png"
#: The answer boxes' data files, and what writes each.
CHECK_DATA = {"exercises/part1-check.json": page_data.part1_data,
              "exercises/part2-check.json": page_data2.part2_data}


def landscape_png() -> bytes:
    """The SSE landscape over ``lab3.explore.EXTENT``, its level bands in viridis, as PNG."""
    from matplotlib import colormaps
    from PIL import Image

    bands = lab3.explore.landscape_bands(*lab3.load_points().T)
    colours = colormaps["viridis"].resampled(lab3.explore.LEVELS)(range(lab3.explore.LEVELS))
    image = Image.fromarray(bands.astype("uint8"), mode="P")
    image.putpalette((colours[:, :3] * 255).round().astype("uint8").ravel().tolist())
    out = io.BytesIO()
    image.save(out, format="png", optimize=True)
    return out.getvalue()


def contents() -> dict[str, bytes | str]:
    """The landscape and the answer boxes' data, by their paths in the site (two seconds
    of work, which ``mkdocs serve`` does once, not on every rebuild)."""
    out: dict[str, bytes | str] = {LANDSCAPE: landscape_png()}
    for path, make in CHECK_DATA.items():
        out[path] = json.dumps(make(), ensure_ascii=False, separators=(",", ":"),
                               allow_nan=False)
    return out


def on_files(files, config, **kwargs):
    files.append(File.generated(config, "data/pts.npy",
                                abs_src_path=str(lab3.datasets.DATA_PATH)))
    for path, content in once_per_process(contents, __file__).items():
        files.append(File.generated(config, path, content=content))
    return files
