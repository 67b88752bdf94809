#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and runs every test layer: types, vitest units, pytest engine, Playwright e2e.
# Each layer runs even if an earlier one failed; the last line says which failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "SSP Studio tests: FAILED (setup)"; exit 1; }

failed=()
step() {
  local name=$1; shift
  printf '\n===== %s =====\n' "$name"
  local t0=$SECONDS
  if "$@"; then echo "----- $name: ok ($((SECONDS - t0)) s)"; else echo "----- $name: FAILED ($((SECONDS - t0)) s)"; failed+=("$name"); fi
}
step typecheck npm run --silent typecheck
step unit npx vitest run
step engine bash -c 'cd engine && ../.venv/bin/python -m pytest -q'
step e2e npx vitest run --config vitest.e2e.config.ts

if [ ${#failed[@]} -eq 0 ]; then echo "SSP Studio tests: ALL PASSED"; else echo "SSP Studio tests: FAILED (${failed[*]})"; exit 1; fi
