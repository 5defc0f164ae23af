"""The tutorials stay valid sphinx-gallery scripts: the way out of mkdocs-gallery.

Material for MkDocs is in maintenance and mkdocs-gallery has not released since
2024, so every script in `gallery/` must also work under sphinx-gallery. Nothing
runs here: sphinx-gallery's own parser reads each script, and must find the
blocks and the title that mkdocs-gallery finds, and code that compiles.

The text blocks are Markdown, which sphinx-gallery reads as reStructuredText
(sphinx-gallery issue #710). So the prose keeps to a subset that converts
mechanically: paragraphs, bulleted and numbered lists, `[text](url)` links,
`$...$` and `$$...$$` math, `*x*` and `**x**` emphasis, inline code. `to_rst`
below is that conversion; it refuses anything else, and docutils must parse
each converted block into exactly the elements the Markdown had, silently.

Gallery headers: sphinx-gallery 0.22 looks for GALLERY_HEADER, README or readme
with the suffix `.txt` or one of Sphinx's `source_suffix` (`.rst` by default),
so it never finds `README.md`, and it pastes what it finds into an `index.rst`,
where it is reST whatever the suffix. mkdocs-gallery reads `README.txt` before
`README.md`, so renaming the headers to `README.txt` serves both tools; their
prose is held to the same subset here.
"""

import io
import re
import warnings
from collections import Counter
from itertools import groupby
from pathlib import Path
from textwrap import dedent, indent
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from sphinx_gallery import gen_rst as sphinx_gen
from sphinx_gallery import py_source_parser as sphinx_parser

with warnings.catch_warnings():  # mkdocs-gallery 0.10 imports MkDocs' deprecated warning_filter
    warnings.simplefilter("ignore", DeprecationWarning)
    from mkdocs_gallery import gen_single as mkdocs_gen
    from mkdocs_gallery import py_source_parser as mkdocs_parser

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.rglob("*.py"))
HEADERS = sorted(p for p in GALLERY.rglob("*") if p.stem.lower() in ("readme", "gallery_header"))


# Markdown subset -> reStructuredText

class OutsideSubset(ValueError):
    """Markup that has no mechanical reST equivalent."""


UNDERLINE = re.compile(r"^(=+|-+)\s*$")  # under a heading, in Markdown (setext) and reST
LIST_ITEM = re.compile(r"^(?:[-*+]|(\d+)\.) +")  # group 1: the number of a numbered item
INLINE = re.compile(
    r"(?<!`)`(?P<code>[^`\n]+)`(?!`)"
    r"|(?<!\$)\$(?P<math>[^$`]+)\$(?!\$)"
    r"|(?<!!)\[(?P<text>[^\]\[]+)\]\((?P<url>[^()\s]+)\)"  # not an image, ![...](...)
    r"|\*\*(?P<strong>[^*]+)\*\*"
    r"|\*(?P<em>[^*\s][^*]*)\*"
)
# plain text: letters, digits, spaces and this punctuation, which mean the same in both
PLAIN = set(".,;:!?'\"()-/+=%–—’“”…")
MARKUP = {  # what else a character starts, in Markdown or in reST
    "|": "a table (reST: a substitution)",
    "<": "raw HTML",
    ">": "raw HTML or a block quote",
    "{": "an attribute list or a macro",
    "}": "an attribute list or a macro",
    "[": "a reference-style link, a footnote or an image",
    "]": "a reference-style link, a footnote or an image",
    "_": "underscore emphasis (reST: a reference)",
    "\\": "a backslash escape",
    "#": "a heading",
    "$": "math that is not $...$ alone",
    "`": "a code fence or a stray backtick",
    "*": "a stray asterisk",
    "&": "an HTML entity",
}
LINE_STARTS = {"!!!": "an admonition", "???": "a collapsible admonition",
               "..": "a reST comment or directive", "$$": "display math inside a paragraph"}


def plain(text, line):
    """Text between inline markup, checked to be inert in both languages."""
    for offset, char in enumerate(text):
        if char in MARKUP or not (char.isalnum() or char.isspace() or char in PLAIN):
            what = MARKUP.get(char, "a character outside the subset")
            line += text.count("\n", 0, offset)
            raise OutsideSubset(f"line {line}: {char!r}, {what}, in {text.strip()[:60]!r}")
    if "::" in text:
        raise OutsideSubset(f"line {line}: '::' (reST: a literal block) in {text.strip()[:60]!r}")
    return text


