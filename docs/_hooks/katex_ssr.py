r"""Render the pages' math to HTML while the site builds, with the vendored KaTeX.

The site used to load KaTeX (270 KiB of JavaScript) on every page and render
the math in the browser with KaTeX's auto-render. This hook does the same work
at build time, with the same KaTeX (``docs/assets/katex/katex.min.js``, run in
the QuickJS engine) and the same rules as auto-render: every text of the
page's body outside ``script``, ``style``, ``pre``, ``code``, ``svg``... that holds TeX
between ``$$``, ``$``, ``\(`` or ``\[`` delimiters (pymdownx.arithmatex's
output, notebook Markdown cells, headings in the tables of contents). Each
formula is put in a ``<span>``, as auto-render did, so the theme lays it out
as before; KaTeX's output keeps the MathML and the TeX source, for screen
readers and copy-paste. A page then needs KaTeX's stylesheet and fonts only,
and nothing moves when the math appears.

It runs on the finished page, after the search plugin has indexed the TeX
rather than KaTeX's markup. TeX that KaTeX cannot parse is a warning, so the
strict build fails and names it.

A page with math also preloads the KaTeX fonts its math uses (read off the
rendered classes, by the rules of ``katex.min.css``). A browser fetches a font
only once it lays out text in it, so without this the math is first laid out
in a fallback font and moves when KaTeX's arrives (layout shift).

Those fonts are cut, in the built site, to the characters the site's math
shows: KaTeX's woff2 files hold every glyph TeX users may need (Greek,
accents, operators...), and a page here needs fewer than a hundred. Each font
a page preloads is subset (fontTools, hinting kept) from the vendored file to
the characters of KaTeX's HTML output on every page, which takes its three
usual fonts from 66 KiB to about 27. The .woff and .ttf fallbacks, which no
current browser fetches, stay whole. The cut fonts are kept, by the hash of
font and characters, in ``docs/generated/.katex-fonts/``, so a rebuild only
copies them.
"""

from __future__ import annotations

import html
import io
import logging
import re
import shutil
from pathlib import Path

import quickjs
import tinycss2
from fontTools import subset
from fontTools.ttLib import TTFont

from build_cache import GENERATED, Cache, once_per_process  # docs/_hooks/build_cache.py

log = logging.getLogger("mkdocs.hooks.katex_ssr")

KATEX_DIR = Path(__file__).resolve().parents[1] / "assets" / "katex"
CUT_FONTS = Cache(GENERATED / ".katex-fonts", ".woff2", __file__, ["fonttools", "brotli"])
BODY = re.compile(r"<body\b.*</body>", re.S)
# What auto-render leaves alone (its ignoredTags), KaTeX's own MathML, and inline SVG figures.
SKIPPED = re.compile(r"<(script|noscript|style|textarea|pre|code|option|math|svg)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]*>")
MATHML = re.compile(r"<math\b.*?</math>", re.S)
# auto-render's delimiters, in its order: display $$ and \[, inline $ and \(.
DELIMITED = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)", re.S)
CLASS_ATTR = re.compile(r'class="([^"]*)"')
KATEX_CSS_LINK = re.compile(r'<link rel="stylesheet" href="([^"]*?)katex\.min\.css">')

_renderer = None
_shown: set[str] = set()  # every character this build's math shows
_font_rules = None
_fonts_used: set[str] = set()  # woff2 files (relative to katex.min.css) some page preloads


class _KaTeX:
    """KaTeX's renderToString in a QuickJS context, memoised: each expression's HTML
    and the characters it shows."""

    def __init__(self):
        self.context = quickjs.Context()
        self.context.eval("var module = {exports: {}}, exports = module.exports;")
        self.context.eval((KATEX_DIR / "katex.min.js").read_text(encoding="utf-8"))
        self.context.eval(
            "function render(tex, display) {"
            "  return module.exports.renderToString("
            "    tex, {displayMode: display, throwOnError: true});"
            "}"
        )
        self.render_js = self.context.get("render")
        self.cache: dict[tuple[str, bool], tuple[str, frozenset[str]]] = {}

    def __call__(self, tex: str, display: bool) -> tuple[str, frozenset[str]]:
        key = (tex, display)
        if key not in self.cache:
            out = self.render_js(tex, display)
            self.cache[key] = out, frozenset(html.unescape(TAG.sub("", MATHML.sub("", out))))
        return self.cache[key]


def _render_text(text: str, where: str) -> str:
    """One text of the page (HTML-escaped) with its delimited TeX rendered."""
    global _renderer
    if _renderer is None:
        # One renderer per process and KaTeX: ``mkdocs serve`` loads this hook afresh for
        # each rebuild, and the renderer and its memo outlive them.
        _renderer = once_per_process(_KaTeX, KATEX_DIR / "katex.min.js")

    def replace(match):
        display = match.group(1) is not None or match.group(2) is not None
        tex = next(g for g in match.groups() if g is not None)
        try:
            out, chars = _renderer(html.unescape(tex).strip(), display)
        except quickjs.JSException as err:
            log.warning("%s: KaTeX cannot render %r: %s", where, tex, str(err).splitlines()[0])
            return match.group(0)
        _shown.update(chars)
        return f"<span>{out}</span>"

    return DELIMITED.sub(replace, text)


