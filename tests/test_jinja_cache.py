"""The theme's compiled templates kept between rebuilds (docs/_hooks/jinja_cache.py):
a rebuild reuses them, and an edited template is compiled afresh."""

from conftest import load_hook
from jinja2 import Environment, FileSystemLoader


def environment(folder, cache, compiled):
    """A new environment, as MkDocs makes for each build, that notes what it compiles."""
    env = Environment(loader=FileSystemLoader(folder), bytecode_cache=cache)
    compile_source = env.compile

    def compile_noted(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(source, name, filename, *args, **kwargs)

    env.compile = compile_noted
    return env


def test_a_rebuild_reuses_templates_and_compiles_an_edited_one(tmp_path):
    cache = load_hook("jinja_cache").MemoryBytecodeCache()
    (tmp_path / "main.html").write_text("{% block x %}one {{ n }}{% endblock %}")
    compiled = []
    assert environment(tmp_path, cache, compiled).get_template("main.html").render(n=1) == "one 1"
    assert compiled == ["main.html"]
    # The next build: a new environment, the same cache, nothing compiled.
    assert environment(tmp_path, cache, compiled).get_template("main.html").render(n=2) == "one 2"
    assert compiled == ["main.html"]
    # An edited template is compiled again and shows the edit.
    (tmp_path / "main.html").write_text("{% block x %}two {{ n }}{% endblock %}")
    assert environment(tmp_path, cache, compiled).get_template("main.html").render(n=3) == "two 3"
    assert compiled == ["main.html", "main.html"]


def test_the_hook_gives_every_build_the_same_cache():
    hook = load_hook("jinja_cache")
    first, second = Environment(), Environment()
    assert hook.on_env(first, config=None, files=None) is first
    hook.on_env(second, config=None, files=None)
    assert first.bytecode_cache is second.bytecode_cache
    assert isinstance(first.bytecode_cache, hook.MemoryBytecodeCache)
