# Shared steps of the fuzz smoke scripts (schema/fuzz, core/fuzz, collab/fuzz smoke.sh), which
# source this file from their own folder.
#
# cargo-fuzz needs nightly compiler flags. A nightly toolchain is used as is; with a stable
# one, RUSTC_BOOTSTRAP=1 unlocks them. No sanitizer is used (`-s none`): the crates are safe
# Rust, and this keeps the build fast and independent of sanitizer runtimes.

# Succeeds when cargo-fuzz is installed and prepares the environment for its native,
# instrumented build; otherwise says the fuzzing is skipped and fails (the caller exits 0).
fuzz_prepare() {
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "fuzz: skipped (cargo-fuzz not installed; install it with: cargo install cargo-fuzz)"
        return 1
    fi
    # Keep wasm and shared-target settings of the caller out of this build.
    unset RUSTC RUSTDOC RUSTFLAGS CARGO_BUILD_TARGET CARGO_UNSTABLE_BUILD_STD CARGO_TARGET_DIR
    if ! rustc --version | grep -q nightly; then
        export RUSTC_BOOTSTRAP=1
    fi
    mkdir -p target
}

# Builds fuzz target $1 and runs it for $2 seconds over corpus/$1; prints libFuzzer's summary
# (the execution count among it) and, on a crash, the log's end and where the input is
# (artifacts/$1/ of the fuzz crate $3, e.g. schema/fuzz), then exits with libFuzzer's status.
fuzz_run() {
    local target="$1" seconds="$2" crate="$3"
    local log="target/smoke-$target.log" status=0
    echo "fuzz: building the $target target"
    cargo fuzz build -s none "$target"
    echo "fuzz: running the $target target for ${seconds}s"
    cargo fuzz run -s none "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 \
        >"$log" 2>&1 || status=$?
    grep -E '^(Done|==[0-9]+==|SUMMARY|Test unit written)|panicked' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        echo "fuzz: $target FAILED (exit $status); crash inputs are in $crate/artifacts/$target/" >&2
        exit "$status"
    fi
}