def inline(text, line, expected):
    """Convert the inline markup of one paragraph, list item or title."""
    out, pos = [], 0
    for m in INLINE.finditer(text):
        out.append(plain(text[pos:m.start()], line + text.count("\n", 0, pos)))
        here = line + text.count("\n", 0, m.start())
        if m["code"] is not None:
            out.append(f"``{m['code']}``")
            expected["literal"] += 1
        elif m["math"] is not None:
            out.append(f":math:`{m['math']}`")
            expected["math"] += 1
        elif m["url"] is not None:
            if set(m["text"]) & set("`$*"):
                raise OutsideSubset(f"line {here}: markup in a link's text (reST cannot nest it)")
            out.append(f"`{plain(m['text'], here)} <{m['url']}>`__")
            expected["reference"] += 1
        else:
            kind = "strong" if m["strong"] is not None else "emphasis"
            body = plain(m["strong"] if kind == "strong" else m["em"], here)
            out.append(f"**{body}**" if kind == "strong" else f"*{body}*")
            expected[kind] += 1
        pos = m.end()
    out.append(plain(text[pos:], line + text.count("\n", 0, pos)))
    return "".join(out)


def check_line(line_no, line, in_list=False):
    """Refuse block markup that a line can start outside the subset."""
    stripped = line.lstrip()
    if UNDERLINE.match(stripped):
        raise OutsideSubset(f"line {line_no}: a heading other than the block's title")
    if LIST_ITEM.match(stripped):
        raise OutsideSubset(f"line {line_no}: a nested list, or a list with no blank line "
                            f"before it: {line!r}")
    if stripped != line and not in_list:
        raise OutsideSubset(f"line {line_no}: an indented line (Markdown: code; reST: a quote)")
    for start, what in LINE_STARTS.items():
        if stripped.startswith(start):
            raise OutsideSubset(f"line {line_no}: {what}: {line!r}")


def list_to_rst(chunk, expected):
    """One bulleted or numbered list; continuation lines join their item."""
    items, numbered = [], set()
    for line_no, line in chunk:
        m = LIST_ITEM.match(line)
        if m:
            numbered.add(m[1] is not None)
            items.append([line_no, line[m.end():]])
        else:
            check_line(line_no, line, in_list=True)
            items[-1][1] += "\n" + line.strip()
    if len(numbered) > 1:
        raise OutsideSubset(f"line {chunk[0][0]}: bulleted and numbered items in one list")
    marker = "#." if numbered.pop() else "-"  # reST numbers "#." items itself, from 1
    expected["list_item"] += len(items)
    expected["paragraph"] += len(items)
    return "\n".join(f"{marker} " + inline(text, line_no, expected).replace(
        "\n", "\n" + " " * (len(marker) + 1)) for line_no, text in items)


def to_rst(markdown, first_line=1):
    """Convert one text block; return the reST and the elements it must parse into."""
    expected = Counter()
    numbered = enumerate(markdown.splitlines(), first_line)
    chunks = [list(group) for blank, group in groupby(numbered, lambda nl: not nl[1].strip())
              if not blank]
    out = []
    for i, chunk in enumerate(chunks):
        line_no, first = chunk[0]
        if i == 0 and len(chunk) == 2 and UNDERLINE.match(chunk[1][1]):
            title = inline(first, line_no, expected)
            out.append(f"{title}\n{chunk[1][1][0] * len(title)}")  # reST: underline >= title
            expected["title"] += 1
        elif first.startswith("$$"):
            body = "\n".join(line for _, line in chunk)
            math = body[2:-2].strip()
            if len(body) < 5 or not body.endswith("$$") or "$" in math or "`" in math:
                raise OutsideSubset(f"line {line_no}: display math must be a paragraph "
                                    f"$$...$$ of its own")
            out.append(".. math::\n\n" + indent(math, "   "))
            expected["math_block"] += 1
        elif LIST_ITEM.match(first):
            out.append(list_to_rst(chunk, expected))
        else:
            for n, line in chunk:
                check_line(n, line)
            out.append(inline("\n".join(line for _, line in chunk), line_no, expected))
            expected["paragraph"] += 1
    return "\n\n".join(out) + "\n", expected


