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
  # The release build writes brotli copies of its files (scripts/postbuild.py).
  apt_install brotli
  # wasm-opt from npm's binaryen: Debian's binaryen (108) breaks current wasm-bindgen output.
  export PATH="$STAGELINE_ROOT/node_modules/.bin:$PATH"
  ensure_wasm_split
}

# --- Splitting the app into parts that load on demand (ARCHITECTURE.md) ---------------------
# wasm-split-cli, the splitter cargo-leptos uses (crate wasm_split_cli_support, which must read
# the split points that Leptos' wasm_split_helpers in Cargo.lock writes), built once into
# target/tools from crates.io's download of the crate (checked against its SHA-256) with one
# change of ours (scripts/lib/wasm-split-cli-0.2.4.patch says what and why). It has no
# --version, so a stamp file says which version and patch are there. Then the wasm-bindgen
# wrapper in scripts/lib/wasm-split goes first on PATH, where Trunk looks for wasm-bindgen: it
# splits cargo's output before the real wasm-bindgen runs.
WASM_SPLIT_VERSION="0.2.4"
WASM_SPLIT_CRATE_SHA256="f6c1f994b196e31969f4cdbe37d051362659567efc0f5c90cb931a8a5cdc530f"
WASM_SPLIT_PATCH="$STAGELINE_ROOT/scripts/lib/wasm-split-cli-$WASM_SPLIT_VERSION.patch"
# The versions of wasm_split_helpers (in Cargo.lock, through Leptos) that this splitter reads.
WASM_SPLIT_HELPERS_READ="0.2.3"

# Unpacks crates.io's download of crate $1 at version $2, checked against its SHA-256 $3, into
# folder $4 (as $4/$1-$2), to be patched and built from source.
unpack_crate() {
  local name="$1" version="$2" sha="$3" into="$4"
  local file="$into/$name-$version.crate"
  timeout 300 curl -fsSL --retry 2 --max-time 120 -o "$file" \
    "https://static.crates.io/crates/$name/$name-$version.crate" \
    || die "could not download $name $version from crates.io"
  echo "$sha  $file" | sha256sum -c --quiet - \
    || die "the downloaded $name $version does not match crates.io's checksum"
  tar -xzf "$file" -C "$into"
}

# What the installed splitter was built from: the version and the hash of the patch's diff.
wasm_split_stamp() {
  printf 'wasm_split_cli_support %s, patch %s\n' "$WASM_SPLIT_VERSION" \
    "$(sed -n '/^--- /,$p' "$WASM_SPLIT_PATCH" | sha256sum | cut -d' ' -f1)"
}

ensure_wasm_split() {
  local tools="$STAGELINE_ROOT/target/tools" stamp="$STAGELINE_ROOT/target/tools/wasm-split.stamp"
  local helpers
  helpers="$(awk '/^name = "wasm_split_helpers"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
  case " $WASM_SPLIT_HELPERS_READ " in
    *" $helpers "*) ;;
    *) die "Cargo.lock has wasm_split_helpers $helpers; wasm_split_cli_support $WASM_SPLIT_VERSION is known to read only $WASM_SPLIT_HELPERS_READ (see scripts/lib/setup.sh)" ;;
  esac
  if [ ! -x "$tools/bin/wasm-split-cli" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$(wasm_split_stamp)" ]; then
    apt_install patch
    log "Installing wasm_split_cli_support $WASM_SPLIT_VERSION into target/tools (cargo install; about 3 minutes the first time)"
    local src="$tools/src-wasm-split" crate="wasm_split_cli_support-$WASM_SPLIT_VERSION"
    rm -rf "$src" && mkdir -p "$src"
    unpack_crate wasm_split_cli_support "$WASM_SPLIT_VERSION" "$WASM_SPLIT_CRATE_SHA256" "$src"
    patch -s -p1 -d "$src/$crate" <"$WASM_SPLIT_PATCH"
    env -u RUSTC -u RUSTDOC -u RUSTFLAGS -u CARGO_BUILD_TARGET -u CARGO_UNSTABLE_BUILD_STD \
      CARGO_TARGET_DIR="$tools/build-wasm-split" \
      timeout 2400 cargo install --path "$src/$crate" --features build-binary --locked --force --root "$tools"
    [ -x "$tools/bin/wasm-split-cli" ] || die "wasm-split-cli did not install into $tools/bin"
    wasm_split_stamp >"$stamp"
    rm -rf "$tools/build-wasm-split" "$src"
  fi
  case ":$PATH:" in *":$tools/bin:"*) ;; *) export PATH="$tools/bin:$PATH" ;; esac
  export PATH="$STAGELINE_ROOT/scripts/lib/wasm-split:$PATH"
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

# --- The workshop server (live workshops, see README "Live workshops: the server") ---------
# y-sweet, a Yjs sync server in Rust, built once from its crates.io source into the project-local
# root target/tools (a fresh clone builds it once; about 4 minutes cold on 2 cores), with
# three small fixes of ours applied first (scripts/lib/y-sweet-0.9.1.patch says why) to it and
# to its library y-sweet-core.
YSWEET_VERSION="0.9.1"
YSWEET_CRATE_SHA256="1409fea4e708269d55256c827f27645536e84da80635fa9b607b9528f3f49863"
YSWEET_CORE_CRATE_SHA256="b5683438fd5c110c93cfba2c8191a051eebb4ad6eaa76553286030b3655de79b"
YSWEET_PATCH="$STAGELINE_ROOT/scripts/lib/y-sweet-$YSWEET_VERSION.patch"
WORKSHOP_TOOLS="$STAGELINE_ROOT/target/tools"
WORKSHOP_SERVER_BIN="$WORKSHOP_TOOLS/bin/y-sweet"

