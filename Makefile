# Two commands do all the set-up:  make report  and  make test.
# Each creates .venv if it is missing and installs the project with pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EDITION ?= sefs/example-2026

.PHONY: report test unit lint bench data clean browser notebook-filter bytecode

report: $(VENV)/.installed notebook-filter bytecode
	$(BIN)/sefbook build $(EDITION)

# In stages, each stopping the run if it fails: lint, format and types (seconds); the unit suite
# (about a minute: no kernel starts, tests/kernel_guard.py sees to it); then the build and slow tests.
# The two pytest stages run on every CPU (pytest-xdist), each test file on one worker: a module's
# fixtures are made once, and the session's builds once for the run (tests/conftest.py).
PARALLEL ?= -n auto --dist loadfile
test: unit browser
	$(BIN)/python -m pytest $(PARALLEL) -m "build or slow"

# The test command's second stage: every test not marked build or slow.
unit: $(VENV)/.installed notebook-filter bytecode lint
	$(BIN)/python -m pytest $(PARALLEL) -m "not build and not slow"

# The test command's first stage, in seconds: lint, format and types.
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy

# Notebooks are committed without outputs: git runs them through nbstripout on `git add` (the
# filter .gitattributes names; cell ids kept), so a saved Run All never reaches the history.
# Outside a git checkout (an unpacked release, no git) there is nothing to set up.
notebook-filter:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '"$(abspath $(BIN))/python" -m nbstripout --keep-id' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '"$(abspath $(BIN))/python" -m nbstripout --keep-id -t'; \
	else echo "not a git checkout: no filter to set up for notebooks' outputs"; fi

# The package's modules compiled once, as pip compiles an installed package's: where Python writes no
# bytecode itself (PYTHONDONTWRITEBYTECODE, set in some CI images), every build, kernel and test would
# compile them again. Compiling what is up to date already takes a fraction of a second.
bytecode: $(VENV)/.installed
	@$(BIN)/python -m compileall -q src

# Headless Chromium prints the PDF and runs the accessibility checks. Debian's package is
# installed when it is missing and this runs as root with apt-get; otherwise those tests skip
# and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the PDF and accessibility tests"; \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	      echo "could not install chromium: PDF and browser tests will skip"; \
	  else echo "chromium is missing and cannot be installed here (needs root and apt-get): PDF and browser tests will skip"; fi; }

bench: $(VENV)/.installed bytecode
	$(BIN)/python bench/speed.py

# Re-generate the synthetic example data and child-level returns (seeded: the same files every time).
data: $(VENV)/.installed
	$(BIN)/python scripts/make_example_data.py
	$(BIN)/python scripts/make_example_returns.py
	$(BIN)/python scripts/make_example_cin_census.py
	$(BIN)/python scripts/make_example_annex_a.py

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

clean:
	rm -rf $(VENV) output/*/

# The reference pages generated from the code (docs/cli.md, docs/indicator-list.md); a test fails when they are stale.
.PHONY: docs
docs: $(VENV)/.installed
	$(BIN)/python -m sefbook.reference
