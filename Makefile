# Two entry points for a fresh machine: `make demo` (the main job on source/) and
# `make test` (the whole suite). Both install the system packages they need first
# (scripts/install-system-deps.sh: as root with apt it installs, otherwise it lists what is
# missing and the tests needing it are skipped with that reason), then create .venv/.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CTOOLS := $(BIN)/ctools
# What the installer could not install, read by tests/conftest.py (require_tool).
SYSTEM_DEPS := $(abspath $(VENV))/system-deps.txt
PYTEST := CTOOLS_SYSTEM_DEPS=$(SYSTEM_DEPS) $(BIN)/pytest

.PHONY: demo test test-fast check bench fuzz clean system-deps

system-deps:
	@scripts/install-system-deps.sh --report $(SYSTEM_DEPS)

$(BIN)/python: | system-deps
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "ctools needs Python >= 3.11; run make PYTHON=python3.11 (or newer)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[korean]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[korean,test]'
	touch $@ $(VENV)/.installed-core

demo: system-deps $(VENV)/.installed-core
	$(CTOOLS) fix-encoding --check source/
	$(CTOOLS) lint source/
	$(CTOOLS) status source/
	$(CTOOLS) export --format all --pdf source/
	@echo "Open build/html/index.html in a browser; the course deck is in build/anki/, the course books in build/latex/book/ (course-en.pdf, course-ko.pdf), other PDFs in build/latex/."

check: $(VENV)/.installed-test
	$(BIN)/ruff check curriculum_tools tests
	$(BIN)/ruff format --check curriculum_tools tests
	$(BIN)/mypy

# Everything, slow tests included (LaTeX compiles, Chromium, the Nu validator, SIGKILL runs,
# pre-commit, the big property runs).
test: system-deps check
	$(PYTEST) -q

# The same minus the tests marked `slow`: for the edit-test loop.
test-fast: system-deps check
	$(PYTEST) -q -m "not slow"

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

fuzz: $(VENV)/.installed-test
	CTOOLS_FUZZ_EXAMPLES=10000 $(PYTEST) -q tests/test_reliability.py -k "never_raise or lint_all or idempotent"

clean:
	rm -rf build $(VENV)
