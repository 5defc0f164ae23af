"""lab3.backprop: the edge table is autograd's backward pass, the fork's paths add up, and
w.grad adds within a step and across steps.

References: torch autograd run here with retain_grad on every node, central finite
differences, and arithmetic by hand.
"""

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings

import lab3
from lab3 import backprop, finite_diff
from lab3.graph.scalar import scalar_unit_graph
from lab3.graph.trace import unit_graph
from strategies import unit_problems

P = lab3.LAB_PROBLEM


def autograd_nodes(x, w, b, y_label):
    """Every node of the lab's loss in torch, after L.backward(), each keeping its .grad."""
    f64 = torch.float64
    t = {"w": torch.tensor(w, dtype=f64, requires_grad=True),
         "b": torch.tensor(b, dtype=f64, requires_grad=True)}
    t["s"] = t["w"] @ torch.tensor(x, dtype=f64)
    t["u"] = torch.sin(t["s"])
    t["y"] = t["u"] - t["b"]
    t["e"] = t["y"] - y_label
    t["L"] = t["e"] ** 2
    for name in ("s", "u", "y", "e", "L"):
        t[name].retain_grad()
    t["L"].backward()
    return {name: tensor.grad.numpy() for name, tensor in t.items()}


def check_table(x, w, b, y_label):
    rows = backprop.edge_table(unit_graph(x, w, b, y_label, backward=True))
    grads = autograd_nodes(x, w, b, y_label)
    assert [(r.src, r.dst) for r in rows] == [("e", "L"), ("y", "e"), ("b", "y"), ("u", "y"),
                                              ("s", "u"), ("w", "s")]
    for r in rows:  # each node feeds one other here: its gradient is the edge's downstream
        np.testing.assert_allclose(r.upstream, grads[r.dst], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(r.downstream, grads[r.src], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(r.downstream, np.multiply(r.upstream, r.local), rtol=1e-15)


def test_the_lab_table_is_autograds_backward_pass():
    check_table(P.x, P.w, P.b, P.y_label)


@settings(max_examples=25, deadline=None)
@given(unit_problems())
def test_the_table_is_autograds_backward_pass_for_any_problem(problem):
    check_table(*problem)


def test_the_lab_rows_by_hand():
    rows = {(r.src, r.dst): r for r in backprop.edge_table(
        unit_graph(P.x, P.w, P.b, P.y_label, backward=True))}
    assert rows["e", "L"].upstream == 1.0 and rows["e", "L"].local == pytest.approx(-4.0)  # 2e
    assert rows["b", "y"].local == -1.0 and rows["b", "y"].downstream == pytest.approx(4.0)
    assert rows["s", "u"].local == pytest.approx(math.cos(2 * math.pi))
    assert rows["w", "s"].local == (2.0, 1.0)  # multiply: the other input, x
    np.testing.assert_allclose(rows["w", "s"].downstream, [-8.0, -4.0])
    assert rows["s", "u"].pattern.startswith("sine") and rows["w", "s"].pattern.startswith("inner")


def test_the_scalar_graph_shows_add_and_multiply():
    rows = {(r.src, r.dst): r for r in backprop.edge_table(
        scalar_unit_graph(P.x, P.w, P.b, P.y_label, backward=True))}
    up = rows["s", "u"].downstream
    for i, sub in enumerate("₀₁"):
        add, mul = rows[f"m{sub}", "s"], rows[f"w{sub}", f"m{sub}"]
        assert add.local == 1.0 and add.downstream == up  # add: passed on unchanged
        assert mul.local == P.x[i] and mul.downstream == pytest.approx(up * P.x[i])  # swap
    assert ("x₀", "m₀") not in rows, "x needs no gradient: no row"


def test_a_forward_graph_has_no_table():
    with pytest.raises(lab3.InputError, match="backward graph"):
        backprop.edge_table(unit_graph(P.x, P.w, P.b))


def fork_autograd(x, w):
    w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    s = w_t @ torch.tensor(x, dtype=torch.float64)
    (torch.sin(s) + s**2).backward()
    return w_t.grad.numpy()


def test_the_two_paths_add_up_to_autograd_and_finite_differences():
    paths = backprop.fork_paths(P.x, P.w)
    reference = fork_autograd(P.x, P.w)
    fd = finite_diff.gradient(lambda v: math.sin(v @ P.x) + (v @ P.x) ** 2, P.w)
    np.testing.assert_allclose(paths.total, reference, rtol=1e-12)
    np.testing.assert_allclose(paths.total, fd, rtol=1e-7)
    np.testing.assert_allclose(paths.via_sin + paths.via_square, paths.total)
    for alone in (paths.via_sin, paths.via_square):
        assert not np.allclose(alone, reference, rtol=1e-3)
    np.testing.assert_allclose(paths.via_sin, [2.0, 1.0])  # cos 2π · x
    np.testing.assert_allclose(paths.via_square, 4 * math.pi * P.x)  # 2 · 2π · x
    assert backprop.fork_output(P.x, P.w) == pytest.approx(4 * math.pi**2)


@settings(max_examples=25, deadline=None)
@given(unit_problems())
def test_paths_add_for_any_problem(problem):
    x, w, _, _ = problem
    np.testing.assert_allclose(backprop.fork_paths(x, w).total, fork_autograd(x, w),
                               rtol=1e-9, atol=1e-9)


def test_grad_accumulates_within_a_step_and_across_steps():
    acc = backprop.accumulation(P.x, P.w)
    paths = backprop.fork_paths(P.x, P.w)
    np.testing.assert_allclose(acc.one_pass, fork_autograd(P.x, P.w), rtol=1e-15)
    np.testing.assert_allclose(acc.first_term, paths.via_sin, rtol=1e-12)
    np.testing.assert_allclose(acc.both_terms, acc.one_pass, rtol=1e-12)
    np.testing.assert_array_equal(acc.second_step, 2 * acc.first_step)
    np.testing.assert_array_equal(acc.first_step, acc.one_pass)


def test_bad_input_is_refused():
    with pytest.raises(lab3.InputError):
        backprop.fork_paths([1.0, 2.0], [1.0])
    with pytest.raises(lab3.InputError, match="not a finite number"):
        backprop.fork_paths([1e200], [1e200])
    with pytest.raises(lab3.InputTypeError):
        backprop.edge_table("graph")


def test_an_overflowing_product_is_judged_without_a_warning():
    """w @ x overflows to inf for huge inputs: finite_result names it, numpy warns of nothing
    (a RuntimeWarning here fails the test)."""
    huge = [1e200, 1e200]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(lab3.InputError, match="too large"):
            backprop.accumulation(huge, huge)
        assert backprop.second_grad_error(huge, huge, 2.0) is not None
