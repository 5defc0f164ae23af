"""The search index leaves a page's load (docs/_hooks/search_index.py): every page
fetches the index's settings; the site's search worker fetches the documents, from
the file main.html names, on the first query (tests/test_browser.py tries it)."""

import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import load_hook, read

INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
    "docs": [{"location": "part1/", "title": "Part 1", "text": "A single unit."}],
}


def test_pages_get_the_settings_and_the_worker_the_documents(tmp_path):
    hook = load_hook("search_index")
    (tmp_path / "search").mkdir()
    (tmp_path / hook.INDEX).write_text(json.dumps(INDEX))
    hook.on_post_build(config=SimpleNamespace(site_dir=str(tmp_path)))
    settings_only = {"config": INDEX["config"], "docs": []}
    assert json.loads((tmp_path / hook.INDEX).read_text()) == settings_only
    assert json.loads((tmp_path / hook.FULL_INDEX).read_text()) == INDEX


@pytest.mark.site
def test_the_worker_is_sent_to_the_full_index(built_site):
    hook = load_hook("search_index")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       read(built_site, "index.html"), re.S)
    worker = urlsplit(json.loads(config[1])["search"])
    assert (built_site / worker.path.lstrip("/")).is_file()
    paths = {name: values[0] for name, values in parse_qs(worker.query).items()}
    assert paths["index"] == hook.FULL_INDEX
    assert (built_site / paths["worker"]).is_file()
    documents = json.loads(read(built_site, hook.FULL_INDEX))["docs"]
    assert {d["location"] for d in documents} >= {"", "part1/", "exercises/part1_template/"}
    assert json.loads(read(built_site, hook.INDEX))["docs"] == []
