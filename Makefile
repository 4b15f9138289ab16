# Two commands: `make run` builds the demo atlas and serves it; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= atlas.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test bench clean examples

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; run with PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/clusteratlas --db $(DB) demo --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache

# Rebuild the example corpus's PDF and DOCX from the text in examples/make_binary_docs.py.
examples: install-test
	$(BIN)/python examples/make_binary_docs.py
