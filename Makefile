# The two commands a newcomer needs: `make demo` runs the service on the embedded default, `make test` the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install lint bench clean

$(BIN)/wirefeed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/wirefeed

demo: install
	$(BIN)/wirefeed demo

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check parsers worker tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/dedup.py

clean:
	rm -rf $(VENV) .state *.egg-info
