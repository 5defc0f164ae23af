"""lab3.selfcheck.report: the verdicts as a student reads them, and how numbers are compared."""

import numpy as np
import pytest

import lab3

from lab3.selfcheck.report import Item, Report, close


def test_close_needs_the_same_count_and_each_value_in_tolerance():
    assert close(1.0, 1.0 + 1e-7, 1e-6, 0.0)
    assert close([5.57, 5.14], np.array([5.5708, 5.1416]), 0.0, 1e-3)
    assert not close([5.5, 5.14], [5.5708, 5.1416], 0.0, 1e-3)
    assert not close([1.0, 2.0], [1.0, 2.0, 3.0], 1.0, 1.0), "one number too few"
    assert close([[1.0, 2.0]], [1.0, 2.0], 0.0, 0.0), "shapes do not matter, values do"


def test_a_report_is_ok_only_when_every_item_is_correct_and_nothing_stopped():
    right = [Item("y", "correct"), Item("loss", "correct")]
    assert Report("t", right).ok
    assert not Report("t", right, error="NameError: x").ok
    assert not Report("t", [*right, Item("w", "missing", "still ...")]).ok
    assert not Report("t", [*right, Item("w", "unchecked")]).ok


def test_the_text_marks_each_item_and_advises_on_the_first_wrong_step():
    report = Report("Part 1", [Item("y", "correct"), Item("dL_dw", "wrong", "forgot the 2"),
                               Item("w_new", "unchecked", "later")], error="ValueError: bad")
    lines = str(report).splitlines()
    assert lines[0] == "Part 1" and "your file stopped: ValueError: bad" in lines[1]
    assert lines[2].startswith("  [ok]") and "[wrong]" in lines[3] and "forgot the 2" in lines[3]
    assert lines[-1] == "1 of 3 correct. Fix the first wrong step first: later ones build on it."
    missing = Report("Part 1", [Item("y", "missing")])
    assert str(missing).endswith("0 of 1 correct. Fill in the rest.")
    assert str(Report("Part 1", [Item("y", "correct")])).endswith("1 of 1 correct.")


def test_an_answer_that_is_not_numbers_is_not_close():
    assert not close([2.0 + 1j], [2.0], 1e-6, 1e-3)
    assert not close("2", [2.0], 1e-6, 1e-3)
    assert not close([True], [1.0], 1e-6, 1e-3)


def test_tolerances_must_fit_the_expected_values():
    with pytest.raises(lab3.InputError, match="atol must be one tolerance"):
        close([2.0], [2.0], [], 1e-3)
    with pytest.raises(lab3.InputError, match="rtol must be one tolerance"):
        close([2.0], [2.0], 1e-6, -1.0)


def test_nothing_checked_is_never_a_pass():
    report = Report("Part 1, the lab's values", [])
    assert not report.ok and "0 of 0 correct. Nothing was checked" in str(report)


def test_all_correct_but_the_file_stopped_says_so():
    report = Report("Part 1", [Item("y", "correct")], error="SystemExit: 3")
    assert not report.ok and str(report).endswith("Your file stopped with an error: fix it first.")
