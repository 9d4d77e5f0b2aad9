# Two commands do all the set-up:  make report  and  make test.
# Each creates .venv if it is missing and installs the project with pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EDITION ?= sefs/example-2025

.PHONY: report test bench data clean

report: $(VENV)/.installed
	$(BIN)/sefbook build $(EDITION)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/build_vs_floor.py

# Re-generate the synthetic example data (seeded: the same files every time).
data: $(VENV)/.installed
	$(BIN)/python scripts/make_example_data.py

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

clean:
	rm -rf $(VENV) output/*/
