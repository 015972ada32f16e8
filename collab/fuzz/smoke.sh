#!/usr/bin/env bash
# Runs the `peer_message` fuzz target (a peer's sync and awareness messages, a tab's messages,
# a stored state) briefly (FUZZ_SECONDS, default 30) when cargo-fuzz is installed; otherwise
# says so and succeeds. A crash found by the fuzzer fails the script. Long runs:
# FUZZ_SECONDS=1800 collab/fuzz/smoke.sh (prints libFuzzer's execution count at the end).
#
# Like schema/fuzz/smoke.sh: nightly compiler flags through RUSTC_BOOTSTRAP=1 on a stable
# toolchain, no sanitizer (`-s none`: safe Rust, and a fast build without sanitizer runtimes).
set -euo pipefail
cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: skipped (cargo-fuzz not installed; install it with: cargo install cargo-fuzz)"
    exit 0
fi

# Keep wasm and shared-target settings of the caller out of this native, instrumented build.
unset RUSTC RUSTDOC RUSTFLAGS CARGO_BUILD_TARGET CARGO_UNSTABLE_BUILD_STD CARGO_TARGET_DIR
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

seconds="${FUZZ_SECONDS:-30}"
corpus=corpus/peer_message
mkdir -p "$corpus"
# Seeds: real messages the engine sends (step 1, step 2, an update, awareness, a tab's hello, a
# stored state, several messages in one input); the first byte picks the way in (see the target).
cp seeds/* "$corpus"/

echo "fuzz: building the peer_message target"
cargo fuzz build -s none peer_message
echo "fuzz: running the peer_message target for ${seconds}s"
mkdir -p target
log=target/smoke.log
status=0
cargo fuzz run -s none peer_message "$corpus" -- -max_total_time="$seconds" -max_len=65536 \
    >"$log" 2>&1 || status=$?
grep -E '^(Done|==[0-9]+==|SUMMARY|Test unit written)|panicked' "$log" || true
if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz: FAILED (exit $status); crash inputs are in collab/fuzz/artifacts/peer_message/" >&2
    exit "$status"
fi
echo "fuzz: ok"