# What the installed server was built from: the version and the hash of the patch's diff (its
# description above the diff can change without a rebuild).
workshop_server_stamp() {
  printf 'y-sweet %s, patch %s\n' "$YSWEET_VERSION" "$(sed -n '/^--- /,$p' "$YSWEET_PATCH" | sha256sum | cut -d' ' -f1)"
}

# Installs y-sweet $YSWEET_VERSION with the patch into target/tools unless exactly that build
# is there. The source is crates.io's own download of the crate (checked against its SHA-256);
# `--locked` builds it with the dependency versions its authors published (its Cargo.lock).
ensure_workshop_server() {
  local stamp="$WORKSHOP_TOOLS/y-sweet.stamp"
  if [ -x "$WORKSHOP_SERVER_BIN" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(workshop_server_stamp)" ]; then
    return 0
  fi
  ensure_base
  apt_install patch
  log "Installing the workshop server y-sweet $YSWEET_VERSION into target/tools (cargo install; about 4 minutes the first time)"
  local src="$WORKSHOP_TOOLS/src"
  rm -rf "$src" && mkdir -p "$src"
  local crate sha
  for crate in y-sweet y-sweet-core; do
    if [ "$crate" = y-sweet ]; then sha="$YSWEET_CRATE_SHA256"; else sha="$YSWEET_CORE_CRATE_SHA256"; fi
    unpack_crate "$crate" "$YSWEET_VERSION" "$sha" "$src"
  done
  # The patch also makes the unpacked y-sweet a workspace of its own (it lies inside this
  # repository's) that builds against the patched y-sweet-core beside it.
  patch -s -p1 -d "$src" <"$YSWEET_PATCH"
  # Keep wasm settings of the caller out of this native build.
  env -u RUSTC -u RUSTDOC -u RUSTFLAGS -u CARGO_BUILD_TARGET -u CARGO_UNSTABLE_BUILD_STD \
    CARGO_TARGET_DIR="$WORKSHOP_TOOLS/build" \
    timeout 2400 cargo install --path "$src/y-sweet-$YSWEET_VERSION" --locked --force --root "$WORKSHOP_TOOLS"
  [ "$("$WORKSHOP_SERVER_BIN" version 2>/dev/null)" = "$YSWEET_VERSION" ] \
    || die "y-sweet $YSWEET_VERSION did not install into $WORKSHOP_TOOLS"
  workshop_server_stamp >"$stamp"
  rm -rf "$WORKSHOP_TOOLS/build"
}

# Starts the workshop server for the tests on 127.0.0.1:$1 with a new, empty data folder, and
# exports what the tests use (tests/workshop/server.mjs reads it):
#   STAGELINE_WORKSHOP_URL      ws://127.0.0.1:<port>, the address the test build allows
#   STAGELINE_WORKSHOP_DATA     its data folder (temporary)
#   STAGELINE_WORKSHOP_PIDFILE  holds its process ID (tests that restart it keep it current)
#   STAGELINE_WORKSHOP_BIN, STAGELINE_WORKSHOP_LOG  the binary and its log
# The caller stops it with stop_test_workshop_server (scripts/test does so in an EXIT trap).
start_test_workshop_server() {
  local port="$1"
  ensure_workshop_server
  STAGELINE_WORKSHOP_TMP="$(mktemp -d "${TMPDIR:-/tmp}/stageline-workshop-test.XXXXXX")"
  export STAGELINE_WORKSHOP_URL="ws://127.0.0.1:$port"
  export STAGELINE_WORKSHOP_DATA="$STAGELINE_WORKSHOP_TMP/data"
  export STAGELINE_WORKSHOP_PIDFILE="$STAGELINE_WORKSHOP_TMP/pid"
  export STAGELINE_WORKSHOP_LOG="$STAGELINE_WORKSHOP_TMP/server.log"
  export STAGELINE_WORKSHOP_BIN="$WORKSHOP_SERVER_BIN"
  mkdir -p "$STAGELINE_WORKSHOP_DATA"
  node "$STAGELINE_ROOT/tests/workshop/server.mjs" start --port "$port" --dir "$STAGELINE_WORKSHOP_DATA" \
    --pidfile "$STAGELINE_WORKSHOP_PIDFILE" --log "$STAGELINE_WORKSHOP_LOG" --bin "$STAGELINE_WORKSHOP_BIN"
}

# Stops the test server started by start_test_workshop_server (whichever process the pid file
# names now) and removes its temporary folder. Safe to call twice or when none was started.
stop_test_workshop_server() {
  [ -n "${STAGELINE_WORKSHOP_TMP:-}" ] || return 0
  node "$STAGELINE_ROOT/tests/workshop/server.mjs" stop --pidfile "$STAGELINE_WORKSHOP_PIDFILE" || true
  rm -rf "$STAGELINE_WORKSHOP_TMP"
  STAGELINE_WORKSHOP_TMP=""
}
