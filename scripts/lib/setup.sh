# shellcheck shell=bash
# Shared set-up for scripts/serve and scripts/test: installs whatever is missing, idempotently.
#
# Sourced, not run. Each step checks first and installs only what is absent, so a warm machine
# goes through this in seconds. Every network call is bounded by `timeout`, so a closed network
# fails (or falls back) instead of hanging. See README.md, "What the two commands install".

set -euo pipefail

STAGELINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export STAGELINE_ROOT
cd "$STAGELINE_ROOT"

# The versions this repository builds with.
TRUNK_VERSION="0.21.14"
CARGO_FUZZ_VERSION="0.13.2"
# wasm-bindgen's CLI must equal the library in Cargo.lock, byte for byte in version.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Install the Debian packages that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
  log "Installing Debian packages: ${missing[*]}"
  if [ -z "${STAGELINE_APT_UPDATED:-}" ]; then
    timeout 300 "${SUDO[@]}" apt-get update -qq || log "apt-get update failed; trying with the cached package lists"
    STAGELINE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive timeout 1500 "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Is the internet (beyond package registries) reachable? Decides rustup's path vs Debian's.
can_reach() { timeout 8 curl -fsSI "$1" >/dev/null 2>&1; }

ensure_base() {
  apt_install ca-certificates curl python3 gzip
  if ! command -v cargo >/dev/null; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
      log "Installing Rust with rustup"
      can_reach https://sh.rustup.rs || die "no cargo, and rustup.rs cannot be reached: install Rust first"
      timeout 900 sh -c 'curl -fsSL https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt'
    }
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
}

# Choose how to build for wasm32: rustup's target where it exists or can be fetched, otherwise
# Debian's wasm-capable compiler building the standard library from source (TOOLCHAIN notes).
# Sets WASM_ENV, the environment wasm builds run with (host builds never see it).
ensure_wasm_target() {
  WASM_ENV=("CARGO_TARGET_DIR=$STAGELINE_ROOT/target/wasm")
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    return 0
  fi
  if ! dpkg-query -W -f='${Status}' rustc-web 2>/dev/null | grep -q "install ok installed" \
    && command -v rustup >/dev/null && can_reach https://static.rust-lang.org; then
    log "Adding the wasm32-unknown-unknown target with rustup"
    if timeout 300 rustup target add wasm32-unknown-unknown; then return 0; fi
    log "rustup could not add the target; using Debian's wasm-capable compiler instead"
  fi
  apt_install rustc-web cargo-web rust-web-src
  local lld
  lld="$(rustc --print sysroot 2>/dev/null)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  if [ ! -x "$lld" ]; then
    apt_install lld
    lld="$(command -v wasm-ld || ls /usr/bin/wasm-ld* 2>/dev/null | head -n1 || true)"
    [ -n "$lld" ] || die "no WebAssembly linker found (rust-lld or wasm-ld)"
  fi
  WASM_ENV+=(
    RUSTC=/usr/bin/rustc
    RUSTDOC=/usr/bin/rustdoc
    RUSTC_BOOTSTRAP=1
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$lld"
  )
}

# Run a command (trunk, cargo) in the wasm build environment.
wasm_env() { env "${WASM_ENV[@]}" "$@"; }

# `cargo install` a tool at an exact version unless that version is already on PATH.
cargo_tool() {
  local crate="$1" bin="$2" version="$3"; shift 3
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -qF " $version"; then
    return 0
  fi
  log "Installing $crate $version (cargo install; several minutes the first time)"
  timeout 2400 cargo install "$crate" --version "=$version" "$@"
}

ensure_build_tools() {
  ensure_base
  ensure_wasm_target
  [ -n "$WASM_BINDGEN_VERSION" ] || die "wasm-bindgen not found in Cargo.lock"
  grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml \
    || die "Trunk.toml [tools] wasm_bindgen must be $WASM_BINDGEN_VERSION, as in Cargo.lock"
  cargo_tool trunk trunk "$TRUNK_VERSION" --locked
  # `--locked` fails for this crate on crates.io today (a locked dependency was yanked).
  cargo_tool wasm-bindgen-cli wasm-bindgen "$WASM_BINDGEN_VERSION"
  ensure_node_packages
  # wasm-opt from npm's binaryen: Debian's binaryen (108) breaks current wasm-bindgen output.
  export PATH="$STAGELINE_ROOT/node_modules/.bin:$PATH"
}

ensure_node_packages() {
  if [ ! -d node_modules/binaryen ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "Installing node packages (wasm-opt, playwright-core, axe-core, Lighthouse, Ajv)"
    timeout 600 npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_test_tools() {
  ensure_build_tools
  apt_install chromium chromium-driver fonts-dejavu-core brotli
  # The fuzzer for the schema's load path (a short run is part of the tests).
  cargo_tool cargo-fuzz cargo-fuzz "$CARGO_FUZZ_VERSION"
  rustup component list --installed 2>/dev/null | grep -q '^clippy' \
    || timeout 300 rustup component add clippy rustfmt || true
  ensure_python_tools
}

# Python's jsonschema, pinned in tests/schema/requirements.txt, in a venv under target/py: the
# browser suite checks the published JSON Schema with it (tests/schema/validate.py). Skipped
# when the venv already holds exactly those requirements.
PY_VENV="$STAGELINE_ROOT/target/py"
ensure_python_tools() {
  local requirements="$STAGELINE_ROOT/tests/schema/requirements.txt"
  if [ -x "$PY_VENV/bin/python" ] && cmp -s "$requirements" "$PY_VENV/requirements.txt"; then
    return 0
  fi
  # Debian's python3 makes venvs only with python3-venv (ensurepip); other Pythons have it.
  python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
  log "Installing Python's jsonschema into target/py"
  rm -rf "$PY_VENV"
  timeout 120 python3 -m venv "$PY_VENV"
  timeout 600 "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
    --timeout 60 -r "$requirements"
  cp "$requirements" "$PY_VENV/requirements.txt"
}

# Build the release app into dist/ (wasm-opt -Oz, CSP hashes filled in).
build_release() {
  log "Building the release app into dist/"
  wasm_env trunk build --release "$@"
}
