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

.PHONY: demo app test lint format bench bench-scaling readme-performance clean metrics-doc \
	baseline-table readme-tables whatif

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

# the README's baseline table, from the demo's results (copied to docs/results/, committed;
# the copy goes through a temporary file so that an interrupted copy never looks complete)
baseline-table: demo
	cp results/baseline_q1_2022/summary.json docs/results/.baseline_q1_2022.summary.json.tmp
	mv docs/results/.baseline_q1_2022.summary.json.tmp docs/results/baseline_q1_2022.summary.json
	$(BIN)/python docs/readme_tables.py

readme-tables: baseline-table

# the README's what-if table and figures: onestop compare of the scenarios in WHATIF_LIST (the
# first is the base; only the list names them), then docs/whatif_table.py copies compare.csv and
# the base's summary to docs/results/whatif/, draws docs/figures/whatif_*.png and rewrites the
# table. The variables let a check run a shorter comparison into another folder.
WHATIF_LIST ?= scenarios/whatif.list
WHATIF_REPS ?= 10
WHATIF_JOBS ?= 2
WHATIF_OUT ?= results/whatif
WHATIF_RESULTS ?= docs/results/whatif
WHATIF_FIGURES ?= docs/figures
WHATIF_README ?= README.md
WHATIF_FILES = $(addprefix $(dir $(WHATIF_LIST)),$(shell sed -e 's/\#.*//' $(WHATIF_LIST)))

whatif: $(STAMP)
	$(BIN)/onestop compare $(WHATIF_FILES) --reps $(WHATIF_REPS) --seed 1 --jobs $(WHATIF_JOBS) \
	  --out $(WHATIF_OUT) --no-figures
	$(BIN)/python docs/whatif_table.py --compare $(WHATIF_OUT) --results $(WHATIF_RESULTS) \
	  --figures $(WHATIF_FIGURES) --readme $(WHATIF_README)

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

# the README's Performance section is written from docs/results/bench_*.csv (committed)
bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_tandem.py
	$(BIN)/python docs/readme_performance.py

# cost of one replication against volume and commune sections (CSV, log-log figure, exponents)
BENCH_VOLUMES ?= 0.1,0.3,1,3,10
BENCH_COMMUNES ?= 10,100,1000
bench-scaling: $(STAMP)
	$(BIN)/python benchmarks/bench_scaling.py --volumes $(BENCH_VOLUMES) --communes $(BENCH_COMMUNES)
	$(BIN)/python docs/readme_performance.py

readme-performance: $(STAMP)
	$(BIN)/python docs/readme_performance.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
