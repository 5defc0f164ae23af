"""lab3.by_hand: the first iteration, point by point, against PyTorch autograd."""

import numpy as np
import pytest
import torch

import lab3
from lab3.by_hand import gradient_step

X, Y = lab3.load_points().T
W_INIT, LR = np.array(lab3.optimize.W_INIT), lab3.training.DEFAULT_LR


def test_first_step_is_one_step_of_the_pytorch_loop():
    step = gradient_step(X, Y, W_INIT, LR)
    loop = lab3.learning_loop(X, Y, LR, n_iter=1)  # loss.backward() and w -= lr * w.grad
    np.testing.assert_allclose(step.grad, loop.grads[0], rtol=1e-12)
    np.testing.assert_allclose(step.w_new, loop.weights[1], rtol=1e-12)
    np.testing.assert_allclose(step.sse, loop.losses[0], rtol=1e-12)
    np.testing.assert_allclose(step.step, loop.weights[1] - loop.weights[0], rtol=1e-12)


def test_each_row_is_the_autograd_gradient_of_that_point_alone():
    step = gradient_step(X, Y, W_INIT, LR)
    for i, (xi, yi) in enumerate(zip(X, Y)):
        w = torch.tensor(W_INIT, requires_grad=True)
        f = torch.sigmoid(w[0] * xi + w[1])  # written here, not taken from lab3
        ((yi - f) ** 2).backward()
        np.testing.assert_allclose(step.f[i], f.item(), rtol=1e-12)
        np.testing.assert_allclose(step.r[i], yi - f.item(), rtol=1e-12)
        np.testing.assert_allclose(step.terms[i], w.grad.numpy(), rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(step.dz[i], w.grad.numpy()[1], rtol=1e-10)
    np.testing.assert_allclose(step.terms.sum(axis=0), step.grad, rtol=1e-12)


def test_the_lab_numbers_by_hand():
    # f_1 = sigmoid(−2·x_1 + 2), the first row of the table, by hand.
    f1 = 1 / (1 + np.exp(2 * X[0] - 2))
    step = gradient_step(X, Y, W_INIT, LR)
    by_hand = -2 * (Y[0] - f1) * f1 * (1 - f1) * np.array([X[0], 1.0])
    np.testing.assert_allclose(step.terms[0], by_hand)
    np.testing.assert_allclose(step.w_new, W_INIT - LR * step.grad)


def test_tensors_and_lists_give_the_same_step():
    a = gradient_step(torch.tensor(X), list(Y), torch.tensor(W_INIT), LR)
    b = gradient_step(X, Y, W_INIT, LR)
    np.testing.assert_array_equal(a.w_new, b.w_new)


@pytest.mark.parametrize("lr", [0.0, -1.0, np.nan])
def test_a_bad_rate_is_refused(lr):
    with pytest.raises(lab3.InputError, match="lr"):
        gradient_step(X, Y, W_INIT, lr)
