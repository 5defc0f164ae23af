r"""
Worked solution: the computational graph
========================================

A worked solution of the graphs the [Part 1 exercises](../../../exercises/part1.md) ask you to
draw: draw them yourself first, then compare.

The lab's first question asks for the computational graph of
$y = \sin(\mathbf{w}^\top\mathbf{x}) - b$, and its fourth adds the loss
$L = (y - \tilde y)^2$ to it. Here `lab3` runs the unit in PyTorch and draws
the graph from that run, so every value, gradient and local derivative on the
figures below is computed, not typed: first the forward pass, then the loss,
then the backward pass, and finally the graph PyTorch itself recorded, beside
ours. The derivations are on the theory pages, starting with
[the unit and its graph](../../../part1/index.md).
"""

# %%
# The forward pass of y
# ---------------------
#
# Three operations: the inner product $s = \mathbf{w}^\top\mathbf{x}$, the sine
# $u = \sin s$, and the subtraction $y = u - b$. Read left to right, each node
# shows the value it computes. With $\mathbf{x} = [2, 1]$ and
# $\mathbf{w} = [\pi/2, \pi]$, $s = 2\pi$, so $y$ is zero up to one rounding error.
import lab3

p = lab3.LAB_PROBLEM
forward = lab3.graph.unit_graph(p.x, p.w, p.b)
lab3.graph.SVGFigure(forward)

# %%
# The loss joins the graph
# ------------------------
#
# Passing the label $\tilde y = 2$ adds two nodes after $y$: the error
# $e = y - \tilde y$ and its square $L = e^2$.
with_loss = lab3.graph.unit_graph(p.x, p.w, p.b, p.y_label)
print(f"L = {with_loss.node('L').value:.4f}")
lab3.graph.SVGFigure(with_loss)

# %%
# The backward pass
# -----------------
#
# `backward=True` runs `L.backward()`. Each edge now carries its local
# derivative, and each node its gradient: the gradient of the node it feeds
# times that local derivative. Right to left, this is the chain rule
# $\frac{\partial L}{\partial \mathbf{w}} = 2e \cdot 1 \cdot 1 \cdot \cos s \cdot \mathbf{x}$,
# one factor per edge.
backward = lab3.graph.unit_graph(p.x, p.w, p.b, p.y_label, backward=True)
fmt = lab3.graph.format_value  # [2, 1], −4: as the figures show numbers
for name in ("L", "e", "y", "u", "s", "w"):
    print(f"∂L/∂{name} = {fmt(backward.node(name).grad)}")
by_hand = lab3.unit.grad_loss_w(p.x, p.w, p.b, p.y_label)
print(f"∂L/∂w by hand: {fmt(by_hand)}")
lab3.graph.SVGFigure(backward)

# %%
# PyTorch's own graph
# -------------------
#
# While computing $L$, PyTorch records a graph of its own: `L.grad_fn` is the
# node that differentiates the last operation, and `next_functions` link each
# node to those of its inputs, down to an `AccumulateGrad` node per leaf that
# requires a gradient (here $\mathbf{w}$ and $b$).
# `lab3.graph.autograd_graph` walks these links. Drawn beside ours,
# both now top to bottom, each PyTorch node sits level with the operation it
# differentiates; $\mathbf{x}$ and $\tilde y$ have none, since nothing needs
# their gradient.
pytorch = lab3.graph.lab_autograd_graph(p)  # computes L in PyTorch, runs L.backward()
lab3.graph.SVGFigure(backward, pytorch, rankdir="TB")

# %%
# The same graph for Graphviz
# ---------------------------
#
# If you have Graphviz, `lab3.graph.to_dot` gives the graph in its DOT
# language; `dot -Tsvg graph.dot -o graph.svg` draws it with Graphviz's own
# layout. To keep our SVG instead, call `.save("graph.svg")` on any figure above.
print(lab3.graph.to_dot(backward))

# %%
# Conclusion
# ----------
#
# The graph is the chain rule laid out in space: forward values flow left to
# right, gradients flow right to left, and each edge multiplies by one local
# derivative. PyTorch builds the same graph, one `grad_fn` per operation, and
# its `w.grad` equals our $\partial L/\partial\mathbf{w}$.
# The figure sets the gradients of the two graphs' leaves side by side.
print(f"∂L/∂w on our graph: {fmt(backward.node('w').grad)}")
w_node = next(n for n in pytorch.nodes if n.name == "w")  # the AccumulateGrad node of w
print(f"w.grad from PyTorch: {fmt(w_node.grad)}")

import matplotlib.pyplot as plt
import numpy as np

b_node = next(n for n in pytorch.nodes if n.name == "b")
ours = np.append(backward.node("w").grad, backward.node("b").grad)
theirs = np.append(w_node.grad, b_node.grad)
at = np.arange(len(ours))
fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
ax.bar(at - 0.2, ours, width=0.4, label="on our graph (∂L/∂w, ∂L/∂b)")
ax.bar(at + 0.2, theirs, width=0.4, label="PyTorch's w.grad, b.grad", color="tab:orange")
ax.axhline(0, color="black", linewidth=0.8)
ax.set_xticks(at, [r"$w_0$", r"$w_1$", r"$b$"])
ax.set_ylabel(r"gradient of $L$")
ax.legend(loc="lower right", fontsize="small")
ax.set_title("The leaves' gradients: our graph beside PyTorch's")  # the figure's alt text too
plt.show()
