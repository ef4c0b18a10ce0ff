# Two entry points for a fresh machine: `make demo` (the main job on source/) and
# `make test` (the whole suite). Both create .venv/ and install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CTOOLS := $(BIN)/ctools

.PHONY: demo test check bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[korean]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[korean,test]'
	touch $@ $(VENV)/.installed-core

demo: $(VENV)/.installed-core
	$(CTOOLS) fix-encoding --check source/
	$(CTOOLS) lint source/
	$(CTOOLS) status source/
	$(CTOOLS) export --format all --pdf source/
	@echo "Open build/html/index.html in a browser; the course deck is in build/anki/, the course books in build/latex/book/ (course-en.pdf, course-ko.pdf), other PDFs in build/latex/."

check: $(VENV)/.installed-test
	$(BIN)/ruff check curriculum_tools tests
	$(BIN)/ruff format --check curriculum_tools tests
	$(BIN)/mypy

test: check
	$(BIN)/pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

fuzz: $(VENV)/.installed-test
	CTOOLS_FUZZ_EXAMPLES=10000 $(BIN)/pytest -q tests/test_reliability.py -k "never_raise or lint_all or idempotent"

clean:
	rm -rf build $(VENV)
