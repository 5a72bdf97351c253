# Two commands matter: `make lab` opens the notebooks, `make test` runs every test.
# Both install what they need: Debian packages through apt (as root; anyone else is
# told the command), Python packages from the lock file into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Exact versions and hashes of every Python package (`make lock` writes it).
LOCK   := requirements/lock.txt
# Debian's chromium, which the browser tests drive (Playwright never downloads one).
CHROMIUM ?= /usr/bin/chromium
USER_ID  ?= $(shell id -u)
HOST   ?= 127.0.0.1
PORT   ?= 8888
# Jupyter refuses to run as root without this flag (CI and these machines run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: venv lab test unit notebooks browser chromium lint bench site figures lock upgrade clean

# $(call apt_need,PACKAGE,CHECK): when CHECK fails, install the Debian PACKAGE if make runs
# as root, or stop (before anything else runs) with the exact command to type.
define apt_need
	@if ! { $(2); } >/dev/null 2>&1; then \
	  if [ "$(USER_ID)" = 0 ]; then \
	    echo "make: installing Debian's $(1) (apt-get install -y $(1))"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) \
	      && { $(2); } >/dev/null 2>&1 \
	      || { echo "make: $(1) did not install: '$(2)' still fails" >&2; exit 1; }; \
	  else \
	    echo "make: Debian's $(1) is missing ('$(2)' fails). Install it, then run make again:" >&2; \
	    echo "    sudo apt-get update && sudo apt-get install -y $(1)" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

# Idempotent: reinstalls only when the lock or pyproject.toml changes. Every package comes
# from the lock, hash-checked; the project itself is installed editable, without dependencies
# (hatchling, its build backend, is in the lock too).
$(STAMP): $(LOCK) pyproject.toml
	$(call apt_need,python3-venv,test -x $(BIN)/python || $(PYTHON) -m ensurepip --version)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check || { echo "make: $(LOCK) is behind pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

venv: $(STAMP)

chromium:
	$(call apt_need,chromium,test -x $(CHROMIUM))

# axe-core for the static site's accessibility test, exactly as package-lock.json pins it,
# into node_modules/ (ignored by git, never copied into the site).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	$(call apt_need,npm,command -v npm)
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# After changing a dependency in pyproject.toml: keeps every pin that still fits, resolves
# what changed, and pins environment.yml to the same versions. Needs the package index.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra test --extra tools --generate-hashes \
	--python-version 3.11 --python-platform linux --custom-compile-command "make lock" \
	--quiet --output-file $(LOCK)
lock:
	test -x $(BIN)/uv || $(MAKE) venv
	$(UV_COMPILE)
	$(BIN)/python requirements/pin_environment.py

# One deliberate step: the newest versions pyproject.toml allows, installed, every notebook
# re-executed (outputs may change), then every test. Review the diff, then commit it all.
upgrade:
	test -x $(BIN)/uv || $(MAKE) venv
	$(UV_COMPILE) --upgrade
	$(BIN)/python requirements/pin_environment.py
	$(MAKE) venv
	$(BIN)/python -m tools.series execute notebooks/*.ipynb
	$(MAKE) test

# Token authentication stays on; the server listens on the loopback address only.
# The printed URL opens the series' first notebook (not the Launcher), with the settings
# of tools/lab/overrides.json: no news or update pop-ups, file names shown whole.
LAB_ROOT ?= notebooks
FIRST_NOTEBOOK = $(firstword $(sort $(notdir $(wildcard $(LAB_ROOT)/[0-9][0-9]-*.ipynb))))
lab: venv
	$(BIN)/jupyter lab --no-browser --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=$(LAB_ROOT) $(ROOT_FLAG) \
		--LabApp.default_url=/lab/tree/$(FIRST_NOTEBOOK) \
		--LabApp.app_settings_dir=$(CURDIR)/tools/lab \
		--LabApp.news_url= --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: venv
	$(BIN)/python -m pytest --doctest-modules tests/ helpers/ tools/ --ignore=tests/browser

notebooks: venv
	$(BIN)/python -m pytest -p no:cacheprovider --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

# Real-browser tests: JupyterLab + Debian's chromium (installed by the chromium target).
browser: chromium venv $(NODE_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser

# chromium first: without it (and without root to install it) nothing runs.
test: chromium lint unit notebooks browser

# Static HTML copy of the series; open build/site/index.html from disk.
site: venv
	$(BIN)/python -m tools.site build/site

bench: venv
	$(BIN)/python -m benchmarks

figures: venv
	$(BIN)/python -m tools.gallery build/figures

clean:
	rm -rf build .pytest_cache
