#!/usr/bin/env bash
# Installs everything SSP Studio needs on a fresh machine; safe to re-run (each step is skipped when already done).
#   system: Chromium (e2e tests) and ffmpeg via apt when missing and we are root
#   node:   npm ci (better-sqlite3 compiles; onnxruntime-node's CUDA download is skipped by .npmrc)
#   python: .venv with the training engine (engine/, editable) and its test tools
#   build:  the Electron bundles and the browser UI (out/)
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n[setup] %s\n' "$*"; }

need_apt=()
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need_apt+=(chromium)
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    log "missing system packages: ${need_apt[*]} — install them (e.g. sudo apt-get install ${need_apt[*]}); continuing"
  fi
fi

# Node headers from the distro let better-sqlite3 compile without downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi
export ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}"
stamp=node_modules/.ssp-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

py=.venv/bin/python
if [ ! -x "$py" ]; then
  log "python venv .venv"
  python3 -m venv .venv
fi
pystamp=.venv/.ssp-installed
if [ ! -f "$pystamp" ] || [ engine/pyproject.toml -nt "$pystamp" ]; then
  log "pip install -e engine[test,bench] (torch is large; first run takes a few minutes)"
  "$py" -m pip install -q --upgrade pip
  "$py" -m pip install -q -e 'engine[test,bench]'
  touch "$pystamp"
fi

log "build"
npx electron-vite build >/dev/null
npx vite build --config vite.web.config.ts --logLevel warn
log "done"
