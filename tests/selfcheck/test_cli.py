"""lab3.selfcheck.cli, ``python -m lab3``: the variant and check commands, their output and
exit codes, and that neither loads PyTorch when it has no use for it."""

import json
import subprocess
import sys

import pytest

from lab3.selfcheck.cli import main
from lab3.selfcheck.variant import JSON_KEYS

LAB_TYPED = ["--y", "0", "--dy-dw", "2,1", "--loss", "4", "--dl-dw", "-8,-4",
             "--w-new", "5.57,5.14"]


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_variant_prints_the_problem(capsys):
    code, out, _ = run(["variant", "--seed", "3", "--dim", "2"], capsys)
    assert code == 0
    assert "variant --seed 3 --dim 2" in out and "x = [2, -3]" in out
    assert "w_new =" not in out, "no solution unless asked for"
    assert "python -m lab3 check --seed 3 --dim 2" in out


def test_variant_solution_is_step_by_step(capsys):
    _, out, _ = run(["variant", "--seed", "3", "--dim", "2", "--solution"], capsys)
    steps = out.split("Solution")[1]
    for n, what in enumerate(["wᵀx", "y =", "∂y/∂w", "L =", "∂L/∂y", "w_new"], start=1):
        assert f"{n}. {what}" in steps


@pytest.mark.parametrize("dim", [1, 4, 17])
def test_variant_json_has_exactly_the_named_keys(capsys, dim):
    code, out, _ = run(["variant", "--seed", "9", "--dim", str(dim), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and tuple(data) == JSON_KEYS
    assert len(data["x"]) == len(data["w"]) == len(data["dL_dw"]) == len(data["w_new"]) == dim


def test_check_typed_answers(capsys):
    code, out, _ = run(["check", *LAB_TYPED], capsys)
    assert code == 0 and "5 of 5 correct." in out
    code, out, _ = run(["check", "--dl-dw", "-6,-3"], capsys)
    assert code == 1 and "gradients accumulated" in out


def test_check_a_variant_from_its_json(capsys, tmp_path):
    main(["variant", "--seed", "5", "--dim", "3", "--json"])
    answers = tmp_path / "answers.json"
    answers.write_text(capsys.readouterr().out)
    code, out, _ = run(["check", "--seed", "5", "--dim", "3", str(answers)], capsys)
    assert code == 0 and "10 of 10 correct." in out
    code, out, _ = run(["check", str(answers)], capsys)
    assert code == 1, "against the lab's values, a variant's answers are wrong"


@pytest.mark.parametrize("argv, message", [
    (["variant", "--dim", "0"], "argument --dim: dim must be at least 1, got 0"),
    (["variant", "--dim", "two"], "argument --dim: dim must be a whole number, got 'two'"),
    (["variant", "--seed", "1.5"], "argument --seed: seed must be a whole number, got '1.5'"),
    (["variant", "--seed", "-2"], "argument --seed: seed must be at least 0, got -2"),
    (["check", "--seed", "x", "--y", "0"], "argument --seed"),
    (["check", "missing_file.py"], "cannot read missing_file.py: No such file"),
    (["check", "notes.txt"], "expected a .py, .ipynb or .json file"),
    (["check"], "nothing to check"),
    (["check", "--dy-dw", "2;1"], "expected numbers separated by commas"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_a_message(capsys, argv, message):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and message in err and "usage:" in err


def test_unreadable_json_is_a_usage_error(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SystemExit) as stop:
        main(["check", str(bad)])
    assert stop.value.code == 2 and "cannot read" in capsys.readouterr().err


def test_as_a_program_no_traceback(tmp_path):
    def program(*args):
        return subprocess.run([sys.executable, "-m", "lab3", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    ok = program("check", *LAB_TYPED)
    assert ok.returncode == 0 and "5 of 5 correct." in ok.stdout
    bad = program("variant", "--dim", "-1")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "error: argument --dim: dim must be at least 1" in bad.stderr


LOADED_TORCH = """
import runpy, sys
sys.argv = ["python -m lab3", *sys.argv[1:]]
try:
    runpy.run_module("lab3", run_name="__main__")
except SystemExit:
    pass
print("torch loaded:", "torch" in sys.modules)
"""


@pytest.mark.parametrize("argv", [
    ["variant", "--seed", "3", "--dim", "4", "--solution"],
    ["variant", "--seed", "3", "--dim", "4", "--json"],
    ["check", *LAB_TYPED],
    ["check", "--seed", "3", "--dim", "4", "--y", "1"],
], ids=["variant", "variant --json", "check typed", "check a variant"])
def test_numpy_only_commands_do_not_load_torch(argv, tmp_path):
    out = subprocess.run([sys.executable, "-c", LOADED_TORCH, *argv], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().endswith("torch loaded: False"), out


def test_data_the_check_cannot_use_is_a_usage_error(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"pts": [[0.0, float("nan")]], "learning_rate": 1.0, "loss": 1.0,
                                   "w": [1.0, 2.0]}))
    with pytest.raises(SystemExit) as stop:
        main(["check", str(answers)])
    assert stop.value.code == 2 and "pts" in capsys.readouterr().err


def test_dim_has_an_upper_bound(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["variant", "--dim", "1000000000"])
    assert stop.value.code == 2 and "dim must be at most 1000" in capsys.readouterr().err


def test_dim_of_ten_million_with_solution_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["variant", "--dim", "10000000", "--solution"])
    assert stop.value.code == 2 and "dim must be at most 1000" in capsys.readouterr().err


def test_an_internal_failure_has_its_own_exit_code(capsys, monkeypatch):
    import lab3.selfcheck.cli as cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "check_answers", broken)
    code, _, err = run(["check", "--y", "0"], capsys)
    assert code == cli.INTERNAL == 3 and "please report it" in err and "Traceback" not in err


def test_empty_json_is_not_a_pass(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text("{}")
    code, out, _ = run(["check", str(answers)], capsys)
    assert code == 1 and "Nothing was checked" in out
