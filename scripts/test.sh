#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, checks the import
# contracts declared in pyproject.toml ([tool.importlinter]) and names/import order (ruff), then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
.venv/bin/lint-imports --no-cache --no-logo
.venv/bin/ruff check --quiet --no-cache assistant tests benchmarks scripts
exec .venv/bin/python -m pytest "$@"
