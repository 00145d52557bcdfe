# Two entry points (see README): `make run` and `make test`; both set up .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-api bench-scale clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q regkg loaders graph api visualizations >/dev/null  # bytecode even when PYTHONDONTWRITEBYTECODE is set
	touch $(STAMP)

PORT ?= 8000

# Load the bundled regulation, answer "all duties touching data centres", then serve the explorer until Ctrl-C.
run: $(STAMP)
	$(BIN)/regkg load corpus/guangzhou_digital_economy_draft.txt
	@echo
	@echo "All duties touching data centres (数据中心 and the narrower 绿色数据中心 …):"
	@COLUMNS=$${COLUMNS:-160} $(BIN)/regkg duties --concept "data centres"
	@echo
	@echo "Explorer: http://127.0.0.1:$(PORT)/?node=concept%3Adata-centre&q=%E6%95%B0%E6%8D%AE%E4%B8%AD%E5%BF%83"
	$(BIN)/regkg serve --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python tools/check_layers.py
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/pytest -q tests/benchmarks --benchmark-only
	$(BIN)/python tests/benchmarks/api_load.py

bench-api: $(STAMP)
	$(BIN)/python tests/benchmarks/api_load.py

# 1, 10, 100 and 1,000 regulations side by side: per-load time, total, engine memory, questions' p50/p99 (minutes).
bench-scale: $(STAMP)
	$(BIN)/python tools/bench_scale.py --markdown

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
