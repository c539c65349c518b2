#!/usr/bin/env bash
# Runs every Parallax test: the pure packages without cgo or a display, the
# headless Fyne UI tests, then the real binary end to end under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test
command -v go >/dev/null || { echo "Parallax needs Go 1.25 or newer: https://go.dev/doc/install" >&2; exit 1; }

echo "== format and vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [[ -n "$unformatted" ]]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi

# Packages that need neither cgo nor a display: everything but main and app/native.
light=$(CGO_ENABLED=0 go list -e ./... 2>/dev/null | grep -v -e '/app/native$' -e '^github.com/parallax-research/parallax$')
CGO_ENABLED=0 go vet $light

echo "== unit and headless UI tests (CGO_ENABLED=0, no display)"
CGO_ENABLED=0 go test -count=1 $light

echo "== build the real binary (cgo)"
go vet . ./app/native
go build -tags migrated_fynedo -o bin/parallax .

echo "== end to end under Xvfb"
scripts/e2e.sh bin/parallax
