"""Hypothesis strategies shared by the tests: random Part 1 problems, and bad input."""

import numpy as np
import torch
from hypothesis import strategies as st

finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@st.composite
def unit_problems(draw, max_dim=12):
    """(x, w, b, y_label) of a random dimension n in [1, max_dim]."""
    n = draw(st.integers(min_value=1, max_value=max_dim))
    x = np.array(draw(st.lists(finite, min_size=n, max_size=n)))
    w = np.array(draw(st.lists(finite, min_size=n, max_size=n)))
    return x, w, draw(finite), draw(finite)


# -- bad input: anything a student may pass by mistake ---------------------------------

#: Values that are numbers of no kind, or not the kind a function wants.
JUNK = st.sampled_from([
    None, "", "abc", "1.5", b"1", True, np.bool_(False), 1j, np.complex128(1 + 1j),
    np.datetime64("2020-01-01"), object(), {}, set(), [], [[]], [1.0, [2.0, 3.0]], [1.0, None],
    10**400, Ellipsis, np.array([1 + 1j]), np.array(["1", "2"]), print,
])
#: Any float: NaN, ±inf, huge, subnormal.
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
#: Counts out of every range, and numbers that are not whole.
BAD_COUNTS = st.sampled_from([0, -1, -10**12, 10**9, 10**30, 2.5, np.float64(3.0), "3",
                              True, np.int64(10**12), 1e20])
#: Learning rates, steps and scales that are not positive, or too small or large to use.
BAD_RATES = st.sampled_from([0.0, -1.0, -1e-300, 1e-320, 1e308, -np.inf, np.inf, np.nan])
#: Flags that are not True or False.
BAD_FLAGS = st.sampled_from(["no", "", 1, 0, 1.0, None, np.array([True, False])])
#: Names that are not among the choices.
BAD_TEXT = st.sampled_from(["", "nope", "SSE", 3, None, [], b"sse", 1.5, ("sse",)])


def _tensors(arr: np.ndarray) -> list:
    """``arr`` as tensors a function may be handed: on the graph, float32, int, bool,
    complex, and a meta tensor that has no values."""
    t = torch.tensor(arr, dtype=torch.float64)
    return [t.clone().requires_grad_(True), t.float(), t.long(), t.bool(), t.to(torch.complex64),
            torch.empty(t.shape, device="meta"), t.float().requires_grad_(True)]


def _variants(arr: np.ndarray) -> list:
    """``arr`` made bad: wrong kinds, wrong shapes, huge or empty."""
    with np.errstate(all="ignore"):
        return [arr + 1j, arr.astype(str), arr != 0, np.zeros(arr.shape, "datetime64[D]"),
                arr.reshape(1, -1), arr[..., None], np.empty(0), np.empty((0, 2)),
                np.append(arr, 1.0), arr * 1e200, arr * 1e200 + 1e300, -np.abs(arr) - 1e308,
                arr.tolist(), *_tensors(arr)]


@st.composite
def _with_one(draw, arr: np.ndarray):
    """``arr`` with one entry replaced by any float, NaN and ±inf included."""
    bad = np.array(arr, dtype=np.float64)
    flat = bad.reshape(-1)
    if flat.size:
        flat[draw(st.integers(0, flat.size - 1))] = draw(ANY_FLOAT)
    return bad if bad.ndim else float(bad)


def bad_numbers(valid):
    """Bad values in place of the numbers ``valid`` (a number, a list or an array)."""
    arr = np.asarray(valid, dtype=np.float64)
    options = [JUNK, st.sampled_from(_variants(arr)), _with_one(arr)]
    if isinstance(valid, (int, np.integer)):
        options.append(BAD_COUNTS)
    elif arr.ndim == 0 and arr > 0:
        options.append(BAD_RATES)
    return st.one_of(options)


def bad_like(valid):
    """Bad values in place of ``valid``, by its kind: numbers, a flag, a name; any other
    kind of value gets :data:`JUNK`."""
    if isinstance(valid, (bool, np.bool_)):
        return BAD_FLAGS
    if isinstance(valid, str):
        return BAD_TEXT
    if isinstance(valid, (int, float, list, tuple, np.ndarray, np.number)):
        try:
            np.asarray(valid, dtype=np.float64)
        except (TypeError, ValueError):  # not numbers: e.g. a list of graphs
            return JUNK
        return bad_numbers(valid)
    return JUNK
