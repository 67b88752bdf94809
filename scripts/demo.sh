#!/usr/bin/env bash
# Sets up a fresh machine and starts SSP Studio on the bundled synthetic demo dataset:
# the Electron window where Electron can run (a display and its binary), otherwise the web host in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
demo=resources/demo-dataset
if [ ! -f "$demo/metadata.csv" ]; then
  echo "[demo] generating the synthetic demo dataset in $demo"
  node bin/ssp-studio.mjs synth --out "$demo" --videos 12 --seed 7
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${SSP_STUDIO_WEB:-}" != 1 ]; then
  SSP_STUDIO_OPEN_DATASET="$PWD/$demo" node scripts/start.mjs && exit 0
  echo "[demo] Electron is not available here; starting the web host instead."
fi
exec node bin/ssp-studio.mjs serve --open-dataset "$demo" "$@"
