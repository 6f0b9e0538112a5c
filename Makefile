# The two commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_ARGS ?=
BENCH_SIZES ?= 2000,20000

.PHONY: demo test lint bench bench-extract browser clean quality model fuzz

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
	$(VENV)/bin/ruff check src tests benchmarks quality training

bench: $(STAMP)
	$(PY) benchmarks/run.py --sizes $(BENCH_SIZES)

# Real-page corpus: scores the dev and blind splits from the git-ignored cache (quality/README.md).
quality: $(STAMP)
	$(PY) quality/score.py

# Rebuild the shipped tagger/parser from a clone of UD_English-EWT (training/parser/README.md).
UD_EWT ?= ../UD_English-EWT
MODEL_WORK ?= build/parser
model: $(STAMP)
	@test -d "$(UD_EWT)" || { echo "make model: set UD_EWT to a git clone of UD_English-EWT"; exit 2; }
	mkdir -p $(MODEL_WORK)
	cd training/parser && ../../$(PY) prepare.py "$(abspath $(UD_EWT))" "$(abspath $(MODEL_WORK))"
	for s in train dev test; do $(PY) -m spacy convert $(MODEL_WORK)/$$s.conllu $(MODEL_WORK) -c conllu -n 10 -T; done
	$(PY) -m spacy train training/parser/config.cfg --paths.train $(MODEL_WORK)/train.spacy \
	  --paths.dev $(MODEL_WORK)/dev.spacy --system.seed 0 --training.max_steps 1500 -o $(MODEL_WORK)/stage1
	$(PY) -m spacy train training/parser/continue.cfg --paths.train $(MODEL_WORK)/train.spacy \
	  --paths.dev $(MODEL_WORK)/dev.spacy --paths.stage1 $(MODEL_WORK)/stage1/model-last \
	  --system.seed 0 -o $(MODEL_WORK)/out
	$(PY) -m spacy evaluate $(MODEL_WORK)/out/model-best $(MODEL_WORK)/test.spacy -o $(MODEL_WORK)/test-scores.json
	rm -rf src/bacaudit/data/parser && cp -r $(MODEL_WORK)/out/model-best src/bacaudit/data/parser
	cd training/parser && ../../$(PY) finish.py ../../src/bacaudit/data/parser ../../$(MODEL_WORK)/test-scores.json ../../docs/parser.md

# Main-text extraction on the ScrapingHub article benchmark (cache it first: docs/extraction.md).
bench-extract: $(STAMP)
	$(PY) benchmarks/extraction.py score --set scrapinghub

clean:
	rm -rf $(VENV) reports/*.html reports/articles .pytest_cache