def render_math(page_html: str, where: str = "") -> str:
    """``page_html`` with the TeX in its body's texts rendered, as auto-render would."""
    body = BODY.search(page_html)
    if body is None or not any(d in body.group(0) for d in ("$", "\\(", "\\[")):
        return page_html
    out, last = [], body.start()
    for skipped in [*SKIPPED.finditer(page_html, body.start(), body.end()), None]:
        end = skipped.start() if skipped else body.end()
        chunk, pos = page_html[last:end], 0
        for tag in TAG.finditer(chunk):
            out.append(_render_text(chunk[pos : tag.start()], where))
            out.append(tag.group(0))
            pos = tag.end()
        out.append(_render_text(chunk[pos:], where))
        if skipped:
            out.append(skipped.group(0))
            last = skipped.end()
    return page_html[: body.start()] + "".join(out) + page_html[body.end() :]


def _declarations(rule) -> dict[str, str]:
    return {
        d.name: tinycss2.serialize(d.value).strip()
        for d in tinycss2.parse_blocks_contents(
            rule.content, skip_whitespace=True, skip_comments=True
        )
        if d.type == "declaration"
    }


def font_rules() -> tuple[list[tuple[frozenset, tuple]], dict[tuple, str]]:
    """From katex.min.css: (classes an element needs, font) pairs, and each font's woff2 file."""
    global _font_rules
    if _font_rules is None:
        css = (KATEX_DIR / "katex.min.css").read_text(encoding="utf-8")
        needs, files = [], {}
        for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
            decl = _declarations(rule) if rule.content is not None else {}
            font = (
                decl.get("font-family", "").split(",")[0].strip().strip("\"'"),
                "700" if decl.get("font-weight") in ("700", "bold") else "400",
                decl.get("font-style", "normal"),
            )
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
                woff2 = re.search(r"url\(([^)]*\.woff2)\)", decl.get("src", ""))
                if woff2:
                    files[font] = woff2.group(1).strip("'\"")
            elif rule.type == "qualified-rule" and font[0].startswith("KaTeX_"):
                for selector in tinycss2.serialize(rule.prelude).split(","):
                    last = selector.strip().split(" ")[-1].split(">")[0]
                    needs.append((frozenset(re.findall(r"\.([\w-]+)", last)), font))
        _font_rules = needs, files
    return _font_rules


def fonts_used(page_html: str) -> list[str]:
    """The woff2 files (relative to katex.min.css) of the KaTeX fonts a page's math uses."""
    if 'class="katex"' not in page_html:
        return []
    needs, files = font_rules()
    used = {("KaTeX_Main", "400", "normal")}
    for attr in set(CLASS_ATTR.findall(page_html)):
        classes = set(attr.split())
        used.update(font for required, font in needs if required and required <= classes)
        if "textbf" in classes:
            used.add(("KaTeX_Main", "700", "normal"))
        if "textit" in classes:
            used.add(("KaTeX_Main", "400", "italic"))
    return [files[font] for font in sorted(used) if font in files]


def preload_fonts(page_html: str) -> str:
    """``page_html`` with <link rel=preload> for each KaTeX font its rendered math uses."""
    link = KATEX_CSS_LINK.search(page_html)
    fonts = fonts_used(page_html) if link else []
    _fonts_used.update(fonts)
    tags = "".join(
        f'<link rel="preload" href="{link.group(1)}{font}" as="font" type="font/woff2" crossorigin>'
        for font in fonts
    )
    return page_html.replace(link.group(0), tags + link.group(0), 1) if tags else page_html


def subset_font(source: Path, text: str) -> bytes:
    """The woff2 font ``source`` cut to the glyphs ``text`` needs."""
    font = TTFont(source, recalcTimestamp=False)  # no build date inside: reproducible
    subsetter = subset.Subsetter(subset.Options(layout_features=["*"], notdef_outline=True))
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def on_post_page(output, page, config, **kwargs):
    return preload_fonts(render_math(output, page.file.src_uri))


def on_post_build(config, **kwargs):
    global _renderer
    if _renderer is not None:
        shown = "".join(sorted(_shown))
        site_katex = Path(config.site_dir) / "assets" / "katex"
        for font in sorted(_fonts_used):
            source = KATEX_DIR / font
            cut = CUT_FONTS.get(source.read_bytes() + shown.encode(),
                                lambda: subset_font(source, shown))
            shutil.copyfile(cut, site_katex / font)
        CUT_FONTS.sweep()
    _fonts_used.clear()
    _shown.clear()
    _renderer = None
