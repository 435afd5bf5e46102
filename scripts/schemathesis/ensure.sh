#!/usr/bin/env bash
# Prints the path of a Schemathesis executable, installing it (first run only) into a virtual environment
# under the cache folder from the pinned requirements beside this script (every package at one exact
# version, no resolution at install time). Reused afterwards.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VERSION="$(sed -n 's/^schemathesis==\([^ ;]*\).*/\1/p' "$HERE/requirements.txt")"
CACHE="${MOTCUA_CACHE:-$HOME/.cache/motcua}"
VENV="$CACHE/schemathesis-$VERSION"
BIN="$VENV/bin/schemathesis"
# A venv counts once its stamp (written last) matches the requirements it was built from: an install cut
# short is redone, not used.
STAMP="$VENV/.requirements.sha256"
WANT="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$WANT" ]; then echo "$BIN"; exit 0; fi
PYTHON="${PYTHON:-$(command -v python3 || true)}"
[ -n "$PYTHON" ] || { echo "Python 3.11+ with venv is needed for Schemathesis $VERSION" >&2; exit 1; }
echo "Installing Schemathesis $VERSION into $VENV (first run only)..." >&2
mkdir -p "$CACHE"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps -r "$HERE/requirements.txt" >&2
"$VENV/bin/python" -m pip check >&2
echo "$WANT" > "$STAMP"
echo "$BIN"
