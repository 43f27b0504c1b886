#!/usr/bin/env bash
# Renders one page of a .docx to PNG: LibreOffice headless (own throw-away profile) → PDF → pdftoppm.
#   bash scripts/render_docx.sh REPORT.docx OUT.png [PAGE] [DPI]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "Cách dùng: bash scripts/render_docx.sh REPORT.docx OUT.png [TRANG] [DPI]" >&2; exit 2; }
exec .venv/bin/python -m assistant.devtools.render_docx "$1" --png "$2" --page "${3:-1}" --dpi "${4:-80}"
