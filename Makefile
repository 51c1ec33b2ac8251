# raadslens: run `make help` for the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
OUT    ?= reports
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.DEFAULT_GOAL := help
.PHONY: help install analyse status test lint clean train train-doctype report nightly bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'
	@echo "  variables: CORPUS=$(CORPUS) OUT=$(OUT)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	bash scripts/system_packages.sh
	touch $(STAMP)

install: $(STAMP) ## create .venv, install raadslens with its dependencies (and Tesseract OCR when root)

analyse: $(STAMP) ## analyse CORPUS (default corpus/) into OUT (default reports/)
	$(BIN)/raadslens analyse "$(CORPUS)" --out "$(OUT)"

status: $(STAMP) ## show which documents in CORPUS are fresh, stale or failed for OUT
	$(BIN)/raadslens status --out "$(OUT)" --corpus "$(CORPUS)"

report: $(STAMP) ## printable report on THEME (MUNICIPALITIES=A,B FROM=YEAR TO=YEAR optional) into OUT/rapport-THEME
	@test -n "$(THEME)" || { echo "usage: make report THEME=preventie [MUNICIPALITIES=Velsen,Zutphen] [FROM=2019] [TO=2024]"; exit 2; }
	$(BIN)/raadslens analyse "$(CORPUS)" --out "$(OUT)" --quiet
	$(BIN)/raadslens report --theme "$(THEME)" --municipalities "$(MUNICIPALITIES)" $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) --data "$(OUT)"

nightly: $(STAMP) ## harvest (if configured), analyse what is new or changed in CORPUS, publish OUT
	$(BIN)/raadslens nightly "$(CORPUS)" --out "$(OUT)"

test: $(STAMP) ## run the test suite
	$(BIN)/pytest -q

train-doctype: $(STAMP) ## retrain the document-type classifier (models/doctype.json) on ../shared/corpus
	$(BIN)/python scripts/train_doctype.py

train: $(STAMP) ## train the theme classifier (labels in SHARED/corpus and CORPUS/labels) into models/
	$(BIN)/python -m pipeline.themes.train --corpus "$(SHARED)/corpus" --user-labels "$(CORPUS)/labels"

lint: $(STAMP) ## check the code with ruff
	$(BIN)/ruff check pipeline tests

bench: $(STAMP) ## run the benchmarks: extraction, tagging, charts, scale (1,000 documents; nightly timings)
	$(BIN)/python scripts/bench_extract.py
	$(BIN)/python scripts/bench_themes.py
	$(BIN)/python scripts/bench_charts.py
	$(BIN)/python scripts/bench_scale.py

clean: ## remove generated reports, caches and the virtualenv
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
