#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for Switchboard.
#   scripts/setup-debian.sh test   Debian packages the tests need + npm ci without the Electron binary
#   scripts/setup-debian.sh app    the same, plus the Electron binary (needs access to Electron's downloads)
set -euo pipefail
mode="${1:-test}"
case "$mode" in test|app) ;; *) echo "usage: $0 test|app" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# chromium: capture tests and the UI harness; apertium: the offline translation engine
# and its tests; fonts-noto-cjk: Chinese text in screenshots and PDF exports; postgresql: the
# team archive server and its tests (they run private clusters in temp folders).
packages=(chromium apertium-apy apertium-eng-spa fonts-noto-cjk ca-certificates postgresql)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "Switchboard needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# whatsapp-web.js wants full puppeteer, which downloads Chrome: package.json overrides it
# with puppeteer-core, and we use Debian's chromium.
export PUPPETEER_SKIP_DOWNLOAD=1
if [ "$mode" = test ]; then export ELECTRON_SKIP_BINARY_DOWNLOAD=1; fi
npm ci --no-audit --no-fund
echo "Setup done ($mode)."
