# Two entry points (see README): `make run` and `make test`; both set up .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-api clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/regkg load corpus/guangzhou_digital_economy_draft.txt

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python tools/check_layers.py
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/pytest -q tests/benchmarks --benchmark-only
	$(BIN)/python tests/benchmarks/api_load.py

bench-api: $(STAMP)
	$(BIN)/python tests/benchmarks/api_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
