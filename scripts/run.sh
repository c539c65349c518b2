#!/usr/bin/env bash
# Builds Parallax and opens it. On first start the default corpus is filled
# with the built-in sample corpus. Extra arguments go to parallax.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
command -v go >/dev/null || { echo "Parallax needs Go 1.25 or newer: https://go.dev/doc/install" >&2; exit 1; }
echo "Building (the first build compiles Fyne's OpenGL driver: a few minutes)…" >&2
go build -tags migrated_fynedo -o bin/parallax .
exec bin/parallax "$@"
