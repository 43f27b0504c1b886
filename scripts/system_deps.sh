#!/usr/bin/env bash
# Installs the Debian packages the test suite needs: LibreOffice (headless .docx -> PDF),
# Chromium + ChromeDriver (browser end-to-end test) and poppler (PDF -> PNG for screenshots).
# Idempotent: does nothing when everything is already there. Never prompts.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation fontconfig)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "Cần quyền root để cài: ${need[*]} (chạy: sudo apt-get install ${need[*]})" >&2; exit 1; fi
fi
echo "Installing system packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
