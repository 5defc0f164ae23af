# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

LOCK   := requirements.lock
PIP_TOOLS := pip-tools==7.6.2

.PHONY: site serve test lock bench audit clean distclean

# (Re)install whenever the lock or the project metadata change: every pinned
# dependency from the lock, then the project itself, editable, on top of them.
$(STAMP): $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# Resolve pyproject.toml's dependencies, its docs and test extras and the pins
# of requirements.txt into $(LOCK), keeping the versions already locked where
# they still fit (LOCK_ARGS=--upgrade: the newest that fit), setuptools, which
# torch needs, included (--allow-unsafe). pip-compile writes the version of the
# wheel it found, torch==2.13.0+cpu; the lock keeps the public part, which that
# build satisfies and PyPI knows. The first line stamps the digest of the
# inputs, which tests/test_lock.py checks.
lock:  ## re-resolve $(LOCK) after editing the dependencies; then `make test` installs it
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile --quiet --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --extra docs --extra test \
	  $(LOCK_ARGS) --output-file $(LOCK) pyproject.toml requirements.txt
	stamp=$$($(PY) tests/test_lock.py) && \
	  sed -i -E -e "1i $$stamp" -e 's/^([^ =]+==[^+ ]+)\+[^ ]*$$/\1/' $(LOCK)

site: $(STAMP)  ## build the site strictly into site/
	$(PY) -m mkdocs build --strict --site-dir site

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000, restarted when lab3 or a hook changes
	$(PY) .ci/serve.py --strict --dev-addr 127.0.0.1:8000

# A worker per core (pytest-xdist), the site built once; a worker that runs out of tests
# takes some of those queued for another (worksteal), so that they finish together.
# PYTEST_ARGS narrows the run while you work on one part, for example
# PYTEST_ARGS=tests/test_unit.py or PYTEST_ARGS='-m "not site"' (no site built). Only
# `make test PYTEST_ARGS=...` sets it: a variable of that name in the environment does not.
PYTEST_ARGS :=
test: $(STAMP)  ## every test: package, gallery scripts, built site
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

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
