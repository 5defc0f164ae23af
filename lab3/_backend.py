"""NumPy or PyTorch: the Part 2 formulas are written once and run on either.

Every Part 2 function prepares its inputs here, checked by ``lab3._validate``.
Plain numbers, lists and arrays come back as float64 NumPy arrays; as soon as
one argument is a ``torch.Tensor``, all of them come back as tensors (a
floating-point tensor as it is, any other converted), so that a formula built
on them stays on PyTorch's graph and ``loss.backward()`` reaches ``w``.

PyTorch is never imported here: a value can only be a tensor once the caller
has imported ``torch``, so NumPy-only work never pays for loading it.
"""

from __future__ import annotations

import sys

import numpy as np

from ._validate import PER_SAMPLE, InputError, as_vector, is_tensor, real_array, same_length


def is_torch(*values) -> bool:
    """True when any of ``values`` is a PyTorch tensor."""
    return any(is_tensor(v) for v in values)


def xp(*values):
    """The module that computes with ``values``: ``torch`` or ``numpy``."""
    return sys.modules["torch"] if is_torch(*values) else np


def like(value, array: np.ndarray):
    """``array`` in the backend of ``value``: a tensor when ``value`` is one."""
    return sys.modules["torch"].as_tensor(array) if is_torch(value) else array


def checked(name: str, value):
    """``value`` checked (finite real numbers, any shape), in its backend: a
    floating-point tensor as it is, anything else as a float64 array."""
    arr = real_array(name, value)
    return keep(value, arr) if is_tensor(value) else arr


def together(*values) -> tuple:
    """``values`` in one backend: all of them tensors as soon as one is."""
    if not is_torch(*values):
        return values
    return tuple(v if is_torch(v) else sys.modules["torch"].as_tensor(v) for v in values)


def weights(w, size: int = 2, name: str = "w") -> np.ndarray:
    """Check that ``w`` holds ``size`` finite numbers; return them as float64."""
    arr = as_vector(name, w)
    if arr.shape != (size,):
        what = "[w0, w1]" if size == 2 else f"{size} numbers"
        raise InputError(f"{name} must hold {what}, got an array of shape {arr.shape}")
    return arr


NO_Y = object()  # prepare's y when there is none: None is a bad y


def prepare(w, x, y=NO_Y, *, w_size: int = 2, w_name: str = "w", numpy: bool = False):
    """Validated ``(w, x, y)`` in one backend (``y`` None when not given).

    Checks: ``w`` holds ``w_size`` finite numbers; ``x`` (and ``y``) are
    non-empty finite 1-D vectors of equal length. A floating-point tensor is
    returned as it is, so its graph survives; the others become float64.
    ``numpy=True`` returns float64 arrays whatever came in (for the
    hand-derived formulas).
    """
    arrays = [weights(w, w_size, w_name), as_vector("x", x)]
    if y is not NO_Y:
        arrays.append(as_vector("y", y))
        same_length(arrays[1], arrays[2], ("x", "y"), PER_SAMPLE)
    values = (w, x) if y is NO_Y else (w, x, y)
    if not numpy and is_torch(*values):
        arrays = [keep(v, a) for v, a in zip(values, arrays)]
    return (*arrays, None) if y is NO_Y else tuple(arrays)


def keep(value, numbers: np.ndarray):
    """``value`` itself when it is a floating-point tensor on the CPU, so that its graph
    survives; otherwise ``numbers``, its checked float64 copy, as a tensor."""
    if is_tensor(value) and value.is_floating_point() and value.device.type == "cpu":
        return value
    return sys.modules["torch"].as_tensor(numbers)
