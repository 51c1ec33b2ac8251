#!/usr/bin/env bash
# System packages raadslens uses besides Python: Tesseract with Dutch data, for OCR of scanned pages.
# Installed with apt-get when run as root on Debian/Ubuntu; otherwise says what to run. Without
# Tesseract raadslens still runs: scanned pages are reported as "needs OCR", never silently empty.
set -uo pipefail
if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx nld; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing tesseract-ocr and tesseract-ocr-nld (OCR of scanned pages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-nld >/dev/null \
        || echo "warning: could not install Tesseract; scanned pages will be reported as needing OCR" >&2
else
    echo "note: Tesseract with Dutch data is missing; scanned pages will be reported as needing OCR." >&2
    echo "      install it with: sudo apt-get install tesseract-ocr tesseract-ocr-nld" >&2
fi
exit 0
