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
# # Part 2 template: the learning loop
#
# The model is $f(x, \mathbf{w}) = 1/(1 + e^{-(w_0 x + w_1)})$ and the
# training set holds five points $(x_i, y_i)$. Write the loss that maximum
# likelihood leads to, fill in the three steps of the loop, and find a
# learning rate that works. Replace every `...` marked `TODO`, then check the
# loop with the last cell (or `python -m lab3 check part2_template.py`).

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import lab3

# %% [markdown]
# ## The training set
#
# The points ship inside the `lab3` package, so this works from any folder.
# Column 0 holds $x_i$, column 1 holds $y_i$.

# %%
pts = torch.tensor(lab3.datasets.load_points())
x, y = pts[:, 0], pts[:, 1]

# %% [markdown]
# ## The optimisation variables
#
# The loop starts from $\mathbf{w} = [-2, 2]$. Try several learning rates:
# what happens when it is too large, or too small?

# %%
w = torch.tensor([-2.0, 2.0], dtype=torch.double,
                 requires_grad=True)
learning_rate = ...  # TODO

# %% [markdown]
# ## The learning loop
#
# Each step: (1) the loss, the negative log-likelihood with its constant
# dropped; (2) its gradient, which `loss.backward()` stores in `w.grad`;
# (3) a step of the weights against the gradient, under `torch.no_grad()`,
# after which `w.grad` is cleared so that gradients do not pile up.

# %%
for i in range(30):
    loss = ...  # TODO: (1) the loss, from x, y and w
    # TODO: (2) the gradient of the loss
    with torch.no_grad():
        ...  # TODO: (3) update w in place
    w.grad.zero_()
    print(f"step {i:2d}: loss = {loss.item():.4f}")

# %% [markdown]
# ## The result
#
# The fitted curve $f(x, \mathbf{w})$ over the training points.

# %%
PTS = pts.numpy()
W = w.detach().numpy()
T = np.linspace(-1, 1, 50)
plt.figure(1), plt.clf()
plt.plot(PTS[:, 0], PTS[:, 1], "rx", markersize=10)
plt.plot(T, 1 / (1 + np.exp(-(W[0] * T + W[1]))), "g")
plt.xlabel("x")
plt.ylabel("y")
plt.show()

# %% [markdown]
# ## Check your loop
#
# The check replays 30 steps from $[-2, 2]$ with your learning rate and
# compares where they end with your weights. It names the step that went
# wrong, and whether the learning rate is too large or too small.

# %%
print(lab3.selfcheck.check_answers(globals()))
