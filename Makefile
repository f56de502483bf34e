# The few commands people type. Both main targets set up .venv themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test setup graphs readme lint bench scores screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## demo: set up, build graphs/ from seeds/, print where the view is
demo: $(STAMP)
	$(VENV)/bin/citykg build seeds --out graphs
	@echo "Open graphs/index.html in a browser (file://$(CURDIR)/graphs/index.html)"

## graphs: regenerate the committed graphs/ from seeds/
graphs: $(STAMP)
	$(VENV)/bin/citykg -q build seeds --out graphs

## readme: regenerate the README tour's printed outputs and figures from the current tree
readme: $(STAMP)
	$(PY) scripts/readme.py

## test: set up and run the whole test suite (browser and server tests included)
test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src

## bench: slow measurements, run on demand
bench: $(STAMP)
	$(PY) bench/bench_build.py
	$(PY) bench/bench_query.py
	$(PY) bench/bench_dates.py
	$(PY) bench/bench_view.py
	$(PY) bench/bench_blind.py
	$(PY) bench/bench_scale.py
	$(PY) bench/bench_calibration.py

## scores: extraction scores of every gold set (and ../shared/wild-dev when present), ~20 s
scores: $(STAMP)
	$(PY) bench/bench_blind.py

screenshot: $(STAMP)
	$(PY) scripts/screenshot.py graphs --all docs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache graphs/.oxigraph
