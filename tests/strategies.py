"""Hypothesis strategies shared by the tests: random Part 1 problems."""

import numpy as np
from hypothesis import strategies as st

finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@st.composite
def unit_problems(draw, max_dim=12):
    """(x, w, b, y_label) of a random dimension n in [1, max_dim]."""
    n = draw(st.integers(min_value=1, max_value=max_dim))
    x = np.array(draw(st.lists(finite, min_size=n, max_size=n)))
    w = np.array(draw(st.lists(finite, min_size=n, max_size=n)))
    return x, w, draw(finite), draw(finite)
