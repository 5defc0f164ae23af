"""lab3/__init__.py: every public name resolves on first use; ``import lab3`` loads no PyTorch."""

import subprocess
import sys

import pytest

import lab3


def loads(code: str) -> set:
    """The top-level modules a fresh Python has loaded after running ``code``."""
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(sorted(sys.modules))"],
                         capture_output=True, text=True, timeout=120, check=True)
    return {name.split(".")[0] for name in eval(out.stdout.splitlines()[-1])}


@pytest.mark.parametrize("code", [
    "import lab3",
    "import lab3.graph, lab3.selfcheck",
    "import lab3; lab3.solve(); lab3.unit.grad_loss_w([2, 1], [1, 1], 0, 2)",
    "import lab3; lab3.sigmoid.predict([0.5], [1, 2]); lab3.likelihood.nll([1, 2], [0.5], [1])",
    "import lab3; lab3.load_points(); lab3.selfcheck.make_variant(3, 4)",
    "import lab3; lab3.graph.format_value(1.5); lab3.graph.to_svg",
], ids=["lab3", "subpackages", "Part 1 by hand", "Part 2 in NumPy", "data, variant", "graph"])
def test_numpy_work_does_not_load_torch(code):
    assert "torch" not in loads(code)


def test_a_torch_function_loads_torch_when_first_used():
    assert "torch" in loads("import lab3; lab3.unit_torch.forward([2, 1], [1, 1], 0)")


@pytest.mark.parametrize("package", [lab3, lab3.graph, lab3.selfcheck], ids=lambda m: m.__name__)
def test_every_public_name_resolves_and_is_listed(package):
    for name in package.__all__:
        assert getattr(package, name) is not None, name
        assert name in dir(package)


def test_names_are_the_objects_of_their_modules():
    assert lab3.solve is lab3.problem.solve and lab3.learning_loop is lab3.training.learning_loop
    assert lab3.graph.unit_graph is lab3.graph.trace.unit_graph
    assert lab3.selfcheck.check_answers is lab3.selfcheck.check.check_answers


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'graph_svg'"):
        lab3.graph_svg  # noqa: B018 - the old flat module name
    assert not hasattr(lab3.selfcheck, "nothing")
