"""The input contract of lab3: every public function checks its arguments here.

A bad argument raises :class:`InputError`, whose message names the argument
and the problem: a wrong shape, NaN or inf, a complex number, text, a bool or a
date where a number belongs, a count out of range, a result that overflows
float64 (``finite_result``). A wrong kind of value raises :class:`InputTypeError`, which is an
``InputError`` and a ``TypeError`` too. So a student meets neither a silent
wrong answer nor a traceback from deep inside NumPy or PyTorch.

PyTorch is never imported here: a value can only be a tensor once its caller
has imported ``torch``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
import sys

import numpy as np

#: Why two vectors must match, for ``same_length``'s message.
INNER_PRODUCT, PER_SAMPLE = "the same length for wᵀx", "one value per sample"
#: What NumPy calls each kind of array that holds no real numbers.
NOT_REAL = {"b": "booleans", "c": "complex numbers", "U": "text", "S": "bytes",
            "M": "dates", "m": "time spans", "V": "raw bytes"}


class InputError(ValueError):
    """An argument a lab3 function cannot use; the message names it and says why."""


class InputTypeError(InputError, TypeError):
    """An argument of the wrong kind: text, a bool or a complex number for a real number."""


InputError.__module__ = InputTypeError.__module__ = "lab3"  # where users find them


def is_tensor(value) -> bool:
    """True when ``value`` is a PyTorch tensor."""
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def _tensor_numbers(name: str, t) -> np.ndarray:
    torch = sys.modules["torch"]
    if t.device.type == "meta":
        raise InputError(f"{name} is a meta tensor: it has a shape but no values")
    if t.is_complex() or t.dtype == torch.bool:
        raise InputTypeError(f"{name} must be numeric, got a tensor of {t.dtype}")
    t = t.detach().to_dense() if t.layout != torch.strided else t.detach()
    return np.array(t.to("cpu", torch.float64).resolve_neg().numpy())


def real_array(name: str, value, *, finite: bool = True) -> np.ndarray:
    """``value`` as a new float64 array of any shape, holding real numbers only.

    Accepts numbers, lists, NumPy arrays and PyTorch tensors (read, never
    changed); refuses text, bools, dates, complex numbers and, unless
    ``finite=False``, NaN and inf.
    """
    if is_tensor(value):
        arr = _tensor_numbers(name, value)
    else:
        if np.ma.is_masked(value):
            raise InputError(f"{name} has masked entries: pass the values to use")
        try:
            raw = np.asarray(value)
        except (ValueError, TypeError, RuntimeError) as err:
            raise InputTypeError(f"{name} must be numeric, in a regular array: {err}") from None
        kind = raw.dtype.kind
        if kind == "O":
            bad = [v for v in raw.flat if isinstance(v, (bool, np.bool_))
                   or not isinstance(v, numbers.Real)]
            if bad:
                raise InputTypeError(f"{name} must be numeric, got {type(bad[0]).__name__}")
        elif kind not in "iuf":
            raise InputTypeError(f"{name} must be numeric, got {NOT_REAL.get(kind, kind)}")
        try:
            arr = raw.astype(np.float64)
        except OverflowError:
            raise InputError(f"{name} holds a number too large for float64") from None
    if finite and not np.isfinite(arr).all():
        raise InputError(f"{name} must hold finite numbers, got {_show(arr)} (NaN or inf)")
    return arr


def _show(arr: np.ndarray) -> str:
    return str(arr.tolist()) if arr.size <= 8 else f"an array of shape {arr.shape}"


def as_vector(name: str, value) -> np.ndarray:
    """``value`` as a new finite, non-empty, 1-D float64 array."""
    arr = real_array(name, value)
    if arr.ndim != 1:
        raise InputError(f"{name} must be a 1-D vector, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise InputError(f"{name} must not be empty")
    return arr


def as_scalar(name: str, value) -> float:
    """``value`` as a finite Python float (one number, or an array holding one)."""
    arr = real_array(name, value, finite=False)
    if arr.size != 1:
        raise InputError(f"{name} must be a scalar, got an array of shape {arr.shape}")
    value = float(arr.reshape(()))
    if not math.isfinite(value):
        raise InputError(f"{name} must be finite, got {value}")
    return value


def same_length(a: np.ndarray, b: np.ndarray, names=("x", "w"), need=INNER_PRODUCT) -> None:
    """Check that the vectors ``a`` and ``b``, called ``names``, have the same shape.

    ``need`` says why, for the message: ``INNER_PRODUCT`` (x and w form wᵀx) or
    ``PER_SAMPLE`` (x and y hold one value per sample).
    """
    if a.shape != b.shape:
        raise InputError(
            f"{names[0]} and {names[1]} must have {need}, got {names[0]} of shape {a.shape} "
            f"and {names[1]} of shape {b.shape}"
        )


def positive(name: str, value, maximum: float | None = None) -> float:
    """``value`` as a float, finite, > 0 and at most ``maximum``."""
    value = as_scalar(name, value)
    if value <= 0:
        raise InputError(f"{name} must be positive, got {value}")
    if maximum is not None and value > maximum:
        raise InputError(f"{name} must be at most {maximum:g}, got {value:g}")
    return value


def variance(name: str, sigma) -> float:
    """σ² of the standard deviation ``sigma``: positive, and σ² finite and not 0."""
    sigma = positive(name, sigma)
    with np.errstate(over="ignore", under="ignore"):
        var = float(np.square(sigma))
    if not (math.isfinite(var) and var > 0):
        raise InputError(f"{name} = {sigma:g} is too large or too small: its square is not a "
                         "finite positive number in float64")
    return var


def non_negative(name: str, value) -> float:
    """``value`` as a float, finite and >= 0."""
    value = as_scalar(name, value)
    if value < 0:
        raise InputError(f"{name} must be >= 0, got {value}")
    return value


def whole_number(name: str, value, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int, a whole number from ``minimum`` to ``maximum``."""
    if is_tensor(value) and value.numel() == 1 and not value.is_floating_point():
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InputTypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise InputError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise InputError(f"{name} must be at most {maximum}, got {value}")
    return int(value)


