"""lab3.selfcheck.check: check_answers takes a mapping or a file, picks the part and the problem."""

import json

import pytest

import lab3
from lab3.selfcheck.answers import from_mapping
from lab3.selfcheck.check import check_answers
from lab3.selfcheck.variant import as_json, make_variant
from students import items, part1_student, part2_student


def test_variant_by_seed_and_dim():
    p = make_variant(4, 3)
    report = check_answers(part1_student(p), seed=4, dim=3)
    assert report.ok and "variant --seed 4 --dim 3" in report.title
    assert not check_answers(part1_student(p)).ok, "checked against the lab by default"


def test_a_problem_given_outright():
    p = make_variant(2, 1)
    report = check_answers(part1_student(p), problem=p)
    assert report.ok and report.title == f"Part 1, {p!r}"


def test_the_part_is_guessed_from_pts_or_given():
    assert check_answers({"y": 0.0}).title == "Part 1, the lab's values"
    assert check_answers(part2_student(2.5)).title == "Part 2, the learning loop"
    student = part2_student(2.5)
    assert check_answers(student, part=2).ok
    assert set(items(check_answers({"y": 0.0}, part=1))) == {"y", "dy_dw", "loss", "dL_dw",
                                                               "w_new", "sin_backward"}


def test_a_mapping_answers_or_a_json_file_give_the_same_report(tmp_path):
    values = as_json(lab3.LAB_PROBLEM)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(values))
    typed = from_mapping(values, typed=True)
    assert str(check_answers(path)) == str(check_answers(str(path))) == str(check_answers(typed))
    assert check_answers(path).ok


def test_bad_arguments_are_input_errors():
    for call, match in [(lambda: check_answers(3), "answers must be a file path"),
                        (lambda: check_answers({"y": 0}, part=3), "part must be at most 2"),
                        (lambda: check_answers({"y": 0}, seed=[]), "seed must be a whole"),
                        (lambda: check_answers({"y": 0}, problem="lab"), "problem must be")]:
        with pytest.raises(lab3.InputError, match=match):
            call()


def test_a_complex_answer_is_not_taken_for_its_real_part():
    report = check_answers({"y": 0.0 + 1j})
    assert {i.name: i.status for i in report.items}["y"] != "correct"


@pytest.mark.parametrize("values, name, hint", [
    ({"y": "0.5", "dy_dw": [2, 1]}, "y", "without quotes"),
    ({"y": True, "dy_dw": [2, 1]}, "y", "cannot read it as numbers"),
    ({"y": 10**400, "dy_dw": [2, 1]}, "y", "too large for float64"),
    ({"Y": 0, "dy_dw": [2, 1]}, "Y", "did you mean y?"),
])
def test_typed_answers_it_cannot_read_are_wrong_and_say_why(values, name, hint):
    report = check_answers(from_mapping(values, typed=True))
    found = items(report)
    assert not report.ok and found["dy_dw"].status == "correct"
    assert found[name].status == "wrong" and hint in found[name].hint


def test_a_bad_value_in_a_notebook_spoils_its_item_only():
    torch = pytest.importorskip("torch")

    class Odd:
        def __float__(self):
            raise ValueError("no")

    student = part1_student(lab3.LAB_PROBLEM)
    w = student["w"]
    student["w_new"] = [w[0] - 0.5 * w.grad[0], w[1] - 0.5 * w.grad[1]]  # still tracks grads
    student["L2"] = torch.empty(1, device="meta")
    student["y"] = Odd()
    found = items(check_answers(student))
    assert found["w_new"].status == "correct" and found["dL_dw"].status == "correct"
    assert found["loss"].status == "wrong" and "meta tensor" in found["loss"].hint
    assert found["y"].status == "wrong" and "cannot read" in found["y"].hint


def test_part2_json_without_pts_is_part2():
    report = check_answers(from_mapping({"learning_rate": 2.5, "loss": 1.0, "w": [1.0, 2.0]},
                                        typed=True))
    assert report.title == "Part 2, the learning loop"


def test_part2_replays_a_bounded_number_of_steps():
    student = {"learning_rate": 2.5, "loss": 1.0, "w": [1.0, 2.0], "i": 5000}
    found = items(check_answers(student, part=2))
    assert found["w"].status == "wrong" and "replays at most 1000" in found["w"].hint
