# Survey toolkit: the pipeline as make targets.
# `make reproduce` runs the main job on the bundled waves; `make test` runs the whole suite.
# Both create (or refresh) the virtual environment in .venv from requirements.lock on their own.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# A wave whose codebook still starts with add-wave's "# DRAFT codebook" line is skipped until edited.
WAVES := $(patsubst data/raw/%/codebook.toml,%,$(filter data/raw/%,$(shell grep -L '^\# DRAFT codebook' $(wildcard data/raw/*/codebook.toml) /dev/null)))
PROCESSED := $(WAVES:%=data/processed/%.parquet)
LOADER := $(wildcard analysis/codebook/*.py analysis/ingest/*.py)

.DEFAULT_GOAL := help
.SECONDEXPANSION:
.PHONY: help install reproduce test benchmark clean distclean

help: ## List the targets
	@echo "Survey toolkit. Targets:"
	@grep -E '^[a-zA-Z_%./-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-28s %s\n", $$1, $$2}'
	@echo "Waves found under data/raw/: $(WAVES)"

# The lock is installed with uv when it can be had (about 10 s against about 65 s with pip on a
# fresh machine); pip installs the same lock when uv cannot be installed or fails. Both compile the
# libraries to bytecode as they install them (pip does by default; uv when asked), so no later run
# compiles them again, even where PYTHONDONTWRITEBYTECODE is set (about 2 s saved per process).
UV_VERSION := 0.13.9
PIP := $(VENV)/bin/python -m pip --quiet --disable-pip-version-check

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@if $(PIP) install "uv==$(UV_VERSION)" 2>/dev/null \
	  && $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock \
	  && $(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e . ; then \
	  echo "install: .venv from requirements.lock (uv)"; \
	else \
	  echo "install: uv unavailable; installing requirements.lock with pip"; \
	  $(PIP) install -r requirements.lock && $(PIP) install --no-deps -e . ; \
	fi
	@touch $@

install: $(STAMP) ## Create or refresh the virtual environment from requirements.lock

data/processed/%.parquet: $$(wildcard data/raw/$$*/*) $(LOADER) | $(STAMP) ## Ingest one wave (e.g. data/processed/2013.parquet)
	$(PY) -m analysis ingest --wave $*

reproduce: $(PROCESSED) | $(STAMP) ## The main job: ingest every wave, then tables, figures, reports and the reproduction summary
	$(PY) -m analysis all --skip-ingest

# The suite runs with bytecode writing on, whatever PYTHONDONTWRITEBYTECODE says, so pytest keeps
# each test module it rewrites for its assertions and the toolkit's modules are compiled once (before
# each run, only those changed since the last), not by every worker, command-line run and notebook
# kernel. The two workers steal tests from each other, so neither waits idle at the end.
test: $(STAMP) ## Run the whole test suite (unit, corpus, notebooks, browser)
	@$(PY) -m compileall -q analysis > /dev/null
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n 2 --dist worksteal

BENCH ?=

benchmark: $(STAMP) ## Time the engine, then every stage at 10k/100k/1M (and R's survey); quick: BENCH="--sizes 10000,100000 --repeats 1"
	$(PY) benchmarks/bench_tables.py
	$(PY) benchmarks/bench_pipeline.py $(BENCH)
	$(PY) benchmarks/bench_protect.py
	$(PY) benchmarks/bench_add_wave.py
	$(PY) benchmarks/bench_models.py
	$(PY) benchmarks/bench_loop.py --redraw

clean: ## Delete every generated output (processed data, figures, reports)
	find data/processed -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +
	find figures -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +
	rm -rf reports

distclean: clean ## Also delete the virtual environment
	rm -rf $(VENV)
