# Developer targets. The two set-up commands are in the README
# (scripts/run.sh and scripts/test.sh); these are for benchmarks,
# evaluations and reproducible model training. Benchmarks and evaluations
# read ../shared/data and stop with a message when it is absent.

.PHONY: run test build bench-import

build:
	go build -o bin/parallax .

run:
	scripts/run.sh

test:
	scripts/test.sh

# Import speed: plain Bleve baseline vs Parallax's full import, side by side.
bench-import:
	CGO_ENABLED=0 go run ./bench/importbench

# Entity co-occurrence speed: top-200 pairs over the whole corpus and over a
# ~5,000-article query, on the real 37k corpus and a SYNTHETIC 100k corpus
# (perturbed copies of the real entity lists), next to a naive baseline.
.PHONY: bench-cooccur
bench-cooccur:
	CGO_ENABLED=0 go run ./bench/cooccur
