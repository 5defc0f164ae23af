# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site serve test bench audit clean distclean

# (Re)install whenever the pins or the project metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

site: $(STAMP)  ## build the site strictly into site/
	$(PY) -m mkdocs build --strict --site-dir site

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: $(STAMP)  ## every test: package, gallery scripts, built site
	$(PY) -m pytest

bench: $(STAMP)  ## build times and page weights; BENCH_ARGS=--with-tests also times `make test`
	$(PY) .ci/bench.py $(BENCH_ARGS)

LIGHTHOUSE := .cache/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --prefix .cache/lighthouse --no-audit --no-fund --silent lighthouse@12

audit: $(STAMP) $(LIGHTHOUSE)  ## Lighthouse scores of every page (needs node and npm)
	$(PY) .ci/audit.py $(AUDIT_ARGS)

clean:  ## build output (keeps .venv)
	rm -rf site docs/generated build dist *.egg-info .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
