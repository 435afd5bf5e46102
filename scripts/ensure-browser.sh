#!/usr/bin/env bash
# The print tests render the forms to PDF in Debian's headless Chromium (driven by playwright-core; never a
# browser download) and read the PDFs back with poppler's pdftotext; the fonts carry Vietnamese. Installs them
# from Debian's packages when one is missing (as root, or through sudo); does nothing when all are there.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftotext ] && [ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Chromium, poppler-utils and fonts-liberation are needed: install them as root (apt-get install chromium poppler-utils fonts-liberation fonts-dejavu-core)" >&2; exit 1; }
  as_root=(sudo)
fi
echo "Installing Debian's chromium, poppler-utils and fonts (for the print tests)…" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q chromium poppler-utils fonts-liberation fonts-dejavu-core
