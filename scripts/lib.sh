# Shared settings for the scripts in this folder; sourced, not run.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# cargo-installed tools (wasm-bindgen-test-runner; trunk for `scripts/serve --watch`) live in
# ~/.cargo/bin.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) PATH="$CARGO_BIN:$PATH" ;;
esac
export PATH

# Headless Chromium from Debian's packages, for wasm-bindgen-test and the e2e tests.
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# Trunk (`scripts/serve --watch`) must never download anything: it uses the wasm-bindgen on PATH.
export TRUNK_SKIP_VERSION_CHECK=true

# The wasm-bindgen version pinned by Cargo.lock; wasm-bindgen-cli must match it exactly.
wasm_bindgen_version() {
  awk '
    /^\[\[package\]\]/ { name = "" }
    /^name = / { name = $3; gsub(/"/, "", name) }
    /^version = / && name == "wasm-bindgen" { v = $3; gsub(/"/, "", v); print v; exit }
  ' "$REPO_ROOT/Cargo.lock"
}

log() { printf '== %s\n' "$*" >&2; }

# Run "$@" and print how long it took (to stderr).
timed() {
  local label="$1"; shift
  local start=$SECONDS
  "$@"
  printf '   (%s took %ss)\n' "$label" "$((SECONDS - start))" >&2
}
