#!/usr/bin/env bash
# Runs the `load` fuzz target briefly (FUZZ_SECONDS, default 30) when cargo-fuzz is installed;
# otherwise says so and succeeds. A crash found by the fuzzer fails the script.
#
# cargo-fuzz needs nightly compiler flags. A nightly toolchain is used as is; with a stable
# one, RUSTC_BOOTSTRAP=1 unlocks them. No sanitizer is used (`-s none`): the crate is safe
# Rust, and this keeps the build fast and independent of sanitizer runtimes.
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
corpus=corpus/load
mkdir -p "$corpus"
cp ../tests/fixtures/v1/*.json ../tests/fixtures/repair/*.json ../../public/examples/*.json "$corpus"/

echo "fuzz: building the load target"
cargo fuzz build -s none load
echo "fuzz: running the load target for ${seconds}s"
mkdir -p target
log=target/smoke.log
status=0
cargo fuzz run -s none load "$corpus" -- -max_total_time="$seconds" -max_len=65536 >"$log" 2>&1 || status=$?
grep -E '^(Done|==[0-9]+==|SUMMARY|Test unit written)|panicked' "$log" || true
if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz: FAILED (exit $status); crash inputs are in schema/fuzz/artifacts/load/" >&2
    exit "$status"
fi
echo "fuzz: ok"
