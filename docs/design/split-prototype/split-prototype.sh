#!/usr/bin/env bash
# Prototype of issue 21's module split (see first-screen.md beside this script): applies
# split-prototype.patch to a fresh git worktree of Stageline, builds it with Trunk 0.21 through a
# wasm-bindgen wrapper that runs wasm-split-cli first, and prints each part's raw/gzip/brotli size.
#
#   bash /work/notes/split-prototype.sh [COMMIT] [DIST]
#     COMMIT  what to build (default c29e09c, the commit the patch was made on)
#     DIST    where the build goes (default /tmp/dist-split)
#
# Needs what scripts/lib/setup.sh installs (trunk 0.21.14, wasm-bindgen 0.2.130, node_modules
# with wasm-opt) and installs wasm-split-cli 0.2.4 into target/split-tools. Runs niced; one build.
set -euo pipefail
REPO=/work/main
COMMIT="${1:-c29e09c}"
DIST="${2:-/tmp/dist-split}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WT=/tmp/wt-split
TOOLS="$REPO/target/split-tools"
export CARGO_TARGET_DIR="$REPO/target/split"

# 1. wasm-split-cli: the binary of the crate cargo-leptos uses for `--split` (wasm_split_cli_support).
if ! [ -x "$TOOLS/bin/wasm-split-cli" ]; then
  nice -n 15 timeout 900 cargo install --locked wasm_split_cli_support --version 0.2.4 \
    --features build-binary --root "$TOOLS"
fi

# 2. A worktree with the patch: build.rs (--emit-relocs for the wasm link), the wrapper
#    scripts/lib/wasm-split/wasm-bindgen, postbuild.py's place_split_chunks, six #[lazy] parts.
if ! [ -d "$WT" ]; then
  git -C "$REPO" worktree add --detach "$WT" "$COMMIT"
  git -C "$WT" apply "$HERE/split-prototype.patch"
  chmod +x "$WT/scripts/lib/wasm-split/wasm-bindgen"
fi
[ -e "$WT/node_modules" ] || ln -s "$REPO/node_modules" "$WT/node_modules"

# 3. Trunk as scripts/build runs it, with the wrapper first on PATH (Trunk checks its --version).
export STAGELINE_WORKSHOP_SERVER="${STAGELINE_WORKSHOP_SERVER:-ws://127.0.0.1:18080}"
export PATH="$WT/scripts/lib/wasm-split:$TOOLS/bin:$REPO/node_modules/.bin:$HOME/.cargo/bin:$PATH"
(cd "$WT" && nice -n 15 trunk build --release --dist "$DIST")

# 4. Sizes of each part (postbuild.py wrote the .gz and .br copies).
cd "$DIST"
printf '%-70s %9s %9s %9s\n' file raw gzip brotli
for f in *.wasm *.js; do
  [ "$f" = sw.js ] && continue
  printf '%-70s %9d %9d %9d\n' "$f" "$(stat -c%s "$f")" "$(stat -c%s "$f.gz")" "$(stat -c%s "$f.br")"
done
