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

.PHONY: demo app test lint format bench bench-scaling bench-profile readme-performance clean metrics-doc \
	baseline-table readme-tables whatif staffing-example holidays-table

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

# Today's structure (issue 19): onestop compare of the two-tier scenarios in TWO_TIER_LIST (the first,
# scenarios/two_tier_2025.toml, is the base; the list's last line is the 2022 structure as a reference),
# then docs/two_tier_section.py copies compare.csv and the base's summary to docs/results/two_tier/,
# redraws docs/figures/two_tier_2025_map.png and rewrites the README's two-tier section.
TWO_TIER_LIST ?= scenarios/two_tier.list
TWO_TIER_REPS ?= 10
TWO_TIER_JOBS ?= 2
TWO_TIER_OUT ?= results/two_tier
TWO_TIER_FILES = $(addprefix $(dir $(TWO_TIER_LIST)),$(shell sed -e 's/\#.*//' $(TWO_TIER_LIST)))

.PHONY: two-tier
two-tier: $(STAMP)
	$(BIN)/onestop compare $(TWO_TIER_FILES) --reps $(TWO_TIER_REPS) --seed 1 --jobs $(TWO_TIER_JOBS) \
	  --out $(TWO_TIER_OUT) --no-figures
	$(BIN)/python docs/two_tier_section.py --compare $(TWO_TIER_OUT)

# the README's "How many staff?" example: onestop staff on the calibrated baseline against the 2025
# waiting-time target, then docs/staffing_example.py copies its files to docs/results/staffing/ and
# rewrites the README's block from them (tests/test_readme_tables.py holds the two together)
STAFF_SCENARIO ?= scenarios/baseline_q1_2022.toml
STAFF_REPS ?= 5
STAFF_FINAL_REPS ?= 10
STAFF_JOBS ?= 2
STAFF_OUT ?= results/staff_example
STAFF_VARY = sites.provincial.counters.enterprise=4:8 sites.provincial.counters.land=4:8 \
	sites.provincial.counters.justice=3:7 sites.provincial.counters.transport=7:11 \
	sites.provincial.counters.health_labour=4:8 sites.provincial.counters.other=6:10

# one month, March 2022 (no Tết surge), to keep the example short: its share of the quarter's new
# dossiers by the scenario's day and weekday weights is 23.45 / 60.17 = 0.3897 of 71,025 = 27,680
STAFF_SETS = --set horizon.start=2022-03-01 --set horizon.end=2022-03-31 \
	--set arrivals.expected_new=27680

staffing-example: $(STAMP)
	$(BIN)/onestop staff $(STAFF_SCENARIO) --targets scenarios/service_levels_2025.toml \
	  $(STAFF_SETS) --vary $(STAFF_VARY) --reps $(STAFF_REPS) --final-reps $(STAFF_FINAL_REPS) --seed 1 \
	  --jobs $(STAFF_JOBS) --out $(STAFF_OUT) --quiet
	$(BIN)/python docs/staffing_example.py --staff $(STAFF_OUT)

# the README's figures drawn by runs (not by a docs/ script): the demo's two, the history match's
# two and the projection's fan chart, which is drawn with the history match's parameter sets; each
# is copied through a temporary file, so an interrupted copy never looks like a figure
HISTORY_OUT ?= results/history
PROJECTION_OUT ?= results/projection_posterior
FIGURES_JOBS ?= 2
define put_figure
cp $(1) docs/figures/.$(2).tmp && mv docs/figures/.$(2).tmp docs/figures/$(2)
endef

.PHONY: figures
figures: demo
	$(call put_figure,results/baseline_q1_2022/figures/onestop_counter_wait_by_site.png,onestop_counter_wait_by_site.png)
	$(call put_figure,results/baseline_q1_2022/figures/onestop_late_rate_by_week.png,onestop_late_rate_by_week.png)
	$(BIN)/onestop calibrate scenarios/baseline_q1_2022.toml --targets scenarios/targets_q1_2022.toml \
	  --method history --design 32 --waves 2 --reps 3 --seed 1 --jobs $(FIGURES_JOBS) --max-minutes 30 \
	  --params processing.margin.mean=2.4:3.6 closing.session_every_days=1.4:2.3 --out $(HISTORY_OUT)
	$(call put_figure,$(HISTORY_OUT)/figures/calibration_closing_ridge.png,calibration_closing_ridge.png)
	$(call put_figure,$(HISTORY_OUT)/figures/calibration_pairs.png,calibration_pairs.png)
	$(BIN)/onestop project scenarios/projection_2022_2024.toml --quarters 8 --reps 2 --seed 1 \
	  --jobs $(FIGURES_JOBS) --posterior $(HISTORY_OUT)/calibration_posterior.csv --draws 4 \
	  --out $(PROJECTION_OUT) --quiet
	$(call put_figure,$(PROJECTION_OUT)/late_rate_projection.png,late_rate_projection.png)

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
# Vietnam's public holidays as a table (the run reads it instead of importing the holidays
# package, ~0.2 s); tests/test_public_holidays.py says when a holidays release needs this
holidays-table: $(STAMP)
	$(BIN)/python -c "import holidays; from simulator.values.public_holidays import table_source; \
	  print(table_source(holidays.__version__), end='')" > simulator/values/.holidays_vn.py.tmp \
	  || { rm -f simulator/values/.holidays_vn.py.tmp; exit 1; }
	mv simulator/values/.holidays_vn.py.tmp simulator/values/holidays_vn.py

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

# where one baseline replication's time goes (by part of the model) and its event kernel's floor
bench-profile: $(STAMP)
	$(BIN)/python benchmarks/bench_profile.py
	$(BIN)/python docs/readme_performance.py

readme-performance: $(STAMP)
	$(BIN)/python docs/readme_performance.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
