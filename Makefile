# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LAA_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test setup assets browser wrk db-demo lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm for the GOV.UK Frontend assets"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null || \
	  { echo "Could not install npm: run 'sudo apt-get install nodejs npm'"; exit 1; }; }
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

assets: node_modules/.installed

setup: $(STAMP) assets

# Debian's Chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation) >/dev/null || \
	  { echo "Could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }; }

# Debian's wrk, the closed-loop load generator of the page benchmarks.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the page benchmarks"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null || \
	  { echo "Could not install wrk: run 'sudo apt-get install wrk'"; exit 1; }; }

db-demo: setup
	DEBUG=true $(BIN)/laa demo --reference

# The demonstration's day (laa.web.demo_delivery.DEMO_DAY): Kent approved and in delivery,
# Medway's negotiation late. `make run LAA_TODAY=YYYY-MM-DD` stands on another.
run: db-demo
	DEBUG=true LAA_TODAY=$(or $(LAA_TODAY),2008-07-01) $(BIN)/laa serve

# Two processes (pytest-xdist; the browser tests stay together on one), the 20 slowest
# tests printed at the end. HYPOTHESIS_PROFILE=thorough for CI's example counts.
XDIST ?= -n auto --dist loadgroup

test: setup browser
	$(BIN)/ruff check src tests benchmarks
	cd src && ../$(BIN)/lint-imports ../pyproject.toml
	LAA_TESTING=true $(BIN)/python -m pytest $(XDIST) --durations=20 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check src tests benchmarks

typecheck: setup
	$(BIN)/mypy --strict src/laa/domain

# Every benchmark, one after the other (about five minutes); see benchmarks/README.md.
bench: setup wrk
	$(BIN)/python benchmarks/bench_rules.py
	$(BIN)/python benchmarks/bench_document.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_negotiation_pages.py --rate 25

clean:
	rm -rf $(VENV) node_modules var build
