# The two commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: demo test lint bench browser clean fuzz

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	$(VENV)/bin/bacaudit audit examples --format html --out reports
	$(VENV)/bin/bacaudit audit examples --format text
	@echo "HTML report: reports/index.html"

# Browser tests need Debian's chromium; install it once when missing (root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian's chromium for the browser tests"; \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; } \
	  || echo "warning: could not install chromium (needs root or sudo); the browser tests will be skipped"; }

test: $(STAMP) browser
	$(PY) -m pytest $(PYTEST_ARGS)

# 100,000 mutated pages through ingest, extract, audit and every report format, split over
# FUZZ_JOBS processes with a random seed (FUZZ_SEED=N repeats a run). Failing inputs are kept
# under tests/fixtures/fuzz/ and replayed by `make test`.
FUZZ_INPUTS ?= 100000
FUZZ_JOBS ?= 2
fuzz: $(STAMP)
	@seed=$${FUZZ_SEED:-$$(date +%s)}; echo "fuzz: $(FUZZ_INPUTS) inputs, $(FUZZ_JOBS) processes, seed $$seed"; \
	pids=; for i in $$(seq 1 $(FUZZ_JOBS)); do \
	  FUZZ_INPUTS=$$(( $(FUZZ_INPUTS) / $(FUZZ_JOBS) )) FUZZ_BATCH=16 \
	    $(PY) -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py --hypothesis-seed=$$((seed + i)) & \
	  pids="$$pids $$!"; \
	done; status=0; for p in $$pids; do wait $$p || status=1; done; exit $$status

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) reports/*.html reports/articles .pytest_cache
