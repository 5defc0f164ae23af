"""A corpus of submissions as students hand them in, with the verdict each must get.

Each case is one file (or typed options only): both templates filled in right in
several styles, each typical slip one at a time, JSON answers, notebooks, and
malformed, hostile and huge input. The files are written from the templates
in ``docs/exercises`` when the tests run, so they follow the templates.

A case's ``items`` are the verdicts in the order the report prints them: for
each answer ``CORRECT`` (with no hint) or ``(status, hint)``, where ``hint`` is
a short piece of text the hint must hold, ``""`` for no hint and ``ANY`` for
any hint. ``exit`` is the exit code of ``python -m lab3 check`` (0 all correct,
1 something wrong or nothing found, 2 unreadable input), ``says`` are pieces of
text its output must hold. ``notebook`` says that in a Jupyter kernel, run as two
cells, the file's body and then its last line, ``check_answers(globals())``, the
file must print the same verdicts; the body raises an error there just when the
check says the file stopped with one (``stops``).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from lab3.selfcheck.variant import as_json, make_variant

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "docs" / "exercises"
POINTS = ROOT / "lab3" / "data" / "pts.npy"

CORRECT = ("correct", "")
ANY = "*"
P1 = ("x", "w", "b", "y_label", "lr", "y", "dy_dw", "loss", "dL_dw", "w_new")
P2 = ("loss", "w", "learning_rate")
P1_ANSWERS = P1[5:]
P1_FILE = P1 + ("sin_backward",)  #: a file's answers: a function is not typed
NOT_REACHED = ("missing", "not reached")
JUDGED_ONCE = ("unchecked", "judged once")


@dataclass(frozen=True)
class Case:
    name: str  #: the file's name; typed answers only: a label, and no file is written
    text: str | None  #: the file's text (None: typed answers only, or a link)
    exit: int
    items: dict
    args: tuple = ()
    says: tuple = ()
    notebook: bool = False
    link_to: str | None = None  #: the file is a symbolic link to this path

    @property
    def stops(self) -> bool:
        """The file stops with an error (which the check names, with its line)."""
        return any("Error at line" in words for words in self.says)

    @property
    def command(self) -> list[str]:
        """The arguments of ``python -m lab3 check``."""
        return [*self.args, self.name] if self.text is not None or self.link_to else [*self.args]


def verdicts(names, **changed) -> dict:
    """Every answer of ``names`` correct, but those in ``changed``."""
    return {name: changed.get(name, CORRECT) for name in names}


# The templates, filled in --------------------------------------------------------------

#: Part 1's blanks, filled in right: {start of the template's line: the student's line}.
FILLED_1 = {
    "x = ...": "x = torch.tensor([2.0, 1.0], dtype=torch.float64)",
    "w = ...": "w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64, requires_grad=True)",
    "b = ...": "b = 0.0",
    "y_label = ...": "y_label = 2.0",
    "y = ...": "y = torch.sin(w @ x) - b",
    "# TODO: the backward pass through y": "y.backward()",
    "dy_dw = ...": "dy_dw = w.grad.clone()",
    "# TODO: clear w.grad": "w.grad.zero_()",
    "L2 = ...": "L2 = (y - y_label) ** 2",
    "# TODO: the backward pass through L2": "L2.backward()",
    "dL_dw = ...": "dL_dw = w.grad.clone()",
    "    w_new = ...": "    w_new = w - lr * w.grad",
    "    return ...": "    return upstream * torch.cos(s)",
}
#: Part 2's blanks, filled in right.
FILLED_2 = {
    "learning_rate = ...": "learning_rate = 2.5",
    "    loss = ...": "    loss = ((y - 1 / (1 + torch.exp(-(w[0] * x + w[1])))) ** 2).sum()",
    "    # TODO: (2) the gradient": "    loss.backward()",
    "        ...  # TODO: (3) update w": "        w -= learning_rate * w.grad",
}
SIGMOID = "torch.sigmoid(w[0] * x + w[1])"
LAST_LINE = "print(lab3.selfcheck.check_answers(globals()))"


def fill(template: str, filled: dict, *, head: str = "", tail: str = "") -> str:
    """The ``template`` with each line that starts as a key of ``filled`` replaced by its
    value, ``head`` first and ``tail`` just before the last line."""
    lines = (TEMPLATES / template).read_text(encoding="utf-8").splitlines()
    text = "\n".join(next((new for old, new in filled.items() if line.startswith(old)), line)
                     for line in lines) + "\n"
    assert LAST_LINE in text, f"{template} no longer ends with {LAST_LINE}"
    if tail:
        text = text.replace(LAST_LINE, f"{tail}\n{LAST_LINE}")
    return head + text


def part1(name, exit=0, items=None, *, head="", tail="", notebook=True, says=(),
          **changes) -> Case:
    """Part 1's template filled in, with ``changes`` (by the start of the line)."""
    text = fill("part1_template.py", {**FILLED_1, **changes}, head=head, tail=tail)
    return Case(name, text, exit, items or verdicts(P1_FILE), says=tuple(says), notebook=notebook)


