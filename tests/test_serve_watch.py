"""docs/_hooks/serve_watch.py: `mkdocs serve` polls for saved files every 0.1 s, and
rebuilds as soon as it finds one.

The server's end to end (a save is rebuilt once, and the gallery's own output
starts no rebuild) is tests/test_gallery_cache.py's
``test_make_serve_rebuilds_a_saved_page_once``; `make bench` times edit-to-reload.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import load_hook
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

hook = load_hook("serve_watch")


def server_watching(*paths) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    for path in paths:
        server.watch(str(path))
    return server


def watched(observer) -> set[str]:
    return {emitter.watch.path for emitter in observer.emitters}


@pytest.mark.parametrize("watch_theme", [False, True])
def test_the_watches_move_to_an_observer_that_polls_every_tenth_of_a_second(tmp_path,
                                                                            watch_theme):
    docs, theme = tmp_path / "docs", tmp_path / "theme"
    config_file = tmp_path / "mkdocs.yml"
    docs.mkdir(), theme.mkdir(), config_file.write_text("site_name: x\n")
    server = server_watching(docs, config_file, *([theme] if watch_theme else []))
    old, old_delay = server.observer, server.build_delay
    before = watched(old)
    assert len(before) == 2 + watch_theme
    config = SimpleNamespace(docs_dir=str(docs), config_file_path=str(config_file),
                             theme=SimpleNamespace(dirs=[str(theme)]))

    assert hook.on_serve(server, config=config, builder=server.builder) is server
    assert isinstance(server.observer, PollingObserver) and server.observer is not old
    assert server.observer.timeout == hook.POLL == 0.1
    assert server.build_delay == hook.BUILD_DELAY == 0 < old_delay
    assert watched(server.observer) == before
    assert watched(old) == set(), "a watch left on the old observer, which never starts"


def test_it_runs_before_the_plugins_on_serve():
    """mkdocs-gallery wraps the observer's handlers in its ``on_serve``, to ignore its own
    output: the handlers must be the new observer's by then."""
    assert hook.on_serve.mkdocs_priority > 0
