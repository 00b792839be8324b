#!/usr/bin/env bash
# Install the Debian packages the test suite drives for real, when they are missing:
# Chromium and its driver (browser tests), a Java runtime (the HermiT reasoner), Virtuoso
# (the remote-store tests), Tesseract with its Danish model (scanned PDF pages) and the
# DejaVu fonts (the PDFs the tests make).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Virtuoso, one of the SPARQL servers the remote-store tests start on loopback.
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
# Tesseract reads the pages of a PDF that have no text layer, in Danish.
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx dan || missing+=(tesseract-ocr-dan)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "installing Debian packages: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