def part2(name, exit=0, items=None, *, head="", notebook=True, says=(), **changes) -> Case:
    """Part 2's template filled in, with ``changes``."""
    text = fill("part2_template.py", {**FILLED_2, **changes}, head=head)
    return Case(name, text, exit, items or verdicts(P2), says=tuple(says), notebook=notebook)


def as_is(template: str, name: str, exit: int, items: dict, says=()) -> Case:
    return Case(name, (TEMPLATES / template).read_text(encoding="utf-8"), exit, items,
                says=tuple(says), notebook=True)


def data(name, value, exit, items, *, args=(), says=()) -> Case:
    """A JSON (or notebook) file: ``value`` as JSON, or a string as it is."""
    text = value if isinstance(value, str) else json.dumps(value)
    return Case(name, text, exit, items, args=tuple(args), says=tuple(says))


def typed(name, args, exit, items) -> Case:
    return Case(name, None, exit, items, args=tuple(args))


def _step(update: str) -> dict:
    return {"    w_new = ...": f"    w_new = {update}"}


def _loss(expr: str) -> dict:
    return {"    loss = ...": f"    loss = {expr}"}


# The corpus ---------------------------------------------------------------------------

def part1_cases() -> list[Case]:
    by_hand = {"# TODO: the backward pass through y": "", "# TODO: clear w.grad": "",
               "# TODO: the backward pass through L2": "",
               "dL_dw = ...": "dL_dw = 2 * (y - y_label) * dy_dw",
               **_step("w - lr * dL_dw")}
    fix_x = ("wrong", "fix x first")
    half = ("wrong", "½")
    return [
        # right, in several styles
        part1("p1_ok_float64.py"),
        part1("p1_ok_float32.py", **{
            "x = ...": "x = torch.tensor([2.0, 1.0])",
            "w = ...": "w = torch.tensor([math.pi / 2, math.pi], requires_grad=True)"}),
        part1("p1_ok_mse_loss.py", **{"L2 = ...": (
            "L2 = torch.nn.functional.mse_loss(y, torch.tensor(y_label, dtype=y.dtype))")}),
        part1("p1_ok_own_names.py", **{
            "L2 = ...": "loss = (y - y_label) ** 2",
            "# TODO: the backward pass through L2": "loss.backward()",
            "dL_dw = ...": "dl_dw = w.grad.clone()",
            'print(f"L = {L2}': 'print(f"L = {loss}, dL/dw = {dl_dw}")',
            "lr = 0.5": "alpha = 0.5", **_step("w - alpha * w.grad")}),
        part1("p1_ok_by_hand.py", **by_hand, **{
            "w = ...": "w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64)",
            "dy_dw = ...": "dy_dw = torch.cos(w @ x) * x"}),
        part1("p1_ok_numpy.py", head="import numpy as np\n", **by_hand, **{
            "x = ...": "x = np.array([2.0, 1.0])", "w = ...": "w = np.array([np.pi / 2, np.pi])",
            "y = ...": "y = np.sin(w @ x) - b", "dy_dw = ...": "dy_dw = np.cos(w @ x) * x"}),
        part1("p1_ok_list_of_tensors.py", **{
            "dL_dw = ...": "dL_dw = [w.grad[0], w.grad[1]]",
            **_step("[w[0] - lr * w.grad[0], w[1] - lr * w.grad[1]]")}),
        part1("p1_ok_beside_its_data.py", head="import numpy as np\n", **{
            "x = ...": "x = torch.tensor(np.load('pts.npy')[0] * 0 + [2.0, 1.0])"}),
        part1("p1_list_grad_tensors.py",
              tail="w_new = [w[0] - 0.5 * w.grad[0], w[1] - 0.5 * w.grad[1]]  # outside no_grad"),
        # one slip each
        part1("p1_slip_no_zero_grad.py", 1, verdicts(
            P1_FILE, dL_dw=("wrong", "gradients accumulated"), w_new=("wrong", "gradients accumulated")),
            **{"# TODO: clear w.grad": ""}),
        part1("p1_slip_plus_update.py", 1, verdicts(P1_FILE, w_new=("wrong", "wrong update direction")),
              **_step("w + lr * w.grad")),
        part1("p1_slip_no_lr.py", 1, verdicts(P1_FILE, w_new=("wrong", "forgot the learning rate")),
              **_step("w - w.grad")),
        part1("p1_slip_cos.py", 1, verdicts(
            P1_FILE, y=("wrong", "applies sin, not cos"), dy_dw=("wrong", "is cos(z), not sin(z)"),
            loss=("wrong", "follows correctly from your y"),
            dL_dw=("wrong", "follows correctly from your y"),
            w_new=("wrong", "follows correctly from your ∂L/∂w")),
            **{"y = ...": "y = torch.cos(w @ x) - b"}),
        part1("p1_slip_abs_loss.py", 1, verdicts(
            P1_FILE, loss=("wrong", "squares the error"), dL_dw=("wrong", ANY),
            w_new=("wrong", "follows correctly from your ∂L/∂w")),
            **{"L2 = ...": "L2 = (y - y_label).abs()"}),
        part1("p1_slip_half_loss.py", 1, verdicts(
            P1_FILE, loss=("wrong", "no factor 1/2"), dL_dw=half, w_new=half),
            **{"L2 = ...": "L2 = 0.5 * (y - y_label) ** 2"}),
        part1("p1_slip_w_updated.py", 1, verdicts(P1_FILE, w=("wrong", "w holds the updated weights")),
              **{"    w_new = ...": "    w -= lr * w.grad\n    w_new = w"}),
        part1("p1_slip_backward_twice.py", 1, verdicts(
            P1_FILE, dL_dw=("wrong", "L2.backward() ran twice"),
            w_new=("wrong", "L2.backward() ran twice")),
            **{"# TODO: the backward pass through L2":
               "L2.backward(retain_graph=True)\nL2.backward()"}),
        part1("p1_slip_x_swapped.py", 1, verdicts(
            P1_FILE, x=("wrong", "differs from the problem"), **dict.fromkeys(P1_ANSWERS, fix_x)),
            **{"x = ...": "x = torch.tensor([1.0, 2.0], dtype=torch.float64)"}),
        part1("p1_slip_dy_not_cloned.py", 1, verdicts(P1_FILE, dy_dw=("wrong", ANY)),
              **{"dy_dw = ...": "dy_dw = w.grad"}),
        part1("p1_slip_dl_unfilled.py", 1, verdicts(P1_FILE, dL_dw=("missing", "fill in this blank")),
              **{"dL_dw = ...": "dL_dw = ..."}),
        part1("p1_slip_no_requires_grad.py", 1, {
            **verdicts(P1[:6], w=("wrong", "requires_grad=True")),
            **dict.fromkeys(P1_ANSWERS[1:], NOT_REACHED), "sin_backward": ("missing", ANY)},
            says=["RuntimeError at line 59"],
            **{"w = ...": "w = torch.tensor([math.pi / 2, math.pi], dtype=torch.float64)"}),
        part1("p1_slip_stops_midway.py", 1, verdicts(
            P1_FILE, loss=NOT_REACHED, dL_dw=("wrong", ANY), w_new=NOT_REACHED,
            sin_backward=NOT_REACHED), notebook=False,
            **{"L2 = ...": "L2 = (y - y_labl) ** 2"}),
        part1("p1_slip_syntax_error.py", 1, {
            **dict.fromkeys(P1_ANSWERS + ("sin_backward",), NOT_REACHED)}, notebook=False,
            **{"y = ...": "y = torch.sin(w @ x - b"}),
        as_is("part1_template.py", "p1_unfilled.py", 1, verdicts(
            P1_FILE, **{n: ("missing", "fill in this blank") for n in P1_FILE if n != "lr"})),
        # hostile
        part1("p1_hostile_values.py", 1, verdicts(
            P1_FILE, y=("wrong", "too large for float64"), loss=("wrong", "meta tensor"),
            w_new=("wrong", "cannot read it as numbers")), tail=(
            "class Odd:\n    def __float__(self):\n        raise ValueError('no float')\n"
            "    def __array__(self, *a, **k):\n        raise ValueError('no array')\n\n"
            "y = 10**400\nL2 = torch.empty(1, device='meta')\nw_new = Odd()")),
        part1("p1_hostile_sleep.py", notebook=False,
              head="import subprocess\nsubprocess.Popen(['sleep', '100001'])\n"),
        part1("p1_hostile_output.py", notebook=False, head="import sys\n", tail=(
            "for _ in range(1024):\n    sys.stdout.write('x' * 2**20)\n"
            "for _ in range(64):\n    sys.stderr.write('e' * 2**20)\n"
            "sys.stderr.write('\\nlast words\\n')")),
        part1("p1_hostile_exit.py", notebook=False, tail="raise SystemExit(0)"),
        Case("p1_hostile_kills_itself.py", fill("part1_template.py", FILLED_1, tail=(
            "import os, signal, sys\nsys.stderr.write('killing myself now\\n')\n"
            "sys.stderr.flush()\nos.kill(os.getpid(), signal.SIGKILL)")), 1,
            dict.fromkeys(P1_ANSWERS + ("sin_backward",), NOT_REACHED),
            says=("ended Python itself (signal 9) before it could be checked (killing myself now)",)),
        Case("p1_hostile_loop.py", fill(
            "part1_template.py", FILLED_1, head="import subprocess\n"
            "subprocess.Popen(['sleep', '100002'])\nimport time\n",
            tail="while True:  # endless, but idle: the test machine's other work goes on\n"
                 "    time.sleep(0.05)"),
            # 6 s: the forked check (tests/selfcheck/forked.py) reaches the loop in well
            # under a second, as PyTorch is imported already
            1, verdicts(P1_FILE), args=("--timeout", "6"), says=("still ran after 6 s and was stopped",)),
        Case("p1_link_to_dev_zero.json", None, 2, {}, link_to="/dev/zero",
             says=("not a regular file",)),
    ]


