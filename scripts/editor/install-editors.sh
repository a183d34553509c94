#!/usr/bin/env bash
# Installs the editors the in-editor tests drive: Debian's Chromium and Neovim, and code-server 4.100.3
# (the real VS Code 1.100.3 workbench, runnable offline) plus playwright-core, into a cache folder OUTSIDE
# the repository so that repeated runs reuse it and the .vsix never sees it. Idempotent.
# Offline fixes (no download at install time): code-server's postinstall refuses root (unsafe_perm), its
# kerberos module needs libkrb5-dev, @vscode/ripgrep would download rg (its cache is seeded with Debian's rg),
# and node-pty runs `npx node-gyp` (npm_config_yes).
set -euo pipefail

CACHE="${PACKETWALK_EDITOR_CACHE:-/var/cache/packetwalk-editors}"
CODE_SERVER_VERSION=4.100.3

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v nvim >/dev/null || need_apt+=(neovim)
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  echo "install-editors: apt-get install ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need_apt[@]}" \
    || { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need_apt[@]}"; }
fi

if [ -x "$CACHE/node_modules/.bin/code-server" ] && [ -d "$CACHE/node_modules/playwright-core" ] \
   && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CACHE/node_modules/code-server/package.json"; then
  echo "install-editors: code-server $CODE_SERVER_VERSION already in $CACHE"
  exit 0
fi

mkdir -p "$CACHE"
# @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg instead.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_TAR" ]; then
  mkdir -p "$RG_CACHE"
  seed="$(mktemp -d)"
  cp "$(command -v rg)" "$seed/rg"
  tar -czf "$RG_TAR" -C "$seed" rg
  rm -rf "$seed"
fi

cd "$CACHE"
[ -f package.json ] || echo '{ "name": "packetwalk-editors", "private": true }' > package.json
# unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp`.
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --foreground-scripts \
  "code-server@$CODE_SERVER_VERSION" playwright-core
echo "install-editors: code-server $CODE_SERVER_VERSION installed in $CACHE"
