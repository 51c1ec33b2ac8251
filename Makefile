# raadslens: run `make help` for the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
OUT    ?= reports
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install analyse status test lint clean nightly bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'
	@echo "  variables: CORPUS=$(CORPUS) OUT=$(OUT)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install raadslens with its dependencies

analyse: $(STAMP) ## analyse CORPUS (default corpus/) into OUT (default reports/)
	$(BIN)/raadslens analyse "$(CORPUS)" --out "$(OUT)"

status: $(STAMP) ## show which documents in CORPUS are fresh, stale or failed for OUT
	$(BIN)/raadslens status --out "$(OUT)" --corpus "$(CORPUS)"

nightly: $(STAMP) ## harvest (if configured), analyse what is new or changed in CORPUS, publish OUT
	$(BIN)/raadslens nightly "$(CORPUS)" --out "$(OUT)"

bench: $(STAMP) ## run the benchmarks (scale: 1,000 documents serial, 2 workers, Dask; nightly timings)
	$(BIN)/python scripts/bench_scale.py

test: $(STAMP) ## run the test suite
	$(BIN)/pytest -q

lint: $(STAMP) ## check the code with ruff
	$(BIN)/ruff check pipeline tests

clean: ## remove generated reports, caches and the virtualenv
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
