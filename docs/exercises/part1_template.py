# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Part 1 template: one unit in PyTorch
#
# The unit is $y = \sin(\mathbf{w}^\top\mathbf{x}) - b$, trained with the
# squared error $L = (y - \tilde y)^2$. Replace every `...` marked `TODO`,
# run the cells from top to bottom, and check your answers with the last cell
# (or with `python -m lab3 check part1_template.py` in a terminal).
#
# The lab's values: $\mathbf{x} = [2, 1]$, $\mathbf{w} = [\pi/2, \pi]$,
# $b = 0$, $\tilde y = 2$ and the learning rate $\alpha = 0.5$.

# %%
import math

import torch

import lab3

# %% [markdown]
# ## The initial parameters
#
# Make `x` and `w` vectors of the same length, and ask PyTorch to record the
# operations on `w` (`requires_grad=True`): the gradients you want are with
# respect to `w`. Working in `torch.float64` keeps rounding out of the way.

# %%
x = ...  # TODO: a tensor holding [2, 1]
w = ...  # TODO: [π/2, π], recording gradients
b = ...  # TODO
y_label = ...  # TODO
lr = 0.5

# %% [markdown]
# ## Question 2: the forward pass
#
# Use `torch.sin` and `@` for the dot product $\mathbf{w}^\top\mathbf{x}$.

# %%
y = ...  # TODO
print(f"y = {y}")

# %% [markdown]
# ## Question 3: the gradient of the output
#
# `y.backward()` stores $\partial y/\partial\mathbf{w}$ in `w.grad`. Keep a
# copy (`w.grad.clone()`): the next backward pass *adds* to `w.grad`.

# %%
# TODO: the backward pass through y
dy_dw = ...  # TODO: a copy of w.grad
print(f"dy/dw = {dy_dw}")

# %% [markdown]
# ## Questions 4 and 5: the loss and its gradient
#
# Compute the gradient of the loss in a separate backward pass. Two things go
# wrong if you reuse what question 3 left behind: `w.grad` still holds
# $\partial y/\partial\mathbf{w}$, and the graph of the first forward pass was
# freed by `y.backward()`. So clear `w.grad` and build the forward pass again.

# %%
# TODO: clear w.grad
y = ...  # TODO: the forward pass again
L2 = ...  # TODO: the squared error between y and y_label
# TODO: the backward pass through L2
dL_dw = ...  # TODO: a copy of w.grad
print(f"L = {L2}, dL/dw = {dL_dw}")

# %% [markdown]
# ## Question 5: one gradient step
#
# Move the weights against the gradient, scaled by the learning rate. No
# gradients are needed for the update itself, so run it under
# `torch.no_grad()`.

# %%
with torch.no_grad():
    w_new = ...  # TODO
print(f"w_new = {w_new}")

# %% [markdown]
# ## Question 6: write one backward
#
# On the way back, each operation turns the upstream gradient into the
# downstream one: upstream times its local derivative. Write this backward for
# the sine, $u = \sin s$: given $s$ and `upstream` $= \partial L/\partial u$
# (tensors holding one number each), return $\partial L/\partial s$.


# %%
def sin_backward(s, upstream):
    return ...  # TODO: upstream times d(sin s)/ds


# %% [markdown]
# Compare it with autograd (which runs the same step inside `backward`) at two
# points: the lab's $s = \mathbf{w}^\top\mathbf{x} = 2\pi$, and $s = 0.5$, where
# $\cos s \ne 1$. The loop uses an upstream gradient of 3; any value other than 1
# would do. The check below calls your function on more inputs, the lab's
# upstream gradient among them.

# %%
for s0 in (2 * math.pi, 0.5):
    s = torch.tensor(s0, dtype=torch.float64).requires_grad_()
    upstream = torch.tensor(3.0, dtype=torch.float64)
    torch.sin(s).backward(upstream)
    yours = sin_backward(s.detach(), upstream)
    print(f"s = {s0:.4f}: {yours} vs autograd {s.grad}")

# %% [markdown]
# ## Check your answers
#
# The check compares each answer with the solution and, when one is wrong,
# names the step to look at. It does not print the solution. To practise on
# new numbers, run `python -m lab3 variant --seed 1 --dim 3`, put its values
# above, and check with `check_answers(globals(), seed=1, dim=3)`.

# %%
print(lab3.selfcheck.check_answers(globals()))
