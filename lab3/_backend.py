"""NumPy or PyTorch: the Part 2 formulas are written once and run on either.

Every Part 2 function validates its inputs here. Plain numbers, lists and
arrays come back as float64 NumPy arrays; as soon as one argument is a
``torch.Tensor``, all of them come back as tensors, so that a formula built on
them stays on PyTorch's graph and ``loss.backward()`` reaches ``w``.
"""

from __future__ import annotations

import numpy as np
import torch

from ._validate import as_vector


def is_torch(*values) -> bool:
    """True when any of ``values`` is a PyTorch tensor."""
    return any(isinstance(v, torch.Tensor) for v in values)


def xp(*values):
    """The module that computes with ``values``: ``torch`` or ``numpy``."""
    return torch if is_torch(*values) else np


def weights(w, size: int = 2, name: str = "w") -> np.ndarray:
    """Check that ``w`` holds ``size`` finite numbers; return them as float64."""
    arr = as_vector(name, w)
    if arr.shape != (size,):
        what = "[w0, w1]" if size == 2 else f"{size} numbers"
        raise ValueError(f"{name} must hold {what}, got an array of shape {arr.shape}")
    return arr


def same_length(x: np.ndarray, y: np.ndarray, names=("x", "y")) -> None:
    """Check that two per-sample vectors describe the same samples."""
    if x.shape != y.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have one value per sample, got "
            f"{names[0]} of shape {x.shape} and {names[1]} of shape {y.shape}"
        )


def prepare(w, x, y=None, *, w_size: int = 2, w_name: str = "w", numpy: bool = False):
    """Validated ``(w, x, y)`` in one backend (``y`` may be None).

    Checks: ``w`` holds ``w_size`` finite numbers; ``x`` (and ``y``) are
    non-empty finite 1-D vectors of equal length. A tensor argument is
    returned as it is, so its graph survives; the others become float64.
    ``numpy=True`` returns float64 arrays whatever came in (for the
    hand-derived formulas).
    """
    arrays = [weights(w, w_size, w_name), as_vector("x", x)]
    if y is not None:
        arrays.append(as_vector("y", y))
        same_length(arrays[1], arrays[2])
    values = (w, x) if y is None else (w, x, y)
    if not numpy and is_torch(*values):
        arrays = [v if isinstance(v, torch.Tensor) else torch.as_tensor(a)
                  for v, a in zip(values, arrays)]
    return (*arrays, None) if y is None else tuple(arrays)
