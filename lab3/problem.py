"""The lab's Part 1 problem as data, and its full worked solution."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from . import unit
from ._validate import as_scalar, as_vector, positive, same_length


@dataclass(frozen=True)
class UnitProblem:
    """Inputs of Part 1: the data ``x``, the weights ``w``, the bias ``b``,
    the label ``y_label`` and the learning rate ``lr``."""

    x: np.ndarray = field(repr=False)
    w: np.ndarray = field(repr=False)
    b: float
    y_label: float
    lr: float

    def __post_init__(self):
        x, w = as_vector("x", self.x), as_vector("w", self.w)
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


def solve(problem: UnitProblem = LAB_PROBLEM) -> UnitSolution:
    """Work Part 1 through for ``problem`` with the hand-derived formulas."""
    p = problem
    y = unit.forward(p.x, p.w, p.b)
    w_new, _ = unit.gradient_step(p.x, p.w, p.b, p.y_label, p.lr)
    y_new = unit.forward(p.x, w_new, p.b)
    return UnitSolution(
        wx=float(p.w @ p.x),
        y=y,
        dy_dw=unit.grad_y_w(p.x, p.w, p.b),
        dy_db=unit.grad_y_b(p.x, p.w, p.b),
        loss=unit.mse_loss(y, p.y_label),
        dL_dy=unit.grad_loss_y(y, p.y_label),
        dL_dw=unit.grad_loss_w(p.x, p.w, p.b, p.y_label),
        dL_db=unit.grad_loss_b(p.x, p.w, p.b, p.y_label),
        w_new=w_new,
        y_new=y_new,
        loss_new=unit.mse_loss(y_new, p.y_label),
    )
