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
from pathlib import Path

import numpy as np

from ._backend import weights
from ._validate import as_scalar, positive, positive_int
from .sigmoid import sigmoid

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


def make_points(n=N_POINTS, *, w=TRUE_W, noise_std=NOISE_STD, seed=SEED,
                x_range=(-1.0, 1.0)) -> np.ndarray:
    r"""Draw a training set :math:`y_i = f(x_i, \mathbf{w}) + \varepsilon_i`,
    :math:`\varepsilon_i \sim \mathcal{N}(0, \mathtt{noise\_std}^2)`.

    With the defaults this gives exactly the shipped ``pts.npy``.

    Parameters
    ----------
    n : int
        Number of points.
    w : array of shape (2,)
        The true weights.
    noise_std : float
        Standard deviation of the noise; 0 gives points on the curve.
    seed : int
        Seed of ``numpy.random.default_rng``.
    x_range : (float, float)
        The interval the :math:`x_i` are drawn from.

    Returns
    -------
    pts : array of shape (n, 2)
        Column 0 holds :math:`x_i`, column 1 holds :math:`y_i`.
    """
    n, w = positive_int("n", n), weights(w)
    noise_std = as_scalar("noise_std", noise_std)
    if noise_std < 0:
        raise ValueError(f"noise_std must be >= 0, got {noise_std}")
    lo, hi = (as_scalar("x_range[0]", x_range[0]), as_scalar("x_range[1]", x_range[1]))
    positive("the width of x_range", hi - lo)
    rng = np.random.default_rng(seed)
    x = rng.uniform(lo, hi, size=n)
    y = sigmoid(w[0] * x + w[1]) + noise_std * rng.standard_normal(n)
    return np.stack([x, y], axis=1)


def check_points(pts, source="pts") -> np.ndarray:
    """Return ``pts`` as a float64 array of shape (N, 2), N >= 1, all finite.

    ``source`` names the data in error messages (e.g. a file path).
    """
    try:
        arr = np.asarray(pts, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{source} must hold numbers, got {np.asarray(pts).dtype}") from err
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"{source} must have shape (N, 2), one row (x, y) per point, "
                         f"got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{source} holds no points: need N >= 1")
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        raise ValueError(f"{source} must hold finite numbers, but rows "
                         f"{np.flatnonzero(bad).tolist()} hold NaN or inf")
    return arr


def load_points(path=None) -> np.ndarray:
    """Load a training set saved with ``np.save``, checked by ``check_points``.

    Parameters
    ----------
    path : str or Path, optional
        A ``.npy`` file; by default the shipped ``lab3/data/pts.npy``.

    Returns
    -------
    pts : array of shape (N, 2)
        Column 0 holds :math:`x_i`, column 1 holds :math:`y_i`.
    """
    path = DATA_PATH if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no training set at {path}: the file does not exist")
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise ValueError(f"cannot read {path} as a .npy array: {err}") from err
    if not isinstance(data, np.ndarray):
        raise ValueError(f"{path} is an .npz archive, expected a single .npy array")
    return check_points(data, source=str(path))
