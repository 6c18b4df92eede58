#!/usr/bin/env bash
# Prepares a Debian 12 machine for the end-to-end tests in e2e/: a real VS Code
# (code-server from the npm registry) driven by Debian's headless Chromium.
# Idempotent: on a prepared machine it only checks and returns in a few seconds.
# Needs root (or sudo) for apt-get; the npm registry and Debian's mirrors are the
# only network it uses.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# 1. Debian packages: headers for code-server's native modules, ripgrep for the
#    cache below, and the browser.
apt_packages=(libkrb5-dev ripgrep chromium)
missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "== apt packages present: ${apt_packages[*]}"
fi

# 2. @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this
#    archive (rg alone inside); Debian's rg stands in for it.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_archive" ]; then
  echo "== ripgrep cache $rg_archive"
  mkdir -p "$rg_cache"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$rg_archive" -C "$staging" rg
  rm -rf "$staging"
fi

# 3. The e2e package: code-server, playwright-core, vsce, mocha, esbuild.
#    unsafe_perm: code-server's postinstall refuses to run as root without it.
#    yes: node-pty's postinstall runs `npx node-gyp`, which would prompt.
#    The stamp skips npm when package.json and the lock file have not changed.
stamp="e2e/node_modules/.setup-e2e-stamp"
fingerprint() { cat e2e/package.json e2e/package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1 || true; }
want="$(fingerprint)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x e2e/node_modules/.bin/code-server ]; then
  echo "== e2e/node_modules up to date"
else
  echo "== npm install in e2e/"
  (cd e2e && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund)
  # npm may have rewritten the lock file: stamp what is there now.
  fingerprint > "$stamp"
fi

# Versions read from files: `code-server --version` would write a config file into $HOME.
code_server_version="$(node -p 'require("./e2e/node_modules/code-server/package.json").version')"
echo "== ready: code-server $code_server_version, $(/usr/bin/chromium --version 2>/dev/null)"