def part1_data_cases() -> list[Case]:
    variant = as_json(make_variant(5, 3))
    not_number = ("wrong", "cannot read it as numbers")
    return [
        data("p1_json_ok.json", {"y": 0, "dy_dw": [2, 1], "loss": 4, "dL_dw": [-8, -4],
                                 "w_new": [5.57, 5.14]}, 0, verdicts(P1_ANSWERS)),
        data("p1_json_empty.json", {}, 1, {}, says=["Nothing was checked"]),
        data("p1_json_text_number.json", {"y": "0.5", "dy_dw": [2, 1]}, 1,
             {"y": ("wrong", "without quotes"), "dy_dw": CORRECT}),
        data("p1_json_bool.json", {"y": True, "dy_dw": [2, 1]}, 1,
             {"y": not_number, "dy_dw": CORRECT}),
        data("p1_json_misspelt.json", {"Y": 0, "dy_dw": [2, 1]}, 1,
             {"dy_dw": CORRECT, "Y": ("wrong", "did you mean y?")}),
        data("p1_json_huge_int.json", '{"y": ' + "9" * 400 + ', "dy_dw": [2, 1]}', 1,
             {"y": ("wrong", "too large for float64"), "dy_dw": CORRECT}),
        data("p1_json_deep.json", '{"y": ' + "[" * 100_000 + "]" * 100_000 + "}", 2, {},
             says=["nested too deeply"]),
        data("p1_json_not_object.json", [0, [2, 1]], 2, {}, says=["must hold a JSON object"]),
        data("p1_json_broken.json", '{"y": 0,', 2, {},
             says=["cannot read p1_json_broken.json as JSON"]),
        data("p1_json_slip_no_lr.json", {"w_new": [9.57, 7.14]}, 1,
             {"w_new": ("wrong", "forgot the learning rate")}),
        data("p1_json_variant_s5_d3.json", variant, 0, verdicts(P1), args=["--seed", "5", "--dim", "3"]),
        data("p1_json_variant_no_flags.json", variant, 1, {
            **dict.fromkeys(P1, ("wrong", "got 3; this looks like a variant: check it with "
                                          "--seed 5 --dim 3")),
            **dict.fromkeys(("b", "y_label", "lr", "y", "loss"), (
                "wrong", "this looks like a variant: check it with --seed 5 --dim 3"))}),
        typed("p1_typed_variant_3_digits", [
            "--seed", "5", "--dim", "3", "--dl-dw", "5.49,1.83,-1.83", "--w-new", "-3.69,2.96,0.968"],
            0, verdicts(("dL_dw", "w_new"))),
        typed("p1_typed_4_numbers", ["--dl-dw", "5.49,1.83,-1.83,1"], 1, {
            "dL_dw": ("wrong", "expected 2 numbers, got 4: for a variant of dimension 4, "
                               "add --seed S --dim 4")}),
        typed("p1_typed_lab", ["--y", "0", "--dl-dw", "-8,-4", "--w-new", "5.57,5.14"], 0,
              verdicts(("y", "dL_dw", "w_new"))),
    ]


