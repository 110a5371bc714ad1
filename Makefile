# Two commands for a fresh machine with only Python >= 3.10 and pip:
#   make site   set up .venv and build the example site from journeys/ into site/
#   make test   set up .venv and run lint, format check, type check and the test suite
# Nothing is installed outside .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve lint clean venv

site: $(STAMP)
	$(BIN)/journeymap build

serve: $(STAMP)
	$(BIN)/journeymap serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

venv: $(STAMP)

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' was not found; install Python 3.10 or newer (or run: make PYTHON=/path/to/python3.x)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || { \
	  echo "error: journeymap needs Python 3.10 or newer; '$(PYTHON)' is $$($(PYTHON) -V 2>&1). Run: make PYTHON=/path/to/python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes (dependencies, entry points, package data).
$(STAMP): pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) site build dist
