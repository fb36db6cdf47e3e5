# The portal's everyday commands. `make help` lists them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
PORT ?= 5000

.DEFAULT_GOAL := help
.PHONY: help run test test-browser test-pg screenshots lint format bench babel-extract babel-update babel-compile clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

translations/vi/LC_MESSAGES/messages.mo: translations/vi/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -d translations --statistics

babel-compile: $(STAMP) ## Compile the translation catalogues
	$(BIN)/pybabel compile -d translations --statistics

run: $(STAMP) translations/vi/LC_MESSAGES/messages.mo ## Serve the portal on http://127.0.0.1:5000 with demo data (another port: make run PORT=8000)
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(STAMP) translations/vi/LC_MESSAGES/messages.mo ## Run the whole test suite (SQLite; PostgreSQL when TEST_DATABASE_URL is set)
	$(BIN)/python -m pytest

test-browser: $(STAMP) translations/vi/LC_MESSAGES/messages.mo ## Run only the browser and accessibility tests (needs /usr/bin/chromium)
	CI=true $(BIN)/python -m pytest -m browser

test-pg: $(STAMP) translations/vi/LC_MESSAGES/messages.mo ## Run the test suite on the local PostgreSQL
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

screenshots: $(STAMP) translations/vi/LC_MESSAGES/messages.mo ## Refresh the README's screenshots in docs/screenshots (browser run)
	SCREENSHOT_DIR=docs/screenshots CI=true $(BIN)/python -m pytest -m browser tests/e2e/test_flows.py

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check portal tests bench
	$(BIN)/ruff format --check portal tests bench

format: $(STAMP) ## Reformat with ruff
	$(BIN)/ruff format portal tests bench
	$(BIN)/ruff check --fix portal tests bench

bench: $(STAMP) translations/vi/LC_MESSAGES/messages.mo ## Measure speed and memory (see bench/README.md)
	$(BIN)/python -m bench.run $(BENCH)

babel-extract: $(STAMP) ## Extract translatable text into translations/messages.pot
	$(BIN)/pybabel extract --no-location -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .

babel-update: babel-extract ## Merge new text into the Vietnamese catalogue
	$(BIN)/pybabel update -i translations/messages.pot -d translations -l vi -w 100 --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) instance