# docutils: the converted block parses into what the Markdown had

STRUCTURE = {"document", "section", "bullet_list", "enumerated_list"}


def parse(rst):
    """docutils' doctree of `rst`, and every message it reports, info and up."""
    messages = io.StringIO()
    doctree = publish_doctree(rst, settings_overrides={
        "report_level": 1,  # docutils says nothing on clean reST, not even an info
        "halt_level": 5,
        "warning_stream": messages,
        "raw_enabled": False,
        "file_insertion_enabled": False,
        "syntax_highlight": "none",
    })
    return doctree, [f"docutils: {line}" for line in messages.getvalue().splitlines()]


def rst_problems(rst, expected):
    """What docutils reports, and elements that differ from what the Markdown had."""
    doctree, problems = parse(rst)
    found = Counter(node.tagname for node in doctree.findall(nodes.Element)
                    if node.tagname not in STRUCTURE)
    if found != expected:
        problems.append(f"docutils: elements {dict(found)} where the Markdown has "
                        f"{dict(expected)}")
    return problems


def text_blocks(path):
    """The prose of a script (sphinx-gallery's text blocks) or of a gallery header."""
    if path.suffix == ".py":
        _, blocks = sphinx_parser.split_code_and_text_blocks(path)
        return [(b.content, b.lineno) for b in blocks if b.type == "text"]
    return [(path.read_text(encoding="utf-8"), 1)]


def prose_problems(path):
    """Every reason why the prose of `path` would not convert to clean reST."""
    problems = []
    for markdown, first_line in text_blocks(path):
        try:
            rst, expected = to_rst(markdown, first_line)
        except OutsideSubset as err:
            problems.append(f"{path.name}, {err}")
            continue
        problems += [f"{path.name}, block at line {first_line}: {p}\n{rst}"
                     for p in rst_problems(rst, expected)]
    return problems


def page_rst(script):
    """The example's page as sphinx-gallery assembles it (`gen_rst.rst_blocks`), prose converted."""
    _, blocks = sphinx_parser.split_code_and_text_blocks(script)
    parts = [to_rst(b.content)[0] if b.type == "text" else sphinx_gen.codestr2rst(b.content)
             for b in blocks]
    return "\n\n".join(parts)


def heading(markdown):
    """A text block's heading as Markdown: its first line, if the second underlines it."""
    lines = markdown.strip("\n").splitlines()
    return lines[0] if len(lines) > 1 and UNDERLINE.match(lines[1]) else None


def titles(script):
    """The title mkdocs-gallery shows, and sphinx-gallery's from the Markdown and from the reST."""
    _, blocks = sphinx_parser.split_code_and_text_blocks(script)
    docstring = blocks[0].content
    shown, _ = mkdocs_gen.extract_intro_and_title(docstring, SimpleNamespace(script_file=script))
    _, sphinx_md = sphinx_gen.extract_intro_and_title(script, docstring)
    _, sphinx_rst = sphinx_gen.extract_intro_and_title(script, to_rst(docstring)[0])
    return shown, sphinx_md, sphinx_rst


def outline_problems(script):
    """The page under sphinx-gallery: the title, then each cell's heading one level down."""
    _, blocks = sphinx_parser.split_code_and_text_blocks(script)
    cells = [heading(b.content) for b in blocks[1:] if b.type == "text"]
    doctree, problems = parse(page_rst(script))
    if doctree.children[0].tagname != "title":
        return problems + ["no page title: is a cell heading at the title's level?"]
    if doctree.children[0].astext() != titles(script)[0]:
        problems.append(f"page title {doctree.children[0].astext()!r}, not {titles(script)[0]!r}")
    sections = [node[0].astext() for node in doctree.children if node.tagname == "section"]
    if sections != [re.sub(r"[$`*]", "", cell) for cell in cells if cell]:
        problems.append(f"sections {sections}, not the cells' headings {cells}")
    return problems


# The gallery as it is