def part2_cases() -> list[Case]:
    fix_loss = ("wrong", "fix the loss first")
    wrong_loss = lambda hint: verdicts(P2, loss=("wrong", hint), w=fix_loss,  # noqa: E731
                                       learning_rate=JUDGED_ONCE)
    wrong_w = lambda hint: verdicts(P2, w=("wrong", hint), learning_rate=JUDGED_ONCE)  # noqa: E731
    stopped = lambda hint: {"loss": JUDGED_ONCE, "w": ("wrong", hint),  # noqa: E731
                            "learning_rate": JUDGED_ONCE}
    return [
        part2("p2_ok_sse.py"),
        part2("p2_ok_sigmoid.py", **_loss(f"((y - {SIGMOID}) ** 2).sum()")),
        part2("p2_ok_float32.py", **{
            "pts = torch.tensor(": "pts = torch.tensor(lab3.datasets.load_points(), dtype=torch.float32)",
            "w = torch.tensor(": "w = torch.tensor([-2.0, 2.0], dtype=torch.float32,"}),
        part2("p2_ok_nll_constant.py", head="import math\n", **_loss(
            f"((y - {SIGMOID}) ** 2).sum() + len(x) * math.log(math.sqrt(math.pi))")),
        part2("p2_ok_mean.py", **{"learning_rate = ...": "learning_rate = 12.5"},
              **_loss(f"((y - {SIGMOID}) ** 2).mean()")),
        part2("p2_ok_mse_loss.py", **{"learning_rate = ...": "learning_rate = 12.5"},
              **_loss(f"torch.nn.functional.mse_loss({SIGMOID}, y)")),
        part2("p2_ok_np_load_beside.py", **{"pts = torch.tensor(": "pts = torch.tensor(np.load('pts.npy'))"}),
        part2("p2_slip_no_zero_grad.py", 1, wrong_w("gradients accumulated"),
              **{"    w.grad.zero_()": "    pass"}),
        part2("p2_slip_ascend.py", 1, wrong_w("the loss climbs"),
              **{"        ...  # TODO: (3) update w": "        w += learning_rate * w.grad"}),
        part2("p2_slip_not_squared.py", 1, wrong_loss("square the residuals"),
              **_loss(f"(y - {SIGMOID}).sum()")),
        part2("p2_slip_abs.py", 1, wrong_loss("squared residuals, not absolute values"),
              **_loss(f"(y - {SIGMOID}).abs().sum()")),
        part2("p2_slip_old_plot_model.py", 1, wrong_loss("old plot line"),
              **_loss("((y - 1 / (1 - torch.exp(w[0] * x - w[1]))) ** 2).sum()")),
        part2("p2_slip_sign_w1.py", 1, wrong_loss("sign of w1"),
              **_loss("((y - torch.sigmoid(w[0] * x - w[1])) ** 2).sum()")),
        part2("p2_slip_lr_small.py", 1, verdicts(P2, learning_rate=("wrong", "too small")),
              **{"learning_rate = ...": "learning_rate = 0.01"}),
        part2("p2_slip_lr_huge.py", 1, verdicts(P2, learning_rate=("wrong", "too large")),
              **{"learning_rate = ...": "learning_rate = 100"}),
        part2("p2_slip_lr_50.py", 1, verdicts(P2, learning_rate=("wrong", "too large")),
              **{"learning_rate = ...": "learning_rate = 50"}),
        part2("p2_slip_not_in_place.py", 1, stopped("in place"),
              says=["AttributeError at line 62"],
              **{"        ...  # TODO: (3) update w": "        w = w - learning_rate * w.grad"}),
        part2("p2_slip_no_requires_grad.py", 1, stopped("requires_grad=True"),
              says=["RuntimeError at line 59"],
              **{"                 requires_grad=True)": "                 )"}),
        as_is("part2_template.py", "p2_unfilled.py", 1, {
            "learning_rate": ("missing", "fill in this blank"),
            "loss": ("missing", "fill in this blank")}, says=["AttributeError at line 62"]),
    ]


