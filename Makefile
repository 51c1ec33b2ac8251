# raadslens: run `make help` for the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
OUT    ?= reports
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.DEFAULT_GOAL := help
.PHONY: help install analyse status test lint clean train bench

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

test: $(STAMP) ## run the test suite
	$(BIN)/pytest -q

train: $(STAMP) ## train the theme classifier (labels in SHARED/corpus and CORPUS/labels) into models/
	$(BIN)/python -m pipeline.themes.train --corpus "$(SHARED)/corpus" --user-labels "$(CORPUS)/labels"

bench: $(STAMP) ## measure tagging speed in words/s on one core
	$(BIN)/python scripts/bench_themes.py

lint: $(STAMP) ## check the code with ruff
	$(BIN)/ruff check pipeline tests

clean: ## remove generated reports, caches and the virtualenv
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