def test_gallery_is_found():
    assert len(SCRIPTS) >= 3
    assert {GALLERY} | {s.parent for s in SCRIPTS} <= {h.parent for h in HEADERS}, "no header"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_both_tools_split_the_same_blocks(script):
    _, sphinx_blocks = sphinx_parser.split_code_and_text_blocks(script)
    _, mkdocs_blocks = mkdocs_parser.split_code_and_text_blocks(script)
    assert [tuple(b) for b in sphinx_blocks] == [tuple(b) for b in mkdocs_blocks]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_title_is_the_one_mkdocs_gallery_shows(script):
    shown, sphinx_md, sphinx_rst = titles(script)
    assert shown and shown == sphinx_md == sphinx_rst


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_page_outline_is_the_same(script):
    assert outline_problems(script) == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_text_and_code_blocks(script):
    _, blocks = sphinx_parser.split_code_and_text_blocks(script)
    code = [b.content for b in blocks if b.type == "code"]
    assert blocks[0].type == "text", "the header docstring is the first text block"
    assert code, "no code block"
    for block in code:  # sphinx-gallery compiles and runs one block at a time
        compile(block, str(script), "exec")
    compile("".join(code), str(script), "exec")  # the downloadable .py


@pytest.mark.parametrize("path", SCRIPTS + HEADERS, ids=lambda p: str(p.relative_to(GALLERY)))
def test_prose_converts_to_clean_rest(path):
    problems = prose_problems(path)
    assert not problems, "\n\n".join(problems)


# The check fails when it should: synthetic scripts

SYNTHETIC = '''\
r"""
A synthetic tutorial
====================

One paragraph with [a link](../page.md), $x^2$, *emphasis* and `code`.
"""

# %%
# A cell
# ------
#
{prose}
print("hello")
'''


def synthetic(tmp_path, prose):
    script = tmp_path / "plot_00_synthetic.py"
    lines = dedent(prose).strip("\n").splitlines()
    script.write_text(SYNTHETIC.format(prose="\n".join(f"# {line}".rstrip() for line in lines)),
                      encoding="utf-8")
    return script


def test_the_whole_subset_passes(tmp_path):
    script = synthetic(tmp_path, """
        A paragraph with **strong** words, $\\mathbf{w}^\\top\\mathbf{x}$ and `w.grad`,
        over two lines, and [the loss page](../../../part1/loss.md).

        $$
        L = (y - \\tilde y)^2
        $$

        - a bullet with $\\alpha$,
          continued on a second line
        - another bullet

        1. a numbered item
        2. and a second one
        """)
    assert prose_problems(script) == []
    assert titles(script) == ("A synthetic tutorial",) * 3


@pytest.mark.parametrize("prose, reason", [
    ('!!! note "Careful"\n    An admonition.', "an admonition"),
    ("| a | b |\n| --- | --- |\n| 1 | 2 |", "a table"),
    ("Text with <b>raw HTML</b>.", "raw HTML"),
    ("A paragraph.\n{: .lead }", "an attribute list"),
    ("### A heading", "a heading"),
    ("Another title\n-------------\n\nText.", "a heading other than the block's title"),
    ("A claim[^1].\n\n[^1]: The footnote.", "a footnote"),
    ("See [the page][ref].\n\n[ref]: ../page.md", "a reference-style link"),
    ("The gradient is {{ p1.dL_dw }}.", "a macro"),
    ("![a figure](figure.png)", "an image"),
    ("Code:\n\n    x = 1", "an indented line"),
    ("```python\nx = 1\n```", "a code fence"),
    ("See [the $x$ page](../page.md).", "markup in a link's text"),
    ("Text\n- with a list right after it", "a list with no blank line"),
])
def test_markup_outside_the_subset_fails(tmp_path, prose, reason):
    problems = prose_problems(synthetic(tmp_path, prose))
    assert len(problems) == 1 and reason in problems[0], problems


@pytest.mark.parametrize("prose", [
    "The $i$th point.",  # reST ends inline markup only before a space or punctuation
    "A *word*s ending.",
    "Emphasis in*side* a word.",
])
def test_a_conversion_docutils_rejects_fails(tmp_path, prose):
    problems = prose_problems(synthetic(tmp_path, prose))
    assert problems and all("docutils" in p for p in problems), problems


def test_a_cell_heading_at_the_title_level_fails(tmp_path):
    script = synthetic(tmp_path, "Text.")
    assert outline_problems(script) == []
    script.write_text(script.read_text().replace("# ------", "# ======"), encoding="utf-8")
    assert outline_problems(script) == ["no page title: is a cell heading at the title's level?"]
