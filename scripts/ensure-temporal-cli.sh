#!/usr/bin/env bash
# Prints the path of a Temporal CLI (dev server) binary, building it from its Go module when absent.
# Order: $TEMPORAL_CLI, a `temporal` on PATH, the cached build, a fresh `go install` into the cache.
set -euo pipefail
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE="${MOTCUA_CACHE:-$HOME/.cache/motcua}"
if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then echo "$TEMPORAL_CLI"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
BIN="$CACHE/temporal-cli-$VERSION/bin/temporal"
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build the Temporal CLI $VERSION" >&2; exit 1; }
echo "Building the Temporal CLI $VERSION with $(go version) (first run only; several minutes)..." >&2
mkdir -p "$CACHE/go-mod" "$CACHE/go-build"
export GOMODCACHE="$CACHE/go-mod" GOCACHE="$CACHE/go-build" CGO_ENABLED=0 GOFLAGS=-mod=mod
GOBIN="$CACHE/temporal-cli-$VERSION/bin.tmp" go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2 \
  || GOBIN="$CACHE/temporal-cli-$VERSION/bin.tmp" go install -ldflags=-checklinkname=0 "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2
rm -rf "$CACHE/temporal-cli-$VERSION/bin" && mv "$CACHE/temporal-cli-$VERSION/bin.tmp" "$CACHE/temporal-cli-$VERSION/bin"
echo "$BIN"
