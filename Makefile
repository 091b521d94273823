# Two commands on a fresh machine:
#   make demo   creates .venv from this project's files and runs claimgraph on examples/
#   make test   creates .venv (if needed) and runs the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval cues bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The main job on the bundled fictional corpus (examples/, 28 articles + JSONL/RSS/WARC
# feeds): extract one article, ingest everything into a fresh build/demo.db (twice: the
# second run adds nothing), then stories, one claim across outlets, contradictions, one
# person, events near a place. About 30 s after install (2 cores).
DEMO_DB := build/demo.db
CG := $(BIN)/claimgraph
ARTICLE := examples/articles/2026-03-13-halvar-post-marrow-denies.txt

demo: $(STAMP)
	@rm -f $(DEMO_DB) && mkdir -p build
	@printf '\n== 1. One article: who said what, with which numbers and events\n$$ claimgraph extract %s\n' $(ARTICLE)
	@$(CG) extract $(ARTICLE)
	@printf '\n== 2. Ingest the demo corpus (.txt and .html files, JSONL, RSS, WARC) into a new store\n'
	@printf '$$ claimgraph ingest --db $(DEMO_DB) examples/articles examples/feeds\n'
	@$(CG) ingest -q --db $(DEMO_DB) examples/articles examples/feeds
	@printf '\n== 3. Ingest again: ids are content hashes, nothing is stored twice\n'
	@$(CG) ingest -q --db $(DEMO_DB) examples/articles examples/feeds
	@printf '\n== 4. Stories: articles grouped by the event they report\n'
	@printf '$$ claimgraph stories --db $(DEMO_DB) --limit 3\n'
	@$(CG) stories --db $(DEMO_DB) --limit 3
	@printf '\n== 5. One number across outlets: first seen, changes, independent sources\n'
	@printf '$$ claimgraph claims --db $(DEMO_DB) --about troops --kind quantity --limit 1\n'
	@$(CG) claims --db $(DEMO_DB) --about troops --kind quantity --limit 1
	@printf '\n== 6. A copied statement: one source, its echoes\n'
	@printf '$$ claimgraph claims --db $(DEMO_DB) --about convoy --limit 1\n'
	@$(CG) claims --db $(DEMO_DB) --about convoy --limit 1
	@printf '\n== 7. Contradictions: numbers beyond their stated approximation; asserted vs denied\n'
	@printf '$$ claimgraph contradictions --db $(DEMO_DB)\n'
	@$(CG) contradictions --db $(DEMO_DB)
	@printf '\n== 8. One person across the corpus\n$$ claimgraph entity --db $(DEMO_DB) "Ilse Marrow"\n'
	@$(CG) entity --db $(DEMO_DB) "Ilse Marrow"
	@printf '\n== 9. Events: attacks near Kovar\n'
	@printf '$$ claimgraph events --db $(DEMO_DB) --type ASSAULT --near Kovar\n'
	@$(CG) events --db $(DEMO_DB) --type ASSAULT --near Kovar
	@printf '\n== Browse it: web UI, REST API (/docs) and JSON twins of every page\n'
	@printf '$$ %s serve --db $(DEMO_DB)    # then open http://127.0.0.1:8000/\n' $(CG)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src

# Every evaluation on the public gold data under ../shared/benchmarks (each one says so and
# skips when its data is absent; about 3 min on 2 cores); the tests compare the scores with
# tests/floors/*.json.
EVALS := polnear gum articles ecbplus ecbplus-entities case2021 wikievents meantime claims quantities

eval: $(STAMP)
	@for e in $(EVALS); do printf '\n== eval %s\n' $$e; $(CG) eval $$e || exit 1; done

# Rebuild the cue lexicon and model (extract/data/cues.tsv, cue_model.json) from a fresh
# parse of PolNeAR train (slow: parses the whole train split).
cues: $(STAMP)
	$(BIN)/python scripts/learn_cues.py

# Rebuild the attribution boundary model (extract/data/attribution_model.json) from PolNeAR
# train, C chosen on dev, fixed seed; parses are cached under build/attribution/ (about 20 min
# on 2 cores from scratch, the learning curve included).
train-attribution: $(STAMP)
	$(BIN)/python scripts/train_attribution.py

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) build *.egg-info
