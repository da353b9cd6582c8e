# presslens: the two commands of the README's quick start, and a few more for developers.
#   make demo   installs what it needs, analyses the bundled example corpus, says where the outputs are
#   make test   installs what it needs, runs lint, type checks and the test suite

PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_OUT ?= out/demo

.PHONY: demo test install lint typecheck pytest bench eval clean chromium screenshots

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "presslens needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch first, pinned: on our machines torch==2.13.0 is the CPU wheel (an open spec may pull a
# multi-GB CUDA build). Elsewhere, override it: make TORCH='torch==X.Y' test
TORCH ?= torch==2.13.0
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/presslens analyze examples/corpus --out $(DEMO_OUT)
	@echo
	@echo "Data: $(DEMO_OUT)/documents.jsonl, $(DEMO_OUT)/corpus.json, store $(DEMO_OUT)/presslens.db"
	@echo "Try:  $(BIN)/presslens search Valmora --db $(DEMO_OUT)/presslens.db"
	@echo "      $(BIN)/presslens serve --db $(DEMO_OUT)/presslens.db"
	@echo "Report (opens offline in any browser): $(abspath $(DEMO_OUT))/report.html"

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy

# The browser tests drive Debian's Chromium; installed here when missing and we are root,
# otherwise those tests skip with a message.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium is not installed: browser tests will be skipped (apt-get install chromium)"; }

pytest: install chromium
	$(BIN)/pytest -q

test: lint typecheck pytest

SHARED ?= ../shared
bench: install
	$(BIN)/presslens bench ingest --data $(SHARED)/data/article_extraction_benchmark/html
	$(BIN)/presslens bench ingest --data $(SHARED)/data/ptc/train-articles $(SHARED)/data/ptc/dev-articles

eval: install
	$(BIN)/presslens eval extraction --data $(SHARED)/data/article_extraction_benchmark

screenshots: install chromium
	$(BIN)/python tests/browser/make_screenshots.py

clean:
	rm -rf $(VENV) out presslens-out .pytest_cache .mypy_cache .ruff_cache
