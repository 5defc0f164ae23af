"""Drop the notebook pages' unused CSS.

mkdocs-jupyter inlines JupyterLab's whole stylesheet, 575 KiB, in each
notebook page, for the few dozen classes a static notebook uses. This hook
keeps, in each ``<style>`` block of such a page, the rules whose selectors can
match the page (every class a selector needs occurs in the page), and the
``--jp-*`` custom properties that the kept rules still use. Rules that need a
class only JupyterLab's own JavaScript would add cannot match here: the page
runs none of it. Parsing that stylesheet takes a few tenths of a second, so
each result is kept, by the hash of the stylesheets and the page's classes, in
``docs/generated/.notebook-css/`` (results no page used in a build are dropped).
"""

from __future__ import annotations

import json
import re

import tinycss2

from build_cache import GENERATED, Cache  # docs/_hooks/build_cache.py

PURGED = Cache(GENERATED / ".notebook-css", ".json", __file__, ["tinycss2"])
STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# Classes under these pseudo-classes need not occur for the selector to match.
OPTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
JP_VAR = "--jp-"



def _split_top_level(text: str, sep: str = ",") -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _required_classes(selector: str) -> set[str]:
    """Classes that must be in the page for ``selector`` to match anything."""
    kept, i = [], 0
    for match in OPTIONAL.finditer(selector):
        if match.start() < i:
            continue
        kept.append(selector[i : match.start()])
        depth, j = 1, match.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j
    kept.append(selector[i:])
    text = re.sub(r"\[[^\]]*\]", "", "".join(kept))  # attribute values are not classes
    return set(CLASS_SELECTOR.findall(text))


def _purge_rules(rules, classes: set[str]) -> list:
    """The rules that can match, as [selector text, declarations] or [at-rule prelude, rules]
    or a serialized at-rule kept whole (``@font-face``, ``@keyframes``...)."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                s
                for s in _split_top_level(tinycss2.serialize(rule.prelude))
                if _required_classes(s) <= classes
            ]
            if selectors:
                declarations = [
                    d
                    for d in tinycss2.parse_blocks_contents(
                        rule.content, skip_whitespace=True, skip_comments=True
                    )
                ]
                out.append([",".join(selectors), declarations])
        elif (
            rule.type == "at-rule"
            and rule.lower_at_keyword in ("media", "supports", "layer")
            and rule.content is not None
        ):
            inner = _purge_rules(
                tinycss2.parse_blocks_contents(
                    rule.content, skip_whitespace=True, skip_comments=True
                ),
                classes,
            )
            if inner:
                out.append(
                    [f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}", inner]
                )
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]))
    return out


def _walk(rules):
    for rule in rules:
        if isinstance(rule, str):
            continue
        if rule[1] and isinstance(rule[1][0], list | str):
            yield from _walk(rule[1])
        else:
            yield rule


def _serialize(rules) -> str:
    out = []
    for rule in rules:
        if isinstance(rule, str):
            out.append(rule)
        elif rule[1] and isinstance(rule[1][0], list | str):
            inner = _serialize(rule[1])
            if inner:
                out.append(f"{rule[0]}{{{inner}}}")
        else:
            body = ";".join(tinycss2.serialize([d]).strip() for d in rule[1] if d.type != "error")
            if body:
                out.append(f"{rule[0]}{{{body}}}")
    return "".join(out)


def purge(stylesheets: list[str], classes: set[str], page: str = "") -> list[str]:
    """The rules of each stylesheet that can match a page with these classes, less the
    ``--jp-*`` properties that no kept rule (of any of them) nor the page reads."""
    sheets = [
        _purge_rules(
            tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), classes
        )
        for css in stylesheets
    ]
    page_uses = set(VAR_USE.findall(page))
    while True:
        used = set(page_uses)
        for rule in (r for sheet in sheets for r in _walk(sheet)):
            for d in rule[1]:
                if d.type == "declaration":
                    used.update(VAR_USE.findall(tinycss2.serialize(d.value)))
        dropped = 0
        for rule in (r for sheet in sheets for r in _walk(sheet)):
            keep = [
                d
                for d in rule[1]
                if not (
                    d.type == "declaration" and d.name.startswith(JP_VAR) and d.name not in used
                )
            ]
            dropped += len(rule[1]) - len(keep)
            rule[1] = keep
        if not dropped:
            return [_serialize(sheet) for sheet in sheets]


def on_post_page(output, page, config, **kwargs):
    if 'class="jupyter-wrapper"' not in output:
        return output
    classes = {c for attr in CLASS_ATTR.findall(output) for c in attr.split()}
    without_styles = STYLE.sub("", output)
    stylesheets = [m[2] for m in STYLE.finditer(output)]
    key = "\n".join(sorted(classes) + sorted(set(VAR_USE.findall(without_styles))) + stylesheets)
    cached = PURGED.get(
        key.encode(), lambda: json.dumps(purge(stylesheets, classes, without_styles)).encode()
    )
    kept = iter(json.loads(cached.read_text(encoding="utf-8")))
    return STYLE.sub(lambda m: m[1] + next(kept) + m[3], output)


def on_post_build(config, **kwargs):
    PURGED.sweep()