def part2_data_cases() -> list[Case]:
    good = {"learning_rate": 2.5, "loss": 1.0, "w": [1.0, 2.0]}
    text = lambda **extra: json.dumps({**good, **extra})  # noqa: E731
    bad_i = {"loss": JUDGED_ONCE, "w": ("wrong", "last i must be from 0 to 9999"),
             "learning_rate": JUDGED_ONCE}
    return [
        data("p2_json_pts_shape.json", {**good, "pts": [1, 2, 3]}, 2, {},
             says=["pts must have shape (N, 2)"]),
        data("p2_json_pts_nan.json", text(pts=[[0.0, float("nan")], [0.5, 1.0]]), 2, {},
             says=["pts must hold finite numbers"]),
        data("p2_json_i_negative.json", {**good, "i": -5}, 1, bad_i),
        data("p2_json_i_nan.json", text(i=float("nan")), 1, bad_i),
        data("p2_json_i_1e400.json", text()[:-1] + ', "i": 1e400}', 1, bad_i),
        data("p2_json_i_100000.json", {**good, "i": 100000}, 1, bad_i),
        data("p2_json_i_5000.json", {**good, "i": 5000}, 1, {
            "loss": JUDGED_ONCE, "w": ("wrong", "replays at most 1000"),
            "learning_rate": JUDGED_ONCE}),
        data("p2_json_lr_empty.json", {**good, "learning_rate": []}, 1,
             {"learning_rate": ("wrong", "positive number")}),
    ]


def notebook_cases() -> list[Case]:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": fill("part1_template.py", FILLED_1).splitlines(True)}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return [
        data("nb_ok_part1.ipynb", notebook, 0, verdicts(P1_FILE)),
        data("nb_cells_numbers.ipynb", {"cells": [1, 2]}, 2, {}, says=["it needs a list of cells"]),
        data("nb_cells_text.ipynb", {"cells": "abc"}, 2, {}, says=["it needs a list of cells"]),
        data("nb_source_number.ipynb", {"cells": [{"cell_type": "code", "source": 5}]}, 2, {},
             says=["code cell 1 has no text as its source"]),
        data("nb_not_json.ipynb", "this is not a notebook", 2, {},
             says=["cannot read nb_not_json.ipynb as a notebook"]),
    ]


CASES = part1_cases() + part1_data_cases() + part2_cases() + part2_data_cases() + notebook_cases()


def write(folder: Path) -> Path:
    """Write every case's file into ``folder``, with the lab's data beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(POINTS, folder / "pts.npy")
    for case in CASES:
        if case.link_to:
            os.symlink(case.link_to, folder / case.name)
        elif case.text is not None:
            (folder / case.name).write_text(case.text, encoding="utf-8")
    return folder
