# Two set-up commands: `make run` (build the graph from the bundled corpus) and `make test`
# (`make test-fast` leaves out the slow tests).
# Both create .venv and install what a fresh machine lacks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast docs install system-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/mskg build

# System packages the tests use (rapper, a CJK font, chromium, graphviz); installed when
# missing and run as root, otherwise the script says what to install.
system-deps:
	bash scripts/system-deps.sh

# The suite runs on two worker processes (pytest-xdist): it is CPU-bound and CI has two
# cores. Each test file stays on one worker, so a module's fixtures are built once; the
# files are handed out heaviest first (tests/schedule.py, in the order the suite sorts
# them: --no-loadscope-reorder), so both workers finish together.
# `make test WORKERS=0` runs it in one process.
WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile --no-loadscope-reorder

test: system-deps $(STAMP)
	$(PYTEST)

# Everything but the tests marked slow (@pytest.mark.slow): a check in under two minutes.
test-fast: system-deps $(STAMP)
	$(PYTEST) -m "not slow"

# The generated parts of README.md (the command reference, the score table) from the code
# and committed results; tests/test_docs.py fails when they are stale.
docs: $(STAMP)
	$(BIN)/python scripts/readme.py

clean:
	rm -rf $(VENV) .mskg build dist *.egg-info
