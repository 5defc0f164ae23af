r"""The training set of Part 2: how it was made, and how to load it.

The lab's template loads ``pts.npy``, five points :math:`(x_i, y_i)` with
:math:`x_i \in [-1, 1]`, but the lab never ships the file. ``lab3`` ships one,
``lab3/data/pts.npy``, made by ``make_points()`` with the defaults below:

- :math:`x_i` drawn uniformly from :math:`[-1, 1]`;
- :math:`y_i = f(x_i, \mathbf{w}^\star) + \varepsilon_i` with the true weights
  :math:`\mathbf{w}^\star = [4, 0]` and Gaussian noise of variance 1/2
  (standard deviation :math:`1/\sqrt{2}`), exactly the noise the model
  :math:`p(y \mid x, \mathbf{w}) = K\exp(-(y - f)^2)` assumes;
- NumPy's ``default_rng(196)``: first the five :math:`x_i`, then the five
  noise values.

The seed was chosen so that the least-squares optimum is finite and 30
gradient steps from the lab's start :math:`[-2, 2]` get visibly close to it,
but not all the way.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from ._backend import weights
from ._validate import (InputError, finite_result, instance, interval, non_negative, real_array,
                        whole_number)
from .sigmoid import _model

#: Where the shipped training set lives.
DATA_PATH = Path(__file__).with_name("data") / "pts.npy"
#: The weights w* = [w0, w1] that generated the shipped set.
TRUE_W = (4.0, 0.0)
#: Standard deviation of the noise on y: 1/√2, i.e. variance 1/2.
NOISE_STD = 1.0 / math.sqrt(2.0)
#: Number of points, as in the lab's template.
N_POINTS = 5
#: Seed of the generator that made the shipped set.
SEED = 196
#: The most points a training set may hold, drawn or loaded: 80 MB per column.
MAX_SAMPLES = 10_000_000
#: What a training set file must be.
MALFORMED = "is not a training set (a malformed data file)"


@finite_result("the points", "w or noise_std is too large")
def make_points(n=N_POINTS, *, w=TRUE_W, noise_std=NOISE_STD, seed=SEED,
                x_range=(-1.0, 1.0)) -> np.ndarray:
    r"""Draw a training set :math:`y_i = f(x_i, \mathbf{w}) + \varepsilon_i`,
    :math:`\varepsilon_i \sim \mathcal{N}(0, \mathtt{noise\_std}^2)`.

    With the defaults this gives exactly the shipped ``pts.npy``.

    Parameters
    ----------
    n : int
        Number of points, from 1 to :data:`MAX_SAMPLES`.
    w : array of shape (2,)
        The true weights.
    noise_std : float
        Standard deviation of the noise; 0 gives points on the curve.
    seed : int
        Seed of ``numpy.random.default_rng``, a whole number >= 0.
    x_range : (float, float)
        The interval the :math:`x_i` are drawn from.

    Returns
    -------
    pts : array of shape (n, 2)
        Column 0 holds :math:`x_i`, column 1 holds :math:`y_i`.
    """
    n, w = whole_number("n", n, maximum=MAX_SAMPLES), weights(w)
    noise_std, lo_hi = non_negative("noise_std", noise_std), interval("x_range", x_range)
    rng = np.random.default_rng(whole_number("seed", seed, minimum=0))
    x = rng.uniform(*lo_hi, size=n)
    y = _model(x, w) + noise_std * rng.standard_normal(n)
    return np.stack([x, y], axis=1)


def check_points(pts, source="pts") -> np.ndarray:
    """Return ``pts`` as a new float64 array of shape (N, 2), 1 <= N <= :data:`MAX_SAMPLES`,
    all finite.

    ``source`` names the data in error messages (e.g. a file path).
    """
    arr = real_array(str(source), pts, finite=False)
    _check_shape(arr.shape, source)
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        raise InputError(f"{source} must hold finite numbers, but rows "
                         f"{np.flatnonzero(bad).tolist()[:10]} hold NaN or inf")
    return arr


def _check_shape(shape, source) -> None:
    if len(shape) != 2 or shape[1] != 2:
        raise InputError(f"{source} must have shape (N, 2), one row (x, y) per point, "
                         f"got shape {shape}")
    if not 1 <= shape[0] <= MAX_SAMPLES:
        raise InputError(f"{source} must hold from 1 to {MAX_SAMPLES} points, got {shape[0]}")


def load_points(path=None) -> np.ndarray:
    """Load a training set saved with ``np.save``: its header (real numbers, shape
    (N, 2), as many bytes as it claims), then its values by ``check_points``.

    Parameters
    ----------
    path : str or Path, optional
        A ``.npy`` file; by default the shipped ``lab3/data/pts.npy``.

    Returns
    -------
    pts : array of shape (N, 2)
        Column 0 holds :math:`x_i`, column 1 holds :math:`y_i`.
    """
    path = DATA_PATH if path is None else Path(instance("path", path, (str, os.PathLike),
                                                        "a file path"))
    if not path.is_file():
        why = "it is a folder" if path.is_dir() else "the file does not exist"
        raise InputError(f"no training set at {path}: {why}")
    _check_header(path)
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as err:
        raise InputError(f"{path} {MALFORMED}: cannot read it as a .npy array: {err}") from None
    return check_points(data, source=str(path))


def _check_header(path: Path) -> None:
    """A .npy file's header: a version NumPy reads, real numbers of shape (N, 2), and as
    many bytes after it as that shape needs."""
    fmt = np.lib.format
    with path.open("rb") as f:
        if f.read(4) == b"PK\x03\x04":
            raise InputError(f"{path} is an .npz archive, expected a single .npy array")
        f.seek(0)
        try:
            version = fmt.read_magic(f)
            read = {(1, 0): fmt.read_array_header_1_0, (2, 0): fmt.read_array_header_2_0}
            shape, _, dtype = read[version](f)
        except (ValueError, KeyError, EOFError, OSError, SyntaxError) as err:
            raise InputError(f"{path} {MALFORMED}: cannot read it as a .npy array "
                             f"({err or 'unknown header'})") from None
        start = f.tell()
    if dtype.kind not in "iuf" or dtype.hasobject:
        raise InputError(f"{path} {MALFORMED}: it must hold real numbers, got dtype {dtype}")
    _check_shape(shape, path)
    need, have = math.prod(shape) * dtype.itemsize, path.stat().st_size - start
    if have != need:
        raise InputError(f"{path} {MALFORMED}: its header claims shape {shape}, {need} bytes, "
                         f"but {have} bytes follow it")
