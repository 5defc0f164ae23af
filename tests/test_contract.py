"""The input contract, over the whole public API: bad input raises ``lab3.InputError``.

Every public function and class of ``lab3`` is found from the packages' ``__all__``
(a new one fails ``test_every_public_callable_has_an_entry`` until it is added
here). ``CALLS`` says how to call each with good arguments; hypothesis then puts
one bad value in place of one argument, by the argument's kind: NaN, inf,
complex numbers, text, bools, dates, wrong shapes, empty and huge arrays,
tensors on the graph or of other dtypes, meta tensors, counts and rates out of
range, bad files. The call must give a finite result of the good call's kind,
or raise ``InputError``: never another exception, never NaN or inf.
"""

import dataclasses
import inspect
import math
import tempfile
import types
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lab3
from lab3 import learning_rate as lr_mod
from lab3 import noise_models as nm
from lab3.selfcheck.answers import Answers
from strategies import JUNK, bad_like

PACKAGES = (lab3,)


def public_callables() -> dict:
    """``{"lab3.module.name": object}``: every public function and class (errors aside) of
    every module and package that a package's ``__all__`` lists, subpackages included."""
    found, todo, seen = {}, list(PACKAGES), set()
    while todo:
        package = todo.pop()
        for name in package.__all__:
            obj = getattr(package, name)
            if isinstance(obj, types.ModuleType):
                if obj.__name__ not in seen:
                    seen.add(obj.__name__)
                    todo += [obj] if hasattr(obj, "__all__") else []
                    found.update(_defined_in(obj))
            elif callable(obj):
                found[f"{obj.__module__}.{obj.__name__}"] = obj
    return {k: v for k, v in found.items()
            if not (inspect.isclass(v) and issubclass(v, BaseException))}


def _defined_in(module) -> dict:
    return {f"{module.__name__}.{name}": obj for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__}


# -- good arguments -----------------------------------------------------------------------

P = lab3.LAB_PROBLEM
PTS = lab3.load_points()
X, Y = PTS[:, 0].copy(), PTS[:, 1].copy()
W = [-2.0, 2.0]
FIT = lab3.fit_least_squares(X, Y)
HISTORY = lab3.learning_loop(X, Y, 2.5)
SWEEP = lr_mod.sweep(X, Y, np.logspace(-1, 1.5, 9))
GRAPH = lab3.graph.unit_graph(P.x, P.w, P.b, P.y_label, backward=True)
FORWARD = lab3.graph.unit_graph(P.x, P.w, P.b)
_w = torch.tensor(P.w, requires_grad=True)
OUTPUT = (torch.sin(_w @ torch.tensor(P.x)) - P.y_label) ** 2
BATCH_X, BATCH_V = np.array(lab3.shapes.BATCH_X), np.array(lab3.shapes.BATCH_V)
_v = torch.tensor(P.w, requires_grad=True)
RUN = (torch.sin(_v @ torch.tensor(P.x)) - P.y_label) ** 2  # backward_order runs it, once
PART1 = {"y": 0.0, "dy_dw": [2.0, 1.0], "loss": 4.0, "dL_dw": [-8.0, -4.0]}
PART2 = Answers(values={k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in {
    "learning_rate": 2.5, "loss": HISTORY.losses[-2], "w": HISTORY.w}.items()})

