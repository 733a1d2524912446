# Korea–Central Asia relations in data. Every target makes the virtualenv on demand.
#   make figures   the main job: build the data, execute every notebook, export every figure and the catalogue
#   make test      the tests: data, bad input, figures, notebooks (nbval on two workers), browser checks
.PHONY: setup browser data validate data-readme figures test lab site bench clean

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export SOURCE_DATE_EPOCH := 0
export PYTHONHASHSEED := 0

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	touch $(STAMP)

setup: $(STAMP) browser

# Debian's Chromium for the headless browser tests; never a browser downloaded by a test tool.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

data: $(STAMP)
	$(PY) -m korea_central_asia build-data
	$(PY) -m korea_central_asia data-readme

validate: $(STAMP)
	$(PY) -m korea_central_asia validate

data-readme: $(STAMP)
	$(PY) -m korea_central_asia data-readme

figures: $(STAMP) data validate
	$(PY) -m korea_central_asia figures

test: setup
	$(PY) -m pytest -n 2 --dist loadscope --nbval-lax --nbval-cell-timeout=300 -p no:cacheprovider

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

site: $(STAMP) figures
	$(PY) -m korea_central_asia site

bench: setup
	$(PY) benchmarks/bench.py

clean:
	rm -rf site build .pytest_cache .bench
	find . -name __pycache__ -prune -exec rm -rf {} +
