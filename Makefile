# Two commands for everyone (see README):
#   make run    set up, then generate a synthetic drop (or use DROP=folder), validate,
#               load, dbt build and dbt docs generate on the embedded DuckDB warehouse,
#               then write the inequality report and the governance pack
#   make test   set up, then run the whole test suite (but the trust-scale test:
#               make test-trust)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCALE ?= small
SEED ?= 2022

.PHONY: setup run test test-trust bench lint clean

setup: $(VENV)/.installed profiles.yml

# The first install takes a minute or two: say what is happening, and let pip show its own
# progress (which package it is collecting, downloading, installing).
$(VENV)/.installed: pyproject.toml constraints.txt
	@echo "== setup: creating the virtual environment $(VENV) (Python: $(PYTHON))"
	$(PYTHON) -m venv $(VENV)
	@echo "== setup: upgrading pip"
	$(BIN)/python -m pip install --upgrade pip
	@echo "== setup: installing dbt, DuckDB, Great Expectations, Plotly and the test tools"
	@echo "   (pinned in constraints.txt; about a minute on a first install)"
	$(BIN)/python -m pip install -c constraints.txt -e ".[dev]"
	@echo "== setup: done ($(VENV) is ready)"
	touch $@

profiles.yml:
	@echo "== setup: profiles.yml from profiles.example.yml (the local DuckDB target)"
	cp profiles.example.yml profiles.yml

run: setup
	$(BIN)/hi run $(if $(DROP),--drop "$(DROP)",--scale $(SCALE) --seed $(SEED))

test: setup
	$(BIN)/python -m pytest

# the trust-scale recovery of the planted effects (about ten minutes; prints the table of
# crude and adjusted ratios)
test-trust: setup
	$(BIN)/python -m pytest -m trust_scale -s

bench: setup
	$(BIN)/hi bench

lint: setup
	HI_DUCKDB_PATH=$${HI_DUCKDB_PATH:-/tmp/mse_lint.duckdb} $(BIN)/sqlfluff lint models analyses --processes 2

clean:
	rm -rf target logs warehouse drops reports
