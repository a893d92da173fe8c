# framings: every target creates the environment and installs the locked packages when needed.
# The environment is .venv; in an active conda environment named framings (environment.yml) it is
# that environment ($CONDA_PREFIX); any other: make VENV=/path/to/env ...
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= $(if $(filter framings,$(CONDA_DEFAULT_ENV)),$(CONDA_PREFIX),.venv)
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements.lock
# the tools that make the lock, pinned; they live in their own venv so .venv holds exactly the lock
PIP_VERSION      := 26.3
PIP_TOOLS        := pip-tools==7.6.2
LOCK_VENV        := .cache/lock-tools

.DEFAULT_GOAL := help
.PHONY: help lock install figures test bench bench-quick check report check-report explore check-explorer lab clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	$(BIN)/python tools/lockfile.py verify $(LOCK)
	$(BIN)/python -m ipykernel install --sys-prefix --name framings --display-name "Python (framings)"
	$(BIN)/python tools/git_filter.py
	touch $(STAMP)

lock: ## regenerate requirements.lock (hashes) and environment.yml from pyproject.toml; UPGRADE=1 moves every pin
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "make lock needs Python 3.11 (PYTHON=python3.11)")'
	$(LOCK_VENV)/bin/python -m pip install --quiet pip==$(PIP_VERSION) $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet $(if $(UPGRADE),--upgrade) \
	  --generate-hashes --all-extras --all-build-deps --allow-unsafe --strip-extras \
	  --no-emit-find-links --no-emit-index-url --no-emit-trusted-host --output-file=$(LOCK) pyproject.toml
	$(LOCK_VENV)/bin/python tools/lockfile.py environment $(LOCK) environment.yml binder/environment.yml

install: $(STAMP) ## create .venv: the locked packages (requirements.lock), framings, its kernel and notebook filter

check: $(STAMP) ## validate the corpus and regenerate corpus/cleaning-report.csv
	$(BIN)/python -m framings check

figures: $(STAMP) check ## run every notebook headless (fresh kernel, in order) and write figures/
	$(BIN)/python -m framings figures $(NOTEBOOKS)

test: $(STAMP) ## check the import layers (lint-imports), then run the tests (pytest, two workers; each notebook runs once per session)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2

bench: $(STAMP) ## run the speed/memory benchmarks (never part of make test; ARGS=--quick: under 2 minutes)
	$(BIN)/python benchmarks/run_all.py $(ARGS)

bench-quick: $(STAMP) ## the benchmarks' quick mode (smaller sizes, no figures run): under 2 minutes
	$(BIN)/python benchmarks/run_all.py --quick

report: $(STAMP) ## build the site build/site/index.html from the executed notebooks (run make figures first; prints its steps)
	$(BIN)/python -m framings report

# the browser checks use the OS's Chromium; playwright is pinned in the lock's test extra (make install)
check-report: report ## open every site page in headless Chromium at 1280 and 420 px, click the drawers, save build/site-screenshots/
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python tools/check_report.py

explore: $(STAMP) ## write the interactive term and topic explorer to build/explorer/explorer.html (offline HTML)
	$(BIN)/python -m framings explore

check-explorer: explore ## open the explorer offline in headless Chromium, exercise its controls, save screenshots
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python tools/check_explorer.py

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project's kernel ("Python (framings)")
	$(BIN)/jupyter lab notebooks/

clean: ## remove caches and build output (keeps .venv)
	rm -rf .cache build .pytest_cache
