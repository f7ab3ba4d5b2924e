# Two set-up commands: `make run` (build the graph from the bundled corpus) and `make test`
# (`make test-fast` leaves out the slow tests).
# Both create .venv and install what a fresh machine lacks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install system-deps clean

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

test: system-deps $(STAMP)
	$(BIN)/python -m pytest -q

# Everything but the tests marked slow (@pytest.mark.slow): a check in under two minutes.
test-fast: system-deps $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

clean:
	rm -rf $(VENV) .mskg build dist *.egg-info
