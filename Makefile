# Developer targets. The two set-up commands are in the README
# (scripts/run.sh and scripts/test.sh); these are for benchmarks,
# evaluations and reproducible model training. Benchmarks and evaluations
# read ../shared/data and stop with a message when it is absent.

.PHONY: run test build bench-import train-ner eval-ner

build:
	go build -tags migrated_fynedo -o bin/parallax .

run:
	scripts/run.sh

test:
	scripts/test.sh

# Import speed: plain Bleve baseline vs Parallax's full import, side by side.
bench-import:
	CGO_ENABLED=0 go run ./bench/importbench

# Train the NER model (corpus/ner/model.gz) on CoNLL-2003 train plus
# unlabelled news text, reproducibly (seed 1); needs xz on PATH.
train-ner:
	CGO_ENABLED=0 go run ./corpus/ner/cmd/nertrain

# Score the embedded NER model on the CoNLL-2003 dev split (entity-level
# precision/recall/F1 per type), with tagging speed on one core.
eval-ner:
	CGO_ENABLED=0 go run ./corpus/ner/cmd/nereval

# Entity co-occurrence speed: top-200 pairs over the whole corpus and over a
# ~5,000-article query, on the real 37k corpus and a SYNTHETIC 100k corpus
# (perturbed copies of the real entity lists), next to a naive baseline.
.PHONY: bench-cooccur
bench-cooccur:
	CGO_ENABLED=0 go run ./bench/cooccur

# Search speed and index size: p50/p95 per query type in-process, the whole
# `parallax search` process for a phrase, and ripgrep over the same folder,
# on the real 37k corpus and then a SYNTHETIC 100k corpus (perturbed copies,
# clearly labelled). The archive is extracted once into BENCH_SEARCH_DIR; the
# corpora are built there on the first run (the 100k build takes a while).
# SEARCH_SYNTH=0 skips the synthetic run. Needs rg (apt-get install ripgrep).
BENCH_SEARCH_DIR ?= $(or $(TMPDIR),/tmp)/parallax-bench-search
SEARCH_SYNTH ?= 100000
.PHONY: bench-search
bench-search:
	@test -f ../shared/data/allsides-37k.tar.xz || { echo "bench-search: ../shared/data/allsides-37k.tar.xz is absent"; exit 1; }
	@command -v rg >/dev/null || echo "bench-search: rg not found, the ripgrep comparison is skipped (apt-get install ripgrep)"
	@mkdir -p $(BENCH_SEARCH_DIR)/allsides
	@test -f $(BENCH_SEARCH_DIR)/allsides/manifest.tsv || tar -xJf ../shared/data/allsides-37k.tar.xz -C $(BENCH_SEARCH_DIR)/allsides
	go build -o $(BENCH_SEARCH_DIR)/parallax .
	CGO_ENABLED=0 go run ./bench/search -data $(BENCH_SEARCH_DIR)/allsides -work $(BENCH_SEARCH_DIR)/work -parallax $(BENCH_SEARCH_DIR)/parallax
	@if [ "$(SEARCH_SYNTH)" != "0" ]; then CGO_ENABLED=0 go run ./bench/search -data $(BENCH_SEARCH_DIR)/allsides -work $(BENCH_SEARCH_DIR)/work -n $(SEARCH_SYNTH) -parallax $(BENCH_SEARCH_DIR)/parallax; fi

# Event similarity and stories: quality on the labelled stories-dev events
# inside the 37k AllSides corpus (imported once into $TMPDIR/parallax-eval),
# and speed (similar, compare, stories from scratch and incremental; the
# 100k-article similar and the compare figures also as Go benchmarks).
.PHONY: eval-stories bench-stories
eval-stories:
	CGO_ENABLED=0 go run ./eval/stories

bench-stories:
	CGO_ENABLED=0 go run ./bench/stories
	CGO_ENABLED=0 go test -run '^$$' -bench 'Similar100k' -benchtime 200x ./index
	CGO_ENABLED=0 go test -run '^$$' -bench 'Compare' -benchtime 50x ./corpus
