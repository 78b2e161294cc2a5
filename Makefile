# Two commands (see README): `make site` builds the public site from the example data;
# `make test` sets up and runs the whole test suite. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup site test bench clean

$(BIN)/techserve: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/techserve

setup: $(BIN)/techserve

# Until the site generator lands (issue 4), `make site` checks the example registry and
# prints the rule catalogue the site will publish.
site: setup
	$(BIN)/techserve check
	$(BIN)/techserve rules

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) public
