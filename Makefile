# Sanctuary: two commands do all the set-up on a fresh machine.
#   make run    install into .venv and start the web app with demo data (the URL is printed)
#   make test   install into .venv and run the whole suite (lint, types, tests, pack verification)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE ?= examples/requests/city-hall-ice-administrative-warrant.yaml
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages run demo-cli test lint typecheck verify scenarios bench bench-records bench-audit bench-engines bench-guard bench-web bench-reports bench-demo constraints clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sanctuary needs Python 3.11 or newer; set PYTHON=python3.11")'
	@{ command -v tesseract && [ -x /usr/bin/chromium ] && command -v java && { [ ! -x /sbin/ldconfig ] || /sbin/ldconfig -p | grep -q libpangoft2-1.0; }; } >/dev/null || $(MAKE) --no-print-directory system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,spark]'
	@touch $(STAMP)

install: $(STAMP)

# Tesseract OCR reads photographed and scanned papers (Debian package tesseract-ocr); Debian's
# chromium runs the end-to-end browser tests (tests/e2e, skipped where /usr/bin/chromium is missing);
# Java runs Apache Spark for `--engine spark` and its tests (default-jre-headless; skipped without java).
# Pango lays out the PDF reports (WeasyPrint; libpango-1.0-0 and libpangoft2-1.0-0).
system-packages:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	{ [ ! -x /sbin/ldconfig ] || /sbin/ldconfig -p | grep -q libpangoft2-1.0; } || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  case "$$missing" in *tesseract-ocr*) \
	    echo "Install Tesseract OCR first (Debian/Ubuntu: sudo apt-get install tesseract-ocr; macOS: brew install tesseract)."; exit 1;; \
	  esac; \
	  case "$$missing" in *libpango*) \
	    echo "Install Pango first for PDF reports (Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0; macOS: brew install pango)."; exit 1;; \
	  esac; \
	  echo "Optional: Debian's chromium for the end-to-end browser tests (sudo apt-get install chromium); without it they are skipped."; \
	fi

# The web app on an embedded SQLite database (var/) with demo accounts and cases; the URL is printed.
run: install
	$(BIN)/sanctuary serve --demo --host $(HOST) --port $(PORT)

# The command line on a bundled request, without the web app.
demo-cli: install
	$(BIN)/sanctuary decide $(EXAMPLE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

verify: install
	$(BIN)/sanctuary verify

scenarios: install
	$(BIN)/sanctuary packs test

# axe-core (pinned in tests/e2e/package-lock.json) audits every page's accessibility in the browser tests.
AXE := tests/e2e/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility audit (Debian: apt-get install npm)"; exit 1; }
	npm ci --prefix tests/e2e --no-audit --no-fund --silent
	@touch $(AXE)

test: lint typecheck $(AXE)
	$(BIN)/python -m pytest
	$(BIN)/sanctuary verify

bench: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench,dp]'
	$(BIN)/python bench/bench_decisions.py

# Ledger appends against raw SQLite inserts, and verification of 1,000,000 entries (a few minutes).
bench-records: install
	$(BIN)/python bench/bench_records.py

# ALPR audit rows per second against a plain DuckDB regexp query, on a generated 2,000,000-row export.
bench-audit: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench,dp]'
	$(BIN)/python bench/bench_guard_audit.py

# ALPR audit rows/s on one multi-file export: the local engine, Spark local[2] and DuckDB, with peak RSS.
bench-engines: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench,dp,spark]'
	$(BIN)/python bench/bench_guard_engines.py

# Detection MB/s against Presidio's AnalyzerEngine (blank spaCy pipeline), recall on the labeled set, and the gate.
bench-guard: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench,dp]'
	$(BIN)/python bench/bench_guard_detect.py

# The decision API under load on loopback, beside a bare FastAPI endpoint (about 2 minutes).
bench-web: install
	$(BIN)/python bench/bench_web.py

# A transparency report of each kind from a store of 10,000 fictitious cases.
bench-reports: install
	$(BIN)/python bench/bench_reports.py

# The demo's first start: a new database filled with a year of fictitious cases.
bench-demo: install
	$(BIN)/python bench/bench_demo.py

constraints: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench,dp,spark]'
	{ echo '# Tested pins for every dependency (runtime, dev and bench). Regenerate with `make constraints`.'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -vi '^sanctuary'; } > constraints.txt

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
