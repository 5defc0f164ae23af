"""The search index: loaded only when a reader searches, and its snippets as readers see them.

Material's page script fetches ``search/search_index.json`` on every page load
(about a fifth of a cold load) and hands it to the search worker. The worker
that Material's configuration names here is the site's own
(``docs/javascripts/search-worker.js``, named in ``docs/overrides/main.html``):
it reads the documents from ``search/search_index.full.json``, and only when
the first query comes. So the search plugin's index is moved there, and the
file every page fetches keeps only the index's settings (separator, pipeline,
fields), which the page uses to highlight search terms.

Two things change in the documents on the way, both about what a result shows:

- The search plugin indexes a page before its math is rendered
  (``katex_ssr.py`` runs on the finished page), so a snippet would show raw TeX,
  ``\\(\\partial L/\\partial\\mathbf{w}\\)``. Each formula becomes plain text the
  way one would type it, ``∂L/∂w`` (:func:`tex_text`).
- A page whose text before its title is not about it (a tutorial opens with
  mkdocs-gallery's download note) has its title's section as a document of its
  own; the page's entry takes that section's text, which is what the page is
  about, and the section's entry, the same title twice, goes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority

INDEX = "search/search_index.json"  # where Material's page script fetches it
FULL_INDEX = "search/search_index.full.json"  # where the worker fetches it (main.html)

# \(…\), \[…\] (arithmatex) and $…$, $$…$$ (the notebook pages' Markdown cells)
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$([^$<]+?)\$\$|\$([^$<\n]{1,200}?)\$", re.S)
SYMBOLS = {
    "partial": "∂", "nabla": "∇", "top": "ᵀ", "cdot": "·", "times": "×", "star": "*",
    "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "pm": "±",
    "sim": "~", "in": "∈", "mid": "|", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
    "sum": "Σ", "prod": "∏", "int": "∫", "infty": "∞", "dots": "…", "ldots": "…", "sqrt": "√",
    "to": "→", "leftarrow": "←", "rightarrow": "→", "Longrightarrow": "⟹", "ell": "ℓ",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "varepsilon": "ε",
    "epsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "omega": "ω",
    "{": "{", "}": "}", "%": "%", "_": "_",
}
TIGHT = {"partial", "nabla", "sqrt", "sum", "prod", "int", "lVert", "lvert"}  # no space after
FUNCTIONS = {"sin", "cos", "tan", "log", "exp", "max", "min", "arg"}  # a word, then a space
ACCENTS = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304"}
SUP = dict(zip("0123456789+-=()niTᵀ*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵀ*"))
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SPACE = re.compile(r"\\(?:quad|qquad|[ ,;:!])|~")
_LAYOUT = re.compile(r"\\(?:begin|end)\{\w+\*?\}|\\(?:left|right|[bB]ig{1,2}[lr]?)(?![A-Za-z])"
                     r"|&amp;|&(?![a-z]+;|#)")  # environments, sizes, alignment marks
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ"}
_BLACKBOARD = re.compile(r"\\mathbb\s*\{(\w)\}")
_WITH_ARGUMENT = (r"[dt]?frac|mathbf|mathrm|mathit|mathcal|mathbb|text|operatorname|boxed"
                  r"|tilde|hat|bar")
_COMMAND = re.compile(rf"\\(?!(?:{_WITH_ARGUMENT})(?![A-Za-z]))([A-Za-z]+|[{{}}%_])(\s*)(?=(.?))")
_FRAC = re.compile(r"\\[dt]?frac\s*(?:\{([^{}]*)\}|([^\s{}\\]))\s*(?:\{([^{}]*)\}|([^\s{}\\]))")
_WRAPPER = re.compile(r"\\(?:mathbf|mathrm|mathit|mathcal|mathbb|text|operatorname|boxed)"
                      r"\s*\{([^{}]*)\}")
_ACCENT = re.compile(r"\\(tilde|hat|bar)\s*(?:\{([^{}]*)\}|([^\s{}\\]))")
_SCRIPT = re.compile(r"([_^])\s*(?:\{([^{}_^]*)\}|([^\s{}_^\\]))")
_GROUP = re.compile(r"\{([^{}_^]*)\}")
_LEFT_OVER = re.compile(r"\\[A-Za-z]+\s*")  # a command whose braces went first
_MARK = {"^": "\x01", "_": "\x02"}  # a script left as ^(…) or _…, kept from matching again


def _script(match) -> str:
    table = SUP if match[1] == "^" else SUB
    body = (match[2] if match[2] is not None else match[3]).strip()
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    mark = _MARK[match[1]]
    return f"{mark}({body})" if match[1] == "^" and len(body) > 1 else f"{mark}{body}"


def _command(match) -> str:
    """A command without argument; TeX drops the space after it, which is kept here
    where it reads better (``α = 1``, ``sin x``; but ``∂L``)."""
    name, space, following = match[1], match[2], match[3]
    if name in FUNCTIONS:
        return name + (" " if space or following.isalnum() or following == "\\" else "")
    return SYMBOLS.get(name, name if name.isalpha() else "") + ("" if name in TIGHT else space)


def _accent(match) -> str:
    return (match[2] if match[2] is not None else match[3]) + ACCENTS[match[1]]


def _fraction(match) -> str:
    parts = [(a if a is not None else b).strip() for a, b in (match.group(1, 2), match.group(3, 4))]
    return "/".join(p if len(p) <= 2 else f"({p})" for p in parts)


def tex_text(tex: str) -> str:
    """A formula as plain text: ``\\partial L/\\partial\\mathbf{w}`` -> ``∂L/∂w``,
    ``\\tilde y^2`` -> ``ỹ²``, ``\\frac{a}{b + 1}`` -> ``a/(b + 1)``."""
    text = _LAYOUT.sub("", _SPACE.sub(" ", tex.replace("\\\\", " ")))
    text = _BLACKBOARD.sub(lambda m: BLACKBOARD.get(m[1], m[1]), text)
    text = _COMMAND.sub(_command, text)
    previous = None
    while previous != text:  # innermost braces first
        previous = text
        text = _WRAPPER.sub(r"\1", text)
        text = _ACCENT.sub(_accent, text)
        text = _FRAC.sub(_fraction, text)
        text = _SCRIPT.sub(_script, text)
        text = _GROUP.sub(r"\1", text)
    text = _LEFT_OVER.sub("", text).replace(_MARK["^"], "^").replace(_MARK["_"], "_")
    return unicodedata.normalize("NFC", " ".join(text.split()))  # ỹ as one character


def plain_math(html: str) -> str:
    """``html`` with each formula (``\\(…\\)``, ``$…$``...) as :func:`tex_text`."""
    return MATH.sub(lambda m: tex_text(next(g for g in m.groups() if g is not None)), html)


def readable(docs: list[dict]) -> list[dict]:
    """The documents with plain-text math, each page's entry holding its title's section."""
    docs = [dict(doc, title=plain_math(doc["title"]), text=plain_math(doc["text"]))
            for doc in docs]
    out = []
    for doc in docs:
        page = out[-1] if out and "#" not in out[-1]["location"] else None
        if (page and doc["location"].startswith(page["location"] + "#")
                and doc["title"] == page["title"]):
            page["text"] = doc["text"]  # the title's section stands for the page
            continue
        out.append(doc)
    return out


@event_priority(-50)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    index, full = Path(config.site_dir) / INDEX, Path(config.site_dir) / FULL_INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    full.write_text(json.dumps(dict(data, docs=readable(data["docs"])), separators=(",", ":")),
                    encoding="utf-8")
    index.unlink()
    index.write_text(json.dumps({"config": data["config"], "docs": []}, separators=(",", ":")),
                     encoding="utf-8")
