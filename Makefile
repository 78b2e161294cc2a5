# Two commands (see README): `make site` builds the public site from the example data into
# public/; `make test` sets up and runs the whole test suite. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup browser office site serve test bench fuzz clean

$(BIN)/techserve: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/techserve

setup: $(BIN)/techserve

# The browser tests drive Debian's Chromium (never a downloaded browser build), with CJK fonts
# so screenshots show Chinese. Needs root or sudo; skipped when already installed.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			chromium fonts-noto-cjk >/dev/null; \
	fi

# The workbook test converts an export with LibreOffice, as an office would open it.
office:
	@if ! command -v soffice >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			libreoffice-calc-nogui >/dev/null; \
	fi

site: setup
	$(BIN)/techserve check
	$(BIN)/techserve build

serve: setup
	$(BIN)/techserve serve

test: setup browser office
	$(BIN)/techserve schema --check
	$(BIN)/python -m pytest

# The fuzz properties of the suite with a larger budget (about ten minutes on two cores).
fuzz: setup
	TECHSERVE_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q tests/test_fuzz.py

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf $(VENV) public
