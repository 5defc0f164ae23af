"""Numbers as text: the one formatter behind the pages, the figures and the worked solutions.

``number`` writes a number with a fixed count of decimals (or of significant
digits), drops trailing zeros and never writes ``-0``; a number too small to
show at that precision is written in scientific notation, or rounded to 0.
The pages (``docs/_hooks/macros.py``) turn its exponent into LaTeX, the graph
figures its minus signs into "−"; the worked solutions print it as it is.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_scalar, flag, real_array, whole_number

#: The most digits a number is written with.
MAX_DIGITS = 20


def number(value, digits: int = 4, *, significant: bool = False, tiny: int | None = None) -> str:
    """``value`` as short text, e.g. ``6.2832``, ``-8``, ``-2.4e-16``.

    Parameters
    ----------
    value : float
    digits : int
        Decimals after the point, or significant digits when ``significant``
        (0 to :data:`MAX_DIGITS`).
    significant : bool
        Count significant digits (``6.283``) instead of decimals (``6.2832``).
    tiny : int or None
        A number that is not zero but smaller than 10⁻ᵈⁱᵍⁱᵗˢ is written in
        scientific notation with ``tiny`` decimals (``tiny=1``: ``-2.4e-16``);
        with ``None`` it is rounded like any other, to ``0``. A negative ``tiny``
        counts as 0.
    """
    value, digits = as_scalar("value", value), whole_number("digits", digits, 0, MAX_DIGITS)
    significant = flag("significant", significant)
    tiny = None if tiny is None else whole_number("tiny", tiny, -MAX_DIGITS, MAX_DIGITS)
    if tiny is not None and value != 0 and abs(value) < 10.0 ** -digits:
        return f"{value:.{max(tiny, 0)}e}"
    text = f"{value:.{digits}g}" if significant else f"{value:.{digits}f}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def vector(values, digits: int = 4, *, significant: bool = False, tiny: int | None = None) -> str:
    """A vector as ``[2, -1.5]``: each value by :func:`number` with the same options."""
    values = real_array("values", values).ravel()
    return "[" + ", ".join(number(v, digits, significant=significant, tiny=tiny)
                           for v in values) + "]"
