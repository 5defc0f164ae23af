"""Make the gallery cheaper to rebuild and lighter to load.

- mkdocs-gallery runs a full garbage collection before each example, 0.15 s
  with torch loaded; most of that is walking torch's and matplotlib's
  long-lived objects. They are moved out of the collector's sight
  (``gc.freeze``) for the build, so each collection sees only new objects.
- It adds its four stylesheets to every page of the site: four requests that
  hold up the first paint. Only ``sg_gallery.css`` styles anything here (the
  others are for Binder badges, pandas tables and HTML output), and only on
  the gallery's pages, so the four are taken out of ``extra_css`` and the
  gallery's pages link that one themselves (``docs/overrides/main.html``).
- Its index links each thumbnail to ``part1/plot_01_...`` without the final
  slash of a directory URL, which every server answers with a redirect: one
  more round trip per click. The slash is added.
- Its figures and thumbnails are full-colour RGBA PNGs. The site's copies are
  rewritten as 8-bit palette PNGs, a quarter of the bytes for the same look
  (a figure whose palette version would differ visibly, below ``MIN_PSNR``,
  is left alone). The gallery's own files keep every colour, since its
  thumbnails are resampled from them; the palette versions are kept, by the
  hash of the original, in ``docs/generated/gallery/.palette/``, so a rebuild
  only copies them.
"""

from __future__ import annotations

import gc
import io
import math
import re
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

from build_cache import GENERATED, Cache  # docs/_hooks/build_cache.py

PALETTE = Cache(GENERATED / "gallery" / ".palette", ".png", __file__, ["pillow"])
MIN_PSNR = 38.0  # dB; antialiased line plots come out at 42-44


# mkdocs-gallery's thumbnail links (backreferences.py): to a page, never to a file.
THUMBNAIL_LINK = re.compile(r'(<a class="reference internal" href="[^"#?:]*?[^/"#?:])"')
GALLERY_CSS = ("sg_gallery.css", "sg_gallery-binder.css", "sg_gallery-dataframe.css",
               "sg_gallery-rendered-html.css")


@event_priority(100)  # before the gallery plugin runs the examples
def on_pre_build(config, **kwargs):
    gc.freeze()
    # every plugin's on_config, the gallery's with its stylesheets, has run by now
    config.extra_css[:] = [css for css in config.extra_css if str(css) not in GALLERY_CSS]


def on_page_content(html, page, config, **kwargs):
    if config.use_directory_urls and page.file.src_uri.startswith("generated/gallery/"):
        return THUMBNAIL_LINK.sub(r'\1/"', html)
    return html


def on_build_error(**kwargs):
    gc.unfreeze()


def palette_png(data: bytes) -> bytes:
    """``data`` (a PNG) as a 256-colour palette PNG, or unchanged if that loses too much."""
    from PIL import Image, ImageChops, ImageStat

    with Image.open(io.BytesIO(data)) as image:
        if image.mode not in ("RGBA", "RGB"):
            return data
        image.load()
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    error = ImageStat.Stat(ImageChops.difference(image, palette.convert(image.mode)))
    mse = sum(error.sum2) / (len(error.sum2) * image.width * image.height)
    if mse > 0 and 10 * math.log10(255**2 / mse) < MIN_PSNR:
        return data
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def on_post_build(config, **kwargs):
    gc.unfreeze()
    site_gallery = Path(config["site_dir"]) / "generated" / "gallery"  # the gallery's copy
    if not site_gallery.is_dir():
        return
    for png in sorted(site_gallery.glob("**/images/**/*.png")):
        data = png.read_bytes()
        shutil.copyfile(PALETTE.get(data, lambda: palette_png(data)), png)
    PALETTE.sweep()
