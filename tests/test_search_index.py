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


@pytest.mark.parametrize(("tex", "text"), [
    (r"\partial L/\partial\mathbf{w}", "∂L/∂w"),
    (r"\tilde y = 2", "ỹ = 2"),
    (r"\frac{\partial L}{\partial y}", "∂L/∂y"),
    (r"y = \sin(\mathbf{w}^\top\mathbf{x}) - b", "y = sin(wᵀx) - b"),
    (r"\mathbf{w}_{\text{new}} = \mathbf{w} - \alpha\,\frac{\partial L}{\partial \mathbf{w}}",
     "w_new = w - α ∂L/∂w"),
    (r"\sum_{i=1}^{N} \big(y_i - f(x_i, \mathbf{w})\big)^2", "Σᵢ₌₁^N (yᵢ - f(xᵢ, w))²"),
    (r"\left[\tfrac{\pi}{2},\ \pi\right]", "[π/2, π]"),
    (r"\hat\sigma^2 = 10^{-16}", "σ̂² = 10⁻¹⁶"),
    (r"x \in \mathbb{R}", "x ∈ ℝ"),
    (r"\boxed{\begin{aligned} a &amp;= b, \\ c &amp;= d \end{aligned}}", "a = b, c = d"),
])
def test_a_formula_reads_as_plain_text(tex, text):
    assert load_hook("search_index").tex_text(tex) == text


def test_snippets_show_no_tex_and_a_page_its_title_section():
    hook = load_hook("search_index")
    docs = [
        {"location": "tut/", "title": "A tutorial", "text": "<p>Note</p> <p>Click here</p>"},
        {"location": "tut/#a-tutorial", "title": "A tutorial",
         "text": r"<p>It moves \(\partial L/\partial\mathbf{w}\) and $\alpha$.</p>"},
        {"location": "tut/#more", "title": r"Step \(2\)", "text": r"\[ y = 1 \]"},
        {"location": "page/", "title": "Page", "text": "<p>About the page.</p>"},
        {"location": "page/#page-2", "title": "Page 2", "text": ""},
    ]
    assert hook.readable(docs) == [
        {"location": "tut/", "title": "A tutorial", "text": "<p>It moves ∂L/∂w and α.</p>"},
        {"location": "tut/#more", "title": "Step 2", "text": "y = 1"},
        docs[3], docs[4],
    ]


@pytest.mark.site
def test_no_search_result_shows_tex_or_the_download_note(built_site):
    hook = load_hook("search_index")
    documents = json.loads(read(built_site, hook.FULL_INDEX))["docs"]
    code = re.compile(r"<pre>.*?</pre>|<code>.*?</code>", re.S)
    prose = [code.sub("", d["title"] + " " + d["text"]) for d in documents]
    tex = [p[:120] for p in prose if re.search(r"\\[a-zA-Z]{2,}|\\[()\[\]]|\$", p)]
    assert not tex, "TeX in search snippets:\n" + "\n".join(tex)
    tutorials = [d for d in documents if re.fullmatch(r"generated/gallery/part\d/plot_\w+/",
                                                      d["location"])]
    assert len(tutorials) >= 7
    for d in tutorials:
        assert "download" not in d["text"].lower()[:200], d["location"]
        assert not any(o["location"].startswith(d["location"] + "#") and o["title"] == d["title"]
                       for o in documents), f"{d['location']}: its title twice"
