"""The lab's Part 1 problem as data, and its full worked solution."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from . import unit
from ._validate import (InputError, as_scalar, as_vector, finite_result, instance, positive,
                        same_length)


def _read_only(name, value) -> np.ndarray:
    arr = as_vector(name, value)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class UnitProblem:
    """Inputs of Part 1: the data ``x``, the weights ``w``, the bias ``b``,
    the label ``y_label`` and the learning rate ``lr``. Frozen, its arrays
    read-only: a problem cannot change once made (``dataclasses.replace``
    makes a new one)."""

    x: np.ndarray = field(repr=False)
    w: np.ndarray = field(repr=False)
    b: float
    y_label: float
    lr: float

    def __post_init__(self):
        x, w = _read_only("x", self.x), _read_only("w", self.w)
        same_length(x, w)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "w", w)
        object.__setattr__(self, "b", as_scalar("b", self.b))
        object.__setattr__(self, "y_label", as_scalar("y_label", self.y_label))
        object.__setattr__(self, "lr", positive("lr", self.lr))

    def __repr__(self):
        return (f"UnitProblem(x={self.x.tolist()}, w={self.w.tolist()}, b={self.b}, "
                f"y_label={self.y_label}, lr={self.lr})")


#: The values the lab gives: x = [2, 1], w = [π/2, π], b = 0, ỹ = 2, α = 0.5.
LAB_PROBLEM = UnitProblem(
    x=[2.0, 1.0], w=[math.pi / 2, math.pi], b=0.0, y_label=2.0, lr=0.5
)


@dataclass(frozen=True)
class UnitSolution:
    """Every intermediate quantity of Part 1, in the order the lab asks for them."""

    wx: float  #: wᵀx
    y: float  #: forward pass
    dy_dw: np.ndarray  #: ∂y/∂w
    dy_db: float  #: ∂y/∂b
    loss: float  #: L = (y − ỹ)²
    dL_dy: float  #: ∂L/∂y
    dL_dw: np.ndarray  #: ∂L/∂w
    dL_db: float  #: ∂L/∂b
    w_new: np.ndarray  #: w − α ∂L/∂w
    y_new: float  #: forward pass with w_new
    loss_new: float  #: loss with w_new

    def as_dict(self) -> dict:
        """Plain floats and lists, ready for JSON or templates."""
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v)
                for k, v in asdict(self).items()}


def checked(problem) -> UnitProblem:
    """``problem`` if it is a :class:`UnitProblem`."""
    return instance("problem", problem, UnitProblem, "a lab3.problem.UnitProblem")


def solve(problem: UnitProblem = LAB_PROBLEM) -> UnitSolution:
    """Work Part 1 through for ``problem`` with the hand-derived formulas."""
    p = checked(problem)
    y = unit.forward(p.x, p.w, p.b)
    w_new, _ = unit.gradient_step(p.x, p.w, p.b, p.y_label, p.lr)
    y_new = unit.forward(p.x, w_new, p.b)
    return UnitSolution(
        wx=float(p.w @ p.x),
        y=y,
        dy_dw=unit.grad_y_w(p.x, p.w, p.b),
        dy_db=unit.grad_y_b(p.x, p.w, p.b),
        loss=unit.mse_loss(p.x, p.w, p.b, p.y_label),
        dL_dy=unit.grad_loss_y(y, p.y_label),
        dL_dw=unit.grad_loss_w(p.x, p.w, p.b, p.y_label),
        dL_db=unit.grad_loss_b(p.x, p.w, p.b, p.y_label),
        w_new=w_new,
        y_new=y_new,
        loss_new=unit.mse_loss(p.x, w_new, p.b, p.y_label),
    )


@finite_result("the shift of s", "x, w, b or y_label is too large")
def step_shift(problem: UnitProblem = LAB_PROBLEM) -> float:
    r"""How far one step moves :math:`s = \mathbf{w}^\top\mathbf{x}` per unit of learning rate.

    The step is :math:`-\alpha\,\partial L/\partial\mathbf{w}
    = -\alpha\,(\partial L/\partial y)\cos(s)\,\mathbf{x}`, so :math:`s` moves by
    :math:`-\alpha\,(\partial L/\partial y)\cos(s)\,\lVert\mathbf{x}\rVert^2`.
    """
    p = checked(problem)
    return float(-unit.grad_loss_w(p.x, p.w, p.b, p.y_label) @ p.x)


@finite_result("the peak rate", "x, w, b or y_label is too large")
def peak_rate(problem: UnitProblem = LAB_PROBLEM) -> float:
    r"""The smallest learning rate whose step lands :math:`s` on a peak of the sine,
    where :math:`y = 1 - b` is the largest output the unit can give."""
    s, shift = float(checked(problem).w @ problem.x), step_shift(problem)
    if shift == 0:
        raise InputError("the gradient is zero at this problem: no step moves s")
    return float(((math.copysign(math.pi / 2, shift) - s) % (math.copysign(2 * math.pi, shift)))
                 / shift)


def lowering_limit(problem: UnitProblem = LAB_PROBLEM) -> float:
    r"""The learning rate below which one step lowers the loss: the smallest
    :math:`\alpha > 0` at which the loss after the step equals the loss before.

    Found by bisection, to the last bits of a float64, on
    :math:`L(\mathbf{w} - \alpha\,\partial L/\partial\mathbf{w}) - L(\mathbf{w})`;
    the bracket comes from a scan in steps that move :math:`s` by at most 0.01.
    """
    shift = abs(step_shift(problem))
    if shift == 0:
        raise InputError("the gradient is zero at this problem: no step lowers the loss")
    before = solve(problem).loss

    def rises(lr):
        return solve(replace(problem, lr=lr)).loss_new >= before

    low, high = 0.0, 0.01 / shift
    while not rises(high):  # within a period of the sine (629 scan steps) the loss comes back
        low, high = high, high + 0.01 / shift
        if high * shift > 4 * math.pi:
            raise InputError("no step of up to two periods of the sine raises the loss")
    while high - low > 4 * np.spacing(high):
        middle = (low + high) / 2
        low, high = (low, middle) if rises(middle) else (middle, high)
    return high
