# The two commands of the README's quick start:
#   make report   builds the Hertfordshire 2015-16 annual report into build/
#   make test     runs lint, type checks and the whole test suite
# Each creates or updates the virtual environment it needs.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/lscb-*)
STAMP := $(VENV)/.lscb-installed
LINT_PATHS := src tests benchmarks $(wildcard templates) $(wildcard plugins)

.PHONY: report check test lint typecheck pytest bench template docs clean

$(STAMP): pyproject.toml $(wildcard plugins/lscb-*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' $(foreach p,$(PLUGINS),-e $(p))
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/lscb build examples/hertfordshire

check: $(STAMP)
	$(BIN)/lscb check examples/hertfordshire

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

# The tests run in one worker process per core (pytest-xdist); each worker shares one LibreOffice
# and one browser across its tests. PYTEST_ARGS= runs them in this process alone.
PYTEST_ARGS ?= -n logical --maxprocesses 4

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_charts.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_bombs.py

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

template: $(STAMP)
	$(BIN)/python templates/build_default.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache .hypothesis
