# Two commands matter: `make lab` opens the notebooks, `make test` runs every test.
# Everything else is installed from here (venv, pip) or from .ci/run (apt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8888
# Jupyter refuses to run as root without this flag (CI and these machines run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: venv lab test unit notebooks browser lint bench site figures clean

# Idempotent: reinstalls only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,tools]'
	touch $(STAMP)

venv: $(STAMP)

# Token authentication stays on; the server listens on the loopback address only.
lab: venv
	$(BIN)/jupyter lab --no-browser --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=notebooks $(ROOT_FLAG)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: venv
	$(BIN)/python -m pytest --doctest-modules tests/ helpers/ --ignore=tests/browser

notebooks: venv
	$(BIN)/python -m pytest -p no:cacheprovider --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

# Real-browser tests: JupyterLab + Debian's chromium (apt-get install -y chromium).
browser: venv
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser

test: lint unit notebooks browser

# Static HTML copy of the series; open build/site/index.html from disk.
site: venv
	$(BIN)/python -m tools.site build/site

bench: venv
	$(BIN)/python -m benchmarks

figures: venv
	$(BIN)/python -m tools.gallery build/figures

clean:
	rm -rf build .pytest_cache
