"""Input checks shared by every lab3 function.

Each check turns a bad argument into a ``ValueError`` or ``TypeError`` whose
message names the argument and the problem, so that a student never meets a
silent wrong answer or a traceback from deep inside NumPy or PyTorch.
"""

from __future__ import annotations

import numbers

import numpy as np


def _reject_non_numeric(name: str, value) -> None:
    if isinstance(value, (str, bytes, dict, set)) or value is None:
        raise TypeError(f"{name} must be numeric, got {type(value).__name__}")


def as_vector(name: str, value) -> np.ndarray:
    """Return ``value`` as a finite, non-empty, 1-D float64 array.

    Accepts lists, tuples, NumPy arrays and PyTorch tensors (detached).
    """
    _reject_non_numeric(name, value)
    if hasattr(value, "detach"):  # a torch.Tensor
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a vector of numbers, got {value!r}") from err
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers, got {arr.tolist()} (NaN or inf)")
    return arr


def as_scalar(name: str, value) -> float:
    """Return ``value`` as a finite Python float."""
    _reject_non_numeric(name, value)
    if hasattr(value, "detach"):  # a torch.Tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, (list, tuple, np.ndarray)):
        value = np.asarray(value)
        if value.size != 1:
            raise ValueError(f"{name} must be a scalar, got an array of shape {value.shape}")
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def same_length(x: np.ndarray, w: np.ndarray) -> None:
    """Check that ``x`` and ``w`` can form the inner product wᵀx."""
    if x.shape != w.shape:
        raise ValueError(
            f"x and w must have the same length for wᵀx, got x of shape {x.shape} "
            f"and w of shape {w.shape}"
        )


def positive(name: str, value) -> float:
    """Return ``value`` as a float, requiring it to be finite and > 0."""
    value = as_scalar(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def positive_int(name: str, value) -> int:
    """Return ``value`` as an int, requiring it to be a whole number ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)
