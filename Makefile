# Korea–Central Asia relations in data. Every target makes the virtualenv on demand.
#   make setup     everything downloaded, once: virtualenv with the pinned packages, Debian's chromium, node_modules
#   make figures   the main job: build the data, execute every notebook, export every figure and the catalogue
#   make site      the offline site from the notebooks `make figures` executed (it runs them first only when they
#                  are missing or stale): site/ (teacher edition), site/student/, site/slides/, site.zip (student)
#   make slides    only the slides: site/slides/NN-slug.slides.html, one reveal.js deck per lesson
#   make lab       JupyterLab on the lessons, with the classroom defaults in lab/overrides.json (no news pop-up)
#   make test      the tests: data, bad input, figures, notebooks (nbval on two workers), site and browser checks
#   make mutate    mutation testing of validate.py, atomic.py and execute.py (not in CI; mutmut installed on demand)
.PHONY: setup assets browser data validate data-readme figures test lab site slides bench mutate clean

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

setup: $(STAMP) browser assets

# Front-end files for the offline site, slides and maps (package.json, package-lock.json): fetched here, never later.
ASSETS := node_modules/.installed
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(ASSETS)

assets: $(ASSETS)

# Debian's Chromium for the headless browser tests; never a browser downloaded by a test tool.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

data: $(STAMP)
	$(PY) -m korea_central_asia build-data
	$(PY) -m korea_central_asia data-readme
	$(PY) -m korea_central_asia glossary

validate: $(STAMP)
	$(PY) -m korea_central_asia validate

data-readme: $(STAMP)
	$(PY) -m korea_central_asia data-readme
	$(PY) -m korea_central_asia glossary

figures: $(STAMP) assets data validate
	$(PY) -m korea_central_asia figures

test: setup
	$(PY) -m pytest -n 2 --dist loadscope --no-loadscope-reorder --nbval-lax --nbval-cell-timeout=300 -p no:cacheprovider

# lab/overrides.json sets Lab's defaults for a classroom (news and update checks off, so no pop-up asks about them);
# a user's own settings still apply on top.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --LabApp.app_settings_dir=$(CURDIR)/lab

site: $(STAMP) $(ASSETS)
	$(PY) -m korea_central_asia site

slides: $(STAMP) $(ASSETS)
	$(PY) -m korea_central_asia slides

bench: setup
	$(PY) benchmarks/bench.py

# mutmut changes one thing at a time in a copy of the code (mutants/) and runs the tests that reach it; a mutant that
# no test notices "survived". Settings are in pyproject.toml [tool.mutmut]. The last line per module is its score.
MUTMUT_VERSION := 3.8.1
mutate: $(STAMP)
	$(PY) -m pip show mutmut 2>/dev/null | grep -qx 'Version: $(MUTMUT_VERSION)' || \
	  $(PY) -m pip install --quiet mutmut==$(MUTMUT_VERSION)
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2 | tr '\r' '\n' | tail -n 3
	@$(VENV)/bin/mutmut results --all true > mutants/results.txt
	@echo "surviving mutants (see one with: $(VENV)/bin/mutmut show NAME):"
	@grep -v ': killed$$' mutants/results.txt || echo "    none"
	@awk -F': ' '{ m = $$1; gsub(/ /, "", m); sub(/[.]x(_|ǁ).*/, "", m); n[m]++; s[m, $$2]++ } \
	  END { printf "%-30s %8s %7s %9s %6s %7s\n", "module", "mutants", "killed", "survived", "other", "score"; \
	        for (m in n) printf "%-30s %8d %7d %9d %6d %6.1f%%\n", m, n[m], s[m, "killed"], s[m, "survived"], \
	          n[m] - s[m, "killed"] - s[m, "survived"], 100 * s[m, "killed"] / n[m] }' mutants/results.txt

clean:
	rm -rf site site.zip build .pytest_cache .bench mutants
	find . -name __pycache__ -prune -exec rm -rf {} +
