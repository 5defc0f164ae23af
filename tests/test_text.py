"""lab3.text: numbers written as the pages, the figures and the worked solutions show them."""

import math

import numpy as np
import pytest

import lab3
from lab3.text import number, vector


@pytest.mark.parametrize("value, options, text", [
    (2 * math.pi, {}, "6.2832"),
    (2 * math.pi, {"significant": True}, "6.283"),
    (-8.000000000000002, {}, "-8"),
    (0.5, {}, "0.5"),
    (2.0, {"digits": 2}, "2"),
    (1234.5, {"digits": 0}, "1234"),  # no decimals: nothing to strip
    (12345.678, {"significant": True}, "1.235e+04"),
    (0.0, {}, "0"),
    (-0.0, {"significant": True}, "0"),
    (-2.4492935982947064e-16, {}, "0"),  # rounded, as on paper
    (-2.4492935982947064e-16, {"tiny": 1}, "-2.4e-16"),
    (-2.4492935982947064e-16, {"digits": 6, "tiny": 4}, "-2.4493e-16"),
    (0.00012, {"tiny": 2}, "0.0001"),  # shows at 4 decimals: not tiny
    (-0.00004, {}, "0"),
])
def test_number(value, options, text):
    assert number(value, **options) == text


def test_vector_formats_each_value_alike():
    assert vector([2.0, 1.0]) == "[2, 1]"
    assert vector(np.array([[0.5, -1.5708]]), 2) == "[0.5, -1.57]"
    assert vector([1e-17, 3.0], significant=True, tiny=1) == "[1.0e-17, 3]"


@pytest.mark.parametrize("call, match", [
    (lambda: number(math.nan), "value must be finite"),
    (lambda: number("1.5"), "value must be numeric"),
    (lambda: number(1.5, 10**6), "digits must be at most 20"),
    (lambda: number(1.5, significant="yes"), "significant must be True or False"),
    (lambda: vector([1.0, 1j]), "values must be numeric"),
])
def test_bad_numbers_and_options_are_input_errors(call, match):
    with pytest.raises(lab3.InputError, match=match):
        call()


def test_a_negative_tiny_writes_no_decimals():
    assert number(2.4e-16, 1, tiny=-1) == "2e-16"
