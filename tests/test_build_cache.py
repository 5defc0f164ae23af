"""The hooks' cache (docs/_hooks/build_cache.py): a result is made once per input and
kept while builds ask for it; what a build did not ask for is dropped."""

import pytest
from conftest import load_hook


@pytest.fixture
def cache(tmp_path):
    maker = tmp_path / "hook.py"
    maker.write_text("SETTING = 1\n")
    return load_hook("build_cache").Cache(tmp_path / "kept", ".bin", maker, ["numpy"])


def test_a_result_is_made_once_per_input(cache):
    made = []

    def make(value):
        made.append(value)
        return value

    first = cache.get(b"input a", lambda: make(b"result a"))
    again = cache.get(b"input a", lambda: make(b"something else"))
    other = cache.get(b"input b", lambda: make(b"result b"))
    assert made == [b"result a", b"result b"]
    assert first == again != other
    assert first.read_bytes() == b"result a" and other.read_bytes() == b"result b"
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted([first.name, other.name])


def test_a_build_keeps_what_it_asked_for_and_drops_the_rest(cache):
    old = cache.get(b"old input", lambda: b"old")
    cache.sweep()  # the first build asked for it: kept
    assert old.exists()
    kept = cache.get(b"new input", lambda: b"new")
    cache.sweep()  # the second build did not ask for the old one
    assert kept.exists() and not old.exists()


def test_a_failed_make_leaves_no_result(cache):
    def fail():
        raise RuntimeError("no result")

    with pytest.raises(RuntimeError):
        cache.get(b"input", fail)
    assert not any(cache.folder.glob("*.bin"))
    assert cache.get(b"input", lambda: b"made").read_bytes() == b"made"


def test_a_change_to_the_hook_or_its_tools_makes_new_results(tmp_path, monkeypatch):
    module = load_hook("build_cache")
    maker = tmp_path / "hook.py"
    maker.write_text("SETTING = 1\n")
    folder = tmp_path / "kept"
    first = module.Cache(folder, ".bin", maker, ["numpy"]).get(b"input", lambda: b"one")

    maker.write_text("SETTING = 2\n")  # the hook's own settings changed
    second = module.Cache(folder, ".bin", maker, ["numpy"]).get(b"input", lambda: b"two")
    assert second != first and second.read_bytes() == b"two"

    monkeypatch.setattr(module, "version", lambda name: "0.0-other")  # another numpy
    third = module.Cache(folder, ".bin", maker, ["numpy"]).get(b"input", lambda: b"three")
    assert third not in (first, second) and third.read_bytes() == b"three"


def test_once_per_process_keeps_a_result_until_the_hook_changes(tmp_path):
    build_cache = load_hook("build_cache")
    hook = tmp_path / "hook.py"
    hook.write_text("SETTING = 1\n")
    made = []

    def contents():
        made.append(hook.read_text())
        return len(made)

    assert build_cache.once_per_process(contents, hook) == 1
    assert build_cache.once_per_process(contents, hook) == 1  # a rebuild: kept
    hook.write_text("SETTING = 2\n")  # the hook's code or settings changed: made again
    assert build_cache.once_per_process(contents, hook) == 2
    assert made == ["SETTING = 1\n", "SETTING = 2\n"]
