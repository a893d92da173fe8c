# framings: every target creates .venv and installs the package when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install figures test bench bench-quick check report check-report explore check-explorer lab clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,import]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install framings with notebook, test and import extras

check: $(STAMP) ## validate the corpus and regenerate corpus/cleaning-report.csv
	$(BIN)/python -m framings check

figures: $(STAMP) check ## run every notebook headless (fresh kernel, in order) and write figures/
	$(BIN)/python -m framings figures $(NOTEBOOKS)

test: $(STAMP) ## run the tests (pytest, two worker processes; each notebook run once per session is shared)
	$(BIN)/python -m pytest -n 2

bench: $(STAMP) ## run the speed/memory benchmarks (never part of make test; ARGS=--quick: under 2 minutes)
	$(BIN)/python benchmarks/run_all.py $(ARGS)

bench-quick: $(STAMP) ## the benchmarks' quick mode (smaller sizes, no figures run): under 2 minutes
	$(BIN)/python benchmarks/run_all.py --quick

report: $(STAMP) ## render the executed notebooks to build/report/index.html (run make figures first)
	$(BIN)/python -m framings report

check-report: report ## open every report page in headless Chromium (installs chromium + playwright)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python -m pip install --quiet playwright
	$(BIN)/python -m framings check-report

explore: $(STAMP) ## write the interactive term and topic explorer to build/explorer/explorer.html (offline HTML)
	$(BIN)/python -m framings explore

check-explorer: explore ## open the explorer offline in headless Chromium, exercise its controls, save screenshots
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python -m pip install --quiet playwright
	$(BIN)/python -m framings check-explorer

lab: $(STAMP) ## open JupyterLab with the project's kernel ("Python (framings)")
	$(BIN)/python -m ipykernel install --sys-prefix --name framings --display-name "Python (framings)"
	$(BIN)/jupyter lab notebooks/

clean: ## remove caches and build output (keeps .venv)
	rm -rf .cache build .pytest_cache
