# `make demo` runs the service on the embedded default, `make test` the whole suite (unit, then integration).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The unit tests run with PostgreSQL and Redis out of reach (tests/unit/conftest.py also trips on their ports).
UNREACHABLE := DATABASE_URL=postgresql://postgres@127.0.0.1:1/unreachable REDIS_URL=redis://127.0.0.1:1/0
# The integration tests share Redis db 15: runs on one machine take turns.
TAKE_TURNS := $(shell command -v flock >/dev/null 2>&1 && echo flock /tmp/wirefeed-it.lock)

.PHONY: demo test unit integration lint wheel-check install bench clean

$(BIN)/wirefeed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/wirefeed

demo: install
	$(BIN)/wirefeed demo

test: unit integration

unit: install
	$(UNREACHABLE) $(BIN)/python -m pytest tests/unit -q

integration: install
	$(TAKE_TURNS) $(BIN)/python -m pytest tests/integration -q

lint: install
	$(BIN)/ruff check parsers worker tests bench
	$(BIN)/ruff format --check parsers worker tests bench
	$(BIN)/mypy

# Build the wheel, install it into a fresh venv, run `wirefeed db init` and `wirefeed eval` from it.
wheel-check:
	PYTHON=$(PYTHON) .ci/wheel-check

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/dedup.py

clean:
	rm -rf $(VENV) .state *.egg-info build dist