def flag(name: str, value) -> bool:
    """``value``, which must be True or False (not a truthy string or number)."""
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def one_of(name: str, value, choices):
    """``value`` if it is one of ``choices`` (strings, compared as such)."""
    if not isinstance(value, str) or value not in choices:
        raise InputError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def instance(name: str, value, kind: type, what: str | None = None):
    """``value`` if it is a ``kind``; ``what`` describes it for the message."""
    if not isinstance(value, kind):
        raise InputTypeError(f"{name} must be {what or kind.__name__}, got {type(value).__name__}")
    return value


def function(name: str, value):
    """``value`` if it can be called."""
    if not callable(value):
        raise InputTypeError(f"{name} must be a function, got {type(value).__name__}")
    return value


def interval(name: str, value) -> tuple[float, float]:
    """``value`` as ``(lo, hi)``: two finite numbers with ``lo < hi``, ``hi - lo`` finite."""
    arr = real_array(name, value)
    if arr.shape != (2,):
        raise InputError(f"{name} must be two numbers (lo, hi), got an array of shape {arr.shape}")
    lo, hi = float(arr[0]), float(arr[1])
    if not (lo < hi and math.isfinite(hi - lo)):
        raise InputError(f"{name} must be an interval lo < hi of finite width, got ({lo}, {hi})")
    return lo, hi


def step_size(name: str, h, at: np.ndarray) -> float:
    """A finite-difference step at the point ``at``: large enough to move each coordinate
    by more than rounding, at least 100 ε·max(1, |at|), and small enough that
    ``at ± 2h`` stays finite."""
    h, size = positive(name, h), float(np.abs(at).max())
    smallest = 100 * np.finfo(np.float64).eps * max(1.0, size)
    if h < smallest:
        raise InputError(f"{name} = {h:g} is too small to resolve at a point of size {size:g} "
                         f"in float64: use {name} >= {smallest:.1g} (the default is 1e-6)")
    if not math.isfinite(size + 2 * h):
        raise InputError(f"{name} = {h:g} is too large: the point ± 2·{name} overflows float64")
    return h


def _all_finite(value) -> bool:
    if isinstance(value, tuple):
        return all(_all_finite(v) for v in value)
    if dataclasses.is_dataclass(value):  # a record of results: each of its fields
        return _all_finite(tuple(getattr(value, f.name) for f in dataclasses.fields(value)))
    if is_tensor(value):
        return bool(sys.modules["torch"].isfinite(value.detach()).all())
    return bool(np.isfinite(value).all())


def finite_result(what: str, cause: str):
    """Decorator: every number of the function's result (a number, an array, a tensor,
    a tuple or a dataclass of them) must be finite; if one is not, an ``InputError`` says that
    ``what`` overflowed float64 because of ``cause``. NumPy's overflow warnings are
    silenced, since the error says it."""
    def decorate(fn):
        @functools.wraps(fn)
        def checked(*args, **kwargs):
            with np.errstate(all="ignore"):
                result = fn(*args, **kwargs)
            if not _all_finite(result):
                raise InputError(f"{what} is not a finite number in float64: {cause}")
            return result
        return checked
    return decorate
