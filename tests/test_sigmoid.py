"""lab3.sigmoid against scipy's expit, torch autograd and finite differences."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

import lab3
from lab3 import sigmoid

weights = st.tuples(st.floats(-6, 6), st.floats(-6, 6)).map(np.array)
inputs = st.lists(st.floats(-3, 3), min_size=1, max_size=20).map(np.array)


def test_sigmoid_matches_scipy_and_never_overflows():
    z = np.array([-1000.0, -30.0, -1.0, 0.0, 2.5, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid.sigmoid(z)
    np.testing.assert_allclose(s, expit(z), rtol=1e-14, atol=0)
    assert sigmoid.sigmoid(0.0) == 0.5  # by hand: 1/(1 + e^0)


def test_predict_by_hand():
    # f(1, [2, -1]) = 1/(1 + e^{-1}) = 0.7310585786300049
    np.testing.assert_allclose(sigmoid.predict([1.0], [2.0, -1.0]), [0.7310585786300049])


def test_model_takes_many_weight_vectors_at_once():
    x, w = np.array([-0.5, 0.0, 0.8]), np.array([[2.0, -1.0], [0.5, 0.3], [-3.0, 4.0]])
    many = sigmoid.model(x, w.T[..., None])  # shape (2, 3, 1): one row per weight vector
    assert many.shape == (3, 3)
    for row, wk in zip(many, w):
        np.testing.assert_array_equal(row, sigmoid.predict(x, wk))
        np.testing.assert_allclose(row, expit(wk[0] * x + wk[1]), rtol=1e-14)
    assert sigmoid.line(2.0, np.array([3.0, -1.0])) == 5.0  # z = w₀x + w₁ by hand


@settings(deadline=None)  # the first call into torch is slow
@given(inputs, weights)
def test_numpy_and_torch_agree(x, w):
    w_t = torch.tensor(w, requires_grad=True)
    out = sigmoid.predict(x, w_t)
    assert isinstance(out, torch.Tensor) and out.requires_grad
    np.testing.assert_allclose(out.detach().numpy(), sigmoid.predict(x, w), rtol=1e-12, atol=1e-15)


@settings(deadline=None)
@given(inputs, weights)
def test_jacobian_matches_autograd(x, w):
    auto = torch.autograd.functional.jacobian(
        lambda w_t: sigmoid.predict(torch.from_numpy(x), w_t), torch.tensor(w))
    assert sigmoid.jacobian(x, w).shape == (len(x), 2)
    np.testing.assert_allclose(sigmoid.jacobian(x, w), auto.numpy(), rtol=1e-10, atol=1e-14)


def test_jacobian_matches_finite_differences():
    x, w, h = np.array([-0.7, 0.1, 0.9]), np.array([1.5, -0.3]), 1e-6
    fd = np.stack([(sigmoid.predict(x, w + h * e) - sigmoid.predict(x, w - h * e)) / (2 * h)
                   for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(sigmoid.jacobian(x, w), fd, rtol=1e-8)


@pytest.mark.parametrize("x, w, error, match", [
    ([0.5], [1.0, 2.0, 3.0], ValueError, r"w must hold \[w0, w1\]"),
    ([0.5], [[1.0, 2.0]], ValueError, "w must be a 1-D vector"),
    ([], [1.0, 2.0], ValueError, "x must not be empty"),
    ([0.5, np.nan], [1.0, 2.0], ValueError, "x must hold finite numbers"),
    ([0.5], [np.inf, 2.0], ValueError, "w must hold finite numbers"),
    ("abc", [1.0, 2.0], TypeError, "x must be numeric"),
])
def test_bad_input_is_named(x, w, error, match):
    with pytest.raises(error, match=match):
        sigmoid.predict(x, w)


@pytest.mark.parametrize("x, w, match", [
    (torch.tensor([0.5], dtype=torch.complex64), [1.0, 2.0], "x must be numeric"),
    ([0.5], np.array([1.0, 2.0]) + 1j, "w must be numeric, got complex numbers"),
    ([True, False], [1.0, 2.0], "x must be numeric, got booleans"),
    ([0.5], torch.ones(2, device="meta"), "w is a meta tensor"),
])
def test_complex_bools_and_meta_tensors_are_refused(x, w, match):
    with pytest.raises(lab3.InputError, match=match):
        sigmoid.predict(x, w)


def test_a_tensor_of_ints_is_computed_in_float64():
    f = sigmoid.predict(torch.tensor([0, 1]), torch.tensor([1.0, 2.0], dtype=torch.float64))
    assert f.dtype == torch.float64


def test_the_bulk_model_checks_its_weights():
    assert sigmoid.model(np.zeros(3), np.zeros((2, 4, 1))).shape == (4, 3)
    with pytest.raises(lab3.InputError, match="first axis"):
        sigmoid.model(np.zeros(3), np.zeros((3, 4, 1)))
    with pytest.raises(lab3.InputError, match="do not broadcast"):
        sigmoid.line(np.zeros(3), np.zeros((2, 4)))
    with pytest.raises(lab3.InputError, match="x and w are too large"):
        sigmoid.line([1e200], [1e200, 0.0])
