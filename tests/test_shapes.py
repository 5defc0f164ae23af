"""lab3.shapes: shapes read off autograd, the scalar-output error, and backward(gradient=v)
as a vector-Jacobian product (references: the hand Jacobian cos(Xw)·X, torch.func.vjp)."""

import math

import numpy as np
import pytest
import torch

import lab3
from lab3 import shapes


@pytest.mark.parametrize("n", [1, 4, 9])
def test_shapes_along_the_graph(n):
    table = dict(shapes.shape_table(n))
    assert list(table) == ["x", "w", "s", "y", "L", "w.grad"]
    assert table["x"] == table["w"] == table["w.grad"] == (n,)
    assert table["s"] == table["y"] == table["L"] == ()


def test_a_vector_output_needs_a_gradient():
    message = shapes.vector_backward_error()
    assert "scalar outputs" in message
    f64 = torch.float64
    y = torch.sin(torch.tensor(shapes.BATCH_X, dtype=f64) @ torch.ones(2, dtype=f64,
                                                                      requires_grad=True))
    with pytest.raises(RuntimeError) as err:
        y.backward()
    assert str(err.value) == message


def test_backward_with_a_gradient_is_v_times_the_jacobian():
    X, w = np.array(shapes.BATCH_X), np.array([math.pi / 2, math.pi])
    v = np.array(shapes.BATCH_V)
    r = shapes.vector_jacobian_product(X, w, 0.0, v)
    by_hand = np.cos(X @ w)[:, None] * X
    np.testing.assert_allclose(r.jacobian, by_hand, atol=1e-15)
    np.testing.assert_allclose(r.grad, v @ by_hand, atol=1e-12)
    np.testing.assert_allclose(r.product, r.grad, atol=1e-12)
    _, vjp = torch.func.vjp(lambda w_: torch.sin(torch.tensor(X) @ w_), torch.tensor(w))
    np.testing.assert_allclose(r.grad, vjp(torch.tensor(v))[0].numpy(), atol=1e-12)
    assert r.y.shape == v.shape == (3,) and r.grad.shape == w.shape


def test_ones_give_the_gradient_of_the_sum():
    X, w = np.array(shapes.BATCH_X), np.array([0.3, -0.7])
    r = shapes.vector_jacobian_product(X, w, 0.5, np.ones(3))
    w_t = torch.tensor(w, requires_grad=True)
    (torch.sin(torch.tensor(X) @ w_t) - 0.5).sum().backward()
    np.testing.assert_allclose(r.grad, w_t.grad.numpy(), rtol=1e-12)


def test_bad_input_is_refused():
    for call, match in [(lambda: shapes.shape_table(0), "n must be"),
                        (lambda: shapes.vector_backward_error([[1.0, 2.0]]), "two rows"),
                        (lambda: shapes.vector_jacobian_product(v=[1.0, 2.0]), "one number per"),
                        (lambda: shapes.vector_jacobian_product([1.0, 2.0]), "matrix")]:
        with pytest.raises(lab3.InputError, match=match):
            call()