# Files, good and bad, for the functions that read one.
_FOLDER = tempfile.TemporaryDirectory(prefix="lab3-contract-")  # removed when Python exits
FILES = Path(_FOLDER.name)
(FILES / "answers.json").write_text('{"y": 0, "dy_dw": [2, 1]}')
(FILES / "answers.py").write_text("y = 0.0\n")
(FILES / "empty.npy").write_bytes(b"")
(FILES / "text.npy").write_text("x, y\n0.1, 0.2\n")
(FILES / "broken.json").write_text("{not json")
(FILES / "list.json").write_text("[1, 2]")
(FILES / "notes.txt").write_text("y = 0")
(FILES / "broken.ipynb").write_text('{"cells": 3}')
(FILES / "folder.npy").mkdir()
np.save(FILES / "object.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
np.savez(FILES / "archive.npz", pts=np.zeros((3, 2)))
for name, content in {"complex": np.ones((3, 2)) * 1j, "bool": np.ones((3, 2), bool),
                      "nan": np.full((3, 2), np.nan), "flat": np.zeros(3),
                      "none": np.zeros((0, 2)), "dates": np.zeros((3, 2), "datetime64[D]")}.items():
    np.save(FILES / f"{name}.npy", content)
with (FILES / "huge.npy").open("wb") as f:
    np.lib.format.write_array_header_1_0(f, {"descr": "<f8", "fortran_order": False,
                                             "shape": (10**12, 2)})
(FILES / "short.npy").write_bytes((FILES / "huge.npy").read_bytes().replace(b"(1000000000000, 2)",
                                                                          b"(3, 2)            "))
BAD_PATHS = st.one_of(JUNK, st.sampled_from(
    [FILES / "missing.npy", str(FILES / "missing.json"), FILES / "missing.py", FILES]
    + [p for p in FILES.iterdir() if p.suffix != ".py"]))

# Bad values of the kinds that ``bad_like`` does not know.
BAD_FUNCTIONS = st.sampled_from([
    3, "sum", lambda *a, **k: float("nan"), lambda *a, **k: "1", lambda *a, **k: 1j,
    lambda *a, **k: [1.0, 2.0], lambda *a, **k: torch.tensor(float("nan")),
    lambda *a, **k: None, lambda *a, **k: torch.zeros(3, requires_grad=True).sum() * np.inf])
BAD_MAPPINGS = st.sampled_from([
    {"y": "1"}, {"y": 1j}, {"y": [np.nan]}, {"dL_dw": torch.zeros(2, device="meta")},
    {1: 2}, {"w": [1.0]}, {"pts": "abc"}, {"pts": np.full((3, 2), np.nan)},
    {"learning_rate": [], "loss": 1.0, "w": [1.0, 2.0], "pts": PTS},
    {"learning_rate": 1.0, "loss": 1.0, "w": [1.0, 2.0], "i": 1e300, "pts": PTS},
    {"learning_rate": np.inf, "loss": np.nan, "w": [np.inf, 2.0], "pts": PTS}])
BAD_TENSORS = st.sampled_from([torch.ones(2), torch.ones(2, requires_grad=True),
                               torch.ones(2, device="meta"), torch.ones(2, dtype=torch.complex64)])
BAD_ARGV = st.lists(st.sampled_from(
    ["check", "variant", "--seed", "--dim", "--part", "--y", "--dl-dw", "--w-new", "--json",
     "--solution", "nan", "inf", "1j", "-1", "0", "3", "10000000000", "abc", "1,2,3",
     str(FILES / "broken.json"), str(FILES / "list.json"), str(FILES / "answers.json"),
     str(FILES / "huge.npy"), str(FILES / "missing.py")]), max_size=5)


def bad_for(valid):
    """Bad values in place of the good argument ``valid``, by its kind."""
    if isinstance(valid, Path):
        return BAD_PATHS
    if isinstance(valid, dict):
        return st.one_of(JUNK, BAD_MAPPINGS)
    if isinstance(valid, torch.Tensor):
        return st.one_of(JUNK, BAD_TENSORS)
    if inspect.isfunction(valid) or isinstance(valid, np.ufunc):
        return st.one_of(JUNK, BAD_FUNCTIONS)
    return bad_like(valid)


@dataclasses.dataclass
class Call:
    """How to call one public function with good arguments, and what to expect."""

    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    bad: dict = dataclasses.field(default_factory=dict)  #: more bad values, by argument
    examples: int = 50  #: hypothesis examples: fewer for the slow ones
    output: str = ""  #: why the output may hold NaN or inf, if it may
    any_shape: bool = False  #: the result's shape follows the input's, of any shape
    free: str = ""  #: why any result will do, if it will: only errors are checked
    exits: bool = False  #: a command line: bad arguments exit with status 2


SETTLE = {"n_iter": 30, "n_settle": 200, "w_init": W, "fit": FIT}
DIVERGED = "a run that diverges holds inf, and its regime says 'diverges'"
AS_GIVEN = "the student's answers as given: a NaN answer is judged wrong, later"
ANY = {"any_shape": True}
U = (P.x, P.w, P.b)  # the unit's arguments
UL = (*U, P.y_label)
T64 = {"dtype": torch.float64}
UNEQUAL = lab3.counterexamples.unequal_variances(n_sets=3, n=20)  # small, to be quick
TAILS = lab3.counterexamples.heavy_tails(n=20)
BLUR = lab3.counterexamples.noise_on_x(n=20, more=(30,))

CALLS = {
    "lab3.by_hand.Step": None,
    "lab3.by_hand.gradient_step": Call((X, Y, W, 2.5)),
    "lab3.backprop.EdgeRow": None,
    "lab3.backprop.edge_table": Call((GRAPH,)),
    "lab3.backprop.fork_output": Call((P.x, P.w)),
    "lab3.backprop.ForkPaths": None,
    "lab3.backprop.fork_paths": Call((P.x, P.w)),
    "lab3.backprop.Accumulation": None,
    "lab3.backprop.accumulation": Call((P.x, P.w)),
    "lab3.backprop.second_grad_error": Call((P.x, P.w, P.y_label)),
    "lab3.claims.Claim": None,
    "lab3.claims.backprop": Call((P,), examples=8),
    "lab3.claims.require": Call(({"a": lab3.claims.Claim("holds", True)},)),
    "lab3.claims.learning_rate": Call((SWEEP, X, Y, 2.5), examples=5),
    "lab3.claims.part1": Call((P,), examples=8),
    "lab3.claims.fit": Call((X, Y), examples=8),
    "lab3.claims.counterexamples": Call((UNEQUAL, TAILS, BLUR), examples=8),
    "lab3.counterexamples.Comparison": None,
    "lab3.counterexamples.unequal_variances": Call((), {"n_sets": 2, "n": 20, "scale": 0.1},
                                                   examples=10),
    "lab3.counterexamples.heavy_tails": Call((), {"n": 20, "scale": 0.05, "seed": 3},
                                             examples=10),
    "lab3.counterexamples.noise_on_x": Call((), {"n": 20, "sigma_x": 0.4, "sigma_y": 0.1,
                                                 "seed": 0, "more": (30,)}, examples=10),
    "lab3.datasets.make_points": Call(kwargs={"n": 5, "w": (4.0, 0.0), "noise_std": 0.7,
                                              "seed": 196, "x_range": (-1.0, 1.0)}),
    "lab3.datasets.check_points": Call((PTS, "pts")),
    "lab3.datasets.load_points": Call((lab3.datasets.DATA_PATH,), examples=40),
    "lab3.finite_diff.gradient": Call((lambda v: float(np.sin(v).sum()), [1.0, 2.0], 1e-6)),
    "lab3.finite_diff.derivative": Call((np.sin, 0.3, 1e-6)),
    "lab3.finite_diff.grad_y_w": Call((*U, 1e-6)),
    "lab3.finite_diff.grad_loss_w": Call((*UL, 1e-6)),
    "lab3.finite_diff.grad_loss_b": Call((*UL, 1e-6)),
    "lab3.graph.autograd.autograd_graph": Call((OUTPUT, {"w": _w}), {"title": "L"}),
    "lab3.graph.autograd.backward_order": Call((RUN, {"w": _v})),
    "lab3.graph.core.plain_value": Call(([1.0, 2.0],)),
    "lab3.graph.core.format_value": Call((1.5, 4)),
    "lab3.graph.core.graph_list": Call(([GRAPH, FORWARD],)),
    "lab3.graph.core.Node": None,
    "lab3.graph.core.Edge": None,
    "lab3.graph.core.Graph": Call((GRAPH.nodes, GRAPH.edges, "t", "backward")),
    "lab3.graph.dot.to_dot": Call((GRAPH,)),
    "lab3.graph.figures.SVGFigure": Call((GRAPH, FORWARD), {"rankdir": "TB"}),
    "lab3.graph.figures.lab_autograd_graph": Call((P,)),
    "lab3.graph.figures.lab_graphs": Call(("forward", P)),
    "lab3.graph.figures.caption": Call(("forward", FORWARD)),
    "lab3.graph.figures.figure_html": Call(("forward", P)),
    "lab3.graph.figures.point_figure_html": Call((0.5, 0.8, W)),
    "lab3.graph.layout.text_width": Call(("wᵀx", 12.0, False)),
    "lab3.graph.layout.Box": None,
    "lab3.graph.layout.Layout": None,
    "lab3.graph.layout.edge_lines": Call((GRAPH.edges[0], "LR")),
    "lab3.graph.layout.node_size": Call((GRAPH, GRAPH.nodes[0])),
    "lab3.graph.layout.ranks": Call((GRAPH,)),
    "lab3.graph.layout.layout": Call((GRAPH, [80.0], [30.0]), {"rankdir": "LR"}),
    "lab3.graph.steps.forward_order": Call((GRAPH,)),
    "lab3.graph.steps.graph_steps": Call(([GRAPH, FORWARD],)),
    "lab3.graph.svg.to_svg_stack": Call(([GRAPH, FORWARD],), {"rankdir": "LR",
                                                               "headings": True}),
    "lab3.graph.svg.to_svg": Call((GRAPH,), {"rankdir": "TB"}),
    "lab3.graph.trace.unit_graph": Call(UL, {"backward": True}),
    "lab3.graph.scalar.scalar_unit_graph": Call(UL, {"backward": True}),
    "lab3.graph.scalar.fork_graph": Call((P.x, P.w), {"backward": True}),
    "lab3.graph.trace.sigmoid_loss_graph": Call((0.5, 0.8, W), {"backward": True}),
    "lab3.half.Halved": None,
    "lab3.half.compare": Call((lambda w: ((w - 1.0) ** 2).sum(), [0.0, 0.0], 0.5), examples=20),
    "lab3.half.part1": Call((P,), examples=10),
    "lab3.half.part2": Call((X, Y, W, 2.5), examples=10),
    "lab3.learning_rate.quadratic_errors": Call((1.0, 0.5, 1.0, 4)),
    "lab3.learning_rate.gap_left": Call((HISTORY.losses, FIT.sse), **ANY),
    "lab3.learning_rate.gap_closed": Call((HISTORY.losses, FIT.sse), **ANY),
    "lab3.learning_rate.Curvature": None,
    "lab3.learning_rate.curvature": Call((X, Y, FIT.w)),
    "lab3.learning_rate.Outcome": None,
    "lab3.learning_rate.Runs": None,
    "lab3.learning_rate.descend": Call((X, Y, [0.5, 2.5]), SETTLE, output=DIVERGED),
    "lab3.learning_rate.judge": Call((2.5, X, Y), {"n_iter": 30, "loss": "sse"}, examples=6,
                                     output=DIVERGED),
    "lab3.learning_rate.monotone_limit": Call((X, Y, 0.5, 10.0), {"n_iter": 30, "rtol": 1e-3,
                                                                  "fit": FIT}),
    "lab3.learning_rate.Sweep": None,
    "lab3.learning_rate.sweep": Call((X, Y, [0.5, 2.5, 6.0]), {"n_iter": 30}, examples=4,
                                     output=DIVERGED),
    "lab3.learning_rate.flat_left": Call((X, Y, HISTORY.weights, FIT.w)),
    "lab3.explore.bands": Call((["crawls", "crawls", "cycles"],)),
    "lab3.explore.explorer": Call((X, Y, SWEEP), examples=20),
    "lab3.explore.landscape_bands": Call((X, Y), examples=10),
    "lab3.likelihood.log_normal": Call((Y, 0.5, 0.5), **ANY),
    "lab3.likelihood.density": Call((Y, X, W)),
    "lab3.likelihood.variances": Call((0.7, 5)),
    "lab3.likelihood.nll_constant": Call((5, 0.7)),
    "lab3.likelihood.sse": Call((W, X, Y)),
    "lab3.likelihood.mse": Call((W, X, Y)),
    "lab3.likelihood.nll": Call((W, X, Y, 0.7)),
    "lab3.likelihood.grad_sse": Call((W, X, Y)),
    "lab3.likelihood.sse_and_grad": Call((np.array([W, FIT.w]), X, Y), **ANY),
    "lab3.likelihood.grad_sse_autograd": Call((W, X, Y)),
    "lab3.likelihood.hessian_sse": Call((W, X, Y)),
    "lab3.likelihood.landscape": Call((np.zeros((2, 3)), np.ones((2, 3)), X, Y), **ANY),
    "lab3.noise_models.heteroscedastic_std": Call((X, 0.1)),
    "lab3.noise_models.sample_points": Call((5,), {"w": (4.0, 0.0), "noise": "gaussian",
                                                   "scale": 0.1, "seed": 0, "x_noise_std": 0.1,
                                                   "x_range": (-1.0, 1.0)}),
    "lab3.noise_models.gaussian_nll": Call((W, X, Y, 0.7)),
    "lab3.noise_models.cauchy_nll": Call((W, X, Y, 0.05)),
    "lab3.noise_models.errors_in_x_nll": Call((W, X, Y, 0.1, 0.2), {"x_range": (-1.0, 1.0),
                                                                    "n_nodes": 21}),
    "lab3.noise_models.fit_mle": Call((nm.cauchy_nll, X, Y), {"w_init": FIT.w, "scale": 0.5},
                                      examples=10),
    "lab3.optimize.Minimum": None,
    "lab3.optimize.minimize": Call((lambda w: ((w - 1.0) ** 2).sum(), [0.0, 0.0]),
                                   {"tol": 1e-6, "max_iter": 100}),
    "lab3.optimize.LeastSquaresFit": None,
    "lab3.optimize.fit_least_squares": Call((X, Y), {"w_init": W, "tol": 1e-6}),
    "lab3.problem.UnitProblem": Call(kwargs={"x": P.x, "w": P.w, "b": 0.0, "y_label": 2.0,
                                             "lr": 0.5}),
    "lab3.problem.UnitSolution": None,
    "lab3.problem.checked": Call((P,)),
    "lab3.problem.solve": Call((P,)),
    "lab3.problem.step_shift": Call((P,)),
    "lab3.problem.peak_rate": Call((P,)),
    "lab3.problem.lowering_limit": Call((P,), examples=8),
    "lab3.selfcheck.answers.Answers": None,
    "lab3.selfcheck.answers.Unreadable": None,
    "lab3.selfcheck.answers.plain": Call((2.0,), free="the answer as given, or its kind's name"),
    "lab3.selfcheck.answers.from_mapping": Call((PART1,), {"typed": False}, output=AS_GIVEN,
                                                **ANY),
    "lab3.selfcheck.answers.from_json": Call((FILES / "answers.json",), output=AS_GIVEN),
    "lab3.selfcheck.answers.source_of": Call((FILES / "answers.py",)),
    "lab3.selfcheck.answers.from_file": Call((FILES / "answers.json",), {"timeout": 300.0},
                                             output=AS_GIVEN, **ANY),
    "lab3.selfcheck.check.check_answers": Call((PART1,), {"seed": 3, "dim": 2, "problem": None,
                                                          "part": 1}, examples=40),
    "lab3.selfcheck.cli.build_parser": Call(),
    "lab3.selfcheck.cli.main": Call((["variant", "--seed", "1"],), bad={0: BAD_ARGV},
                                    examples=40, exits=True),
    "lab3.selfcheck.mistakes.part1": Call((P,)),
    "lab3.selfcheck.page_data.problem_data": Call((P,), {"hints": []}),
    "lab3.selfcheck.page_data.texts": Call(),
    "lab3.selfcheck.page_data.advice": Call(),
    "lab3.selfcheck.page_data.titles": Call(),
    "lab3.selfcheck.page_data.part1_data": Call((2, 2), examples=10),
    "lab3.selfcheck.page_data2.advice": Call(),
    "lab3.selfcheck.page_data2.part2_data": Call(examples=2),
    "lab3.selfcheck.part1.tolerances": Call((P,)),
    "lab3.selfcheck.part1.check_part1": Call((Answers(values={"y": np.zeros(1)}), P)),
    "lab3.selfcheck.part2.check_part2": Call((PART2,), bad={0: BAD_MAPPINGS.map(
        lambda m: Answers(values={k: lab3.selfcheck.answers.plain(v) for k, v in m.items()
                                  if isinstance(k, str)}))}, examples=12),
    "lab3.selfcheck.report.Item": None,
    "lab3.selfcheck.report.Report": None,
    "lab3.selfcheck.report.close": Call((2.0, 2.0, 1e-6, 1e-3)),
    "lab3.selfcheck.report.rounds_to": Call(([1.33, -1.04], [1.3292, -1.0352], 1e-4)),
    "lab3.selfcheck.variant.make_variant": Call((3, 2)),
    "lab3.selfcheck.variant.as_json": Call((P, lab3.solve(P))),
    "lab3.selfcheck.variant.pi_multiple": Call((math.pi / 2,)),
    "lab3.selfcheck.variant.describe": Call((P,)),
    "lab3.selfcheck.variant.worked_solution": Call((P,)),
    "lab3.shapes.shape_table": Call((4, 0)),
    "lab3.shapes.vector_backward_error": Call((BATCH_X, P.w, 0.0)),
    "lab3.shapes.VectorJacobian": None,
    "lab3.shapes.vector_jacobian_product": Call((BATCH_X, P.w, 0.0, BATCH_V)),
    "lab3.sigmoid.sigmoid": Call((X,), **ANY),
    "lab3.sigmoid.line": Call((X, W), **ANY),
    "lab3.sigmoid.model": Call((X, W), **ANY),
    "lab3.sigmoid.predict": Call((X, W)),
    "lab3.sigmoid.jacobian": Call((X, W)),
    "lab3.text.number": Call((1.5, 4), {"significant": False, "tiny": 1}),
    "lab3.text.vector": Call(([1.5, -2e-9], 4), {"significant": True, "tiny": 1}),
    "lab3.training.History": None,
    "lab3.training.count_rises": Call((HISTORY.losses,), **ANY),
    "lab3.training.learning_loop": Call((X, Y, 2.5), {"n_iter": 30, "w_init": W, "loss": "sse",
                                                      "ascend": False, "zero_grad": True},
                                        bad={"loss": BAD_FUNCTIONS}),
    "lab3.uncertainty.chi2_cdf": Call((3.38, 3)),
    "lab3.uncertainty.noise_variance": Call((FIT.w, X, Y)),
    "lab3.uncertainty.Uncertainty": None,
    "lab3.uncertainty.uncertainty": Call((X, Y, FIT.w)),
    "lab3.uncertainty.profile": Call((X, Y, -5.0), examples=10),
    "lab3.unit.forward": Call(U),
    "lab3.unit.grad_y_w": Call(U),
    "lab3.unit.grad_y_b": Call(U),
    "lab3.unit.mse_loss": Call(UL),
    "lab3.unit.grad_loss_y": Call((0.0, 2.0)),
    "lab3.unit.grad_loss_w": Call(UL),
    "lab3.unit.grad_loss_b": Call(UL),
    "lab3.unit.gradient_step": Call((*UL, 0.5), {"update_bias": True}),
    "lab3.unit_torch.forward": Call(U, T64),
    "lab3.unit_torch.grad_y_w": Call(U, T64),
    "lab3.unit_torch.mse_loss": Call(UL, T64),
    "lab3.unit_torch.grad_loss_w": Call(UL, T64),
    "lab3.unit_torch.grad_loss_b": Call(UL, T64),
    "lab3.unit_torch.gradient_step": Call((*UL, 0.5), {"update_bias": True, **T64}),
}
#: Classes that hold results lab3 computes: made by its functions, not checked on their own.
RECORDS = {name for name, call in CALLS.items() if call is None}
CHECKED = {name: call for name, call in CALLS.items() if call is not None}


def test_every_public_callable_has_an_entry():
    public = public_callables()
    assert not sorted(set(public) - set(CALLS)), "add these to CALLS (or RECORDS)"
    assert not sorted(set(CALLS) - set(public)), "these are gone: remove them from CALLS"
    assert all(inspect.isclass(public[name]) for name in RECORDS), "only classes are records"


# -- what a result may be -----------------------------------------------------------------

def check_result(result, good, spec: Call, where: str = "result") -> None:
    """``result`` has the kind of ``good`` (the good call's result), all of it finite."""
    finite = not spec.output
    if isinstance(result, torch.Tensor) and not isinstance(good, torch.Tensor):
        result = result.detach().numpy()  # a tensor in, a tensor out
    if good is None or isinstance(good, (str, bool, np.bool_)):
        assert result is None or isinstance(result, type(good)), where
    elif isinstance(good, torch.Tensor):
        assert isinstance(result, torch.Tensor), where
        assert spec.any_shape or result.ndim == good.ndim, f"{where}: shape {result.shape}"
        assert not finite or torch.isfinite(result.detach()).all(), f"{where}: not finite"
    elif isinstance(good, (np.ndarray, float, int, np.number)):
        arr = np.asarray(result)
        assert arr.dtype.kind in "iufb", f"{where}: {arr.dtype}"
        assert spec.any_shape or arr.ndim == np.ndim(good), f"{where}: shape {arr.shape}"
        assert not finite or np.isfinite(arr).all(), f"{where}: {arr} is not finite"
    elif isinstance(good, (tuple, list)):
        assert isinstance(result, type(good)), where
        for k, value in enumerate(result):
            check_result(value, good[min(k, len(good) - 1)] if good else None, spec, where)
    elif isinstance(good, dict):
        assert isinstance(result, dict), where
        for key, value in result.items():
            check_result(value, good.get(key, value), spec, f"{where}[{key!r}]")
    elif dataclasses.is_dataclass(good):
        assert type(result) is type(good), where
        for f in dataclasses.fields(good):
            value, optional = getattr(result, f.name), "None" in str(f.type)
            if not (optional and value is None):
                check_result(value, getattr(good, f.name), spec, f"{where}.{f.name}")


def none_is_good(function, slot) -> bool:
    """True when None is the default of the argument in ``slot`` (a position or a name)."""
    params = inspect.signature(function).parameters
    if isinstance(slot, int):
        param = list(params.values())[min(slot, len(params) - 1)]  # *args take the rest
    else:
        param = params.get(slot)
    return param is not None and param.default is None


def call(function, spec: Call, args, kwargs):
    """The result of one call; a command line's exit status when it exits."""
    try:
        return function(*args, **kwargs)
    except SystemExit as stop:
        assert spec.exits and stop.code == 2, f"exit {stop.code}"
        return 0


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_bad_input_raises_input_error_or_gives_a_finite_result(name):
    function, spec = public_callables()[name], CHECKED[name]
    good = call(function, spec, spec.args, spec.kwargs)
    check_result(good, good, spec)
    slots = [*range(len(spec.args)), *spec.kwargs]
    if not slots:
        return  # nothing to get wrong
    optional = {slot for slot in slots if none_is_good(function, slot)}

    @settings(max_examples=spec.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def bad_call(data):
        slot = data.draw(st.sampled_from(slots), label="argument")
        value = spec.args[slot] if isinstance(slot, int) else spec.kwargs[slot]
        bad = data.draw(spec.bad.get(slot, bad_for(value)).filter(
            lambda v: not (v is None and slot in optional)), label="bad value")
        args, kwargs = list(spec.args), dict(spec.kwargs)
        if isinstance(slot, int):
            args[slot] = bad
        else:
            kwargs[slot] = bad
        try:
            result = call(function, spec, args, kwargs)
        except lab3.InputError as err:
            assert str(err), "the error must say what is wrong"
            return
        if not spec.free:
            check_result(result, good, spec)

    bad_call()


# -- the cases of the issue, one by one ----------------------------------------------------

@pytest.mark.parametrize("run", [
    lambda: lab3.unit.forward([2.0, 1.0 + 1j], [1.0, 1.0], 0),
    lambda: lab3.sigmoid.predict(torch.tensor([0.5], dtype=torch.complex64), [1.0, 2.0]),
    lambda: lab3.unit.forward([1e200], [1e200], 0),
    lambda: lab3.unit.gradient_step(P.x, P.w, P.b, P.y_label, 1e308),
    lambda: lab3.likelihood.sse(W, X, Y * 1e200),
    lambda: lab3.finite_diff.grad_loss_w(*UL, h=1e-300),
    lambda: lab3.unit.forward(["2", "1"], [1.0, 1.0], 0),
    lambda: lab3.unit.forward(P.x, P.w, True),
    lambda: lab3.unit.forward(np.zeros(2, "datetime64[D]"), P.w, 0),
    lambda: lab3.fit_least_squares([0, 1, 2], [2, 2, 2]),
    lambda: lab3.unit.forward(torch.ones(2, device="meta"), P.w, 0),
    lambda: lab3.load_points(FILES / "empty.npy"),
    lambda: lab3.load_points(FILES / "huge.npy"),
    lambda: lab3.learning_loop(X, Y, 0.1, n_iter=10**9),
    lambda: nm.errors_in_x_nll(W, X, Y, 0.1, 0.1, n_nodes=10**9),
], ids=["complex unit", "complex tensor", "overflow forward", "overflow step", "overflow sse",
        "vanishing step", "strings", "bool", "datetime64", "no minimum", "meta tensor",
        "empty file", "lying header", "n_iter", "n_nodes"])
def test_the_issues_bad_inputs_raise_input_error(run):
    with pytest.raises(lab3.InputError):
        run()


def test_the_lab_problem_stays_the_labs():
    with pytest.raises(ValueError, match="read-only"):
        w = lab3.LAB_PROBLEM.w
        w -= [-4, -2]
    report = lab3.selfcheck.check_answers({"y": 0.0})
    assert report.items[0].status == "correct"


def test_a_tensor_on_the_graph_is_read_and_left_alone():
    w = torch.tensor(P.w, requires_grad=True)
    assert lab3.unit.forward(P.x, w, 0) == pytest.approx(lab3.unit.forward(P.x, P.w, 0))
    loss = lab3.likelihood.sse(torch.tensor(W, requires_grad=True), X, Y)
    assert loss.requires_grad and w.grad is None
