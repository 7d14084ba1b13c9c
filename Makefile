# The README's two commands. Both create .venv on a fresh machine (Python 3.11 + make only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# 2 cores: run the test files in two worker processes
PYTEST_WORKERS ?= 2
# the main job of make demo
DEMO ?= scenarios/baseline_q1_2022.toml

.PHONY: demo app test lint format bench clean metrics-doc readme-tables

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

demo: $(STAMP)
	$(BIN)/onestop run $(DEMO) --reps 10 --seed 1 --out results/baseline_q1_2022 \
		--targets scenarios/targets_q1_2022.toml
	@echo "Results are in results/baseline_q1_2022/ (summary.json, summary.xlsx, replications.csv, manifest.json, figures/)."
	@echo "Report: $(CURDIR)/results/baseline_q1_2022/report.html"

# the planner's web page on http://127.0.0.1:8501 (PORT=8502 make app for another port)
APP_STAMP := $(VENV)/.installed-app
$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[app]'
	touch $(STAMP) $@

PORT ?= 8501
app: $(APP_STAMP)
	$(BIN)/onestop app --port $(PORT)

# the README's baseline table, from the demo's results (copied to docs/results/, committed)
readme-tables: demo
	cp results/baseline_q1_2022/summary.json docs/results/baseline_q1_2022.summary.json
	$(BIN)/python docs/readme_tables.py

test: $(TEST_STAMP)
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/ruff format --check simulator tests benchmarks

format: $(TEST_STAMP)
	$(BIN)/ruff format simulator tests benchmarks
	$(BIN)/ruff check --fix simulator tests benchmarks

# docs/metrics.md is the catalogue's Markdown (tests/test_metrics.py keeps them equal); written
# to a temporary file first so a failed command never leaves a half-written page
metrics-doc: $(STAMP)
	$(BIN)/onestop metrics --format markdown > docs/.metrics.md.tmp || { rm -f docs/.metrics.md.tmp; exit 1; }
	mv docs/.metrics.md.tmp docs/metrics.md

bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_tandem.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
