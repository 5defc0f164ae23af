"""Leave the search index out of a page's load until a reader searches.

Material's page script fetches ``search/search_index.json`` on every page load
(about a fifth of a cold load) and hands it to the search worker. The worker
that Material's configuration names here is the site's own
(``docs/javascripts/search-worker.js``, named in ``docs/overrides/main.html``):
it reads the documents from ``search/search_index.full.json``, and only when
the first query comes. So the search plugin's index is moved there, and the
file every page fetches keeps only the index's settings (separator, pipeline,
fields), which the page uses to highlight search terms.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

INDEX = "search/search_index.json"  # where Material's page script fetches it
FULL_INDEX = "search/search_index.full.json"  # where the worker fetches it (main.html)


@event_priority(-50)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    index, full = Path(config.site_dir) / INDEX, Path(config.site_dir) / FULL_INDEX
    settings = json.loads(index.read_text(encoding="utf-8"))["config"]
    index.replace(full)
    index.write_text(json.dumps({"config": settings, "docs": []}, separators=(",", ":")),
                     encoding="utf-8")
