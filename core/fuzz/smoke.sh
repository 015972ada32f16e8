#!/usr/bin/env bash
# Runs each fuzz target of the core's inputs (share_link, csv_import) briefly (FUZZ_SECONDS
# each, default 20) when cargo-fuzz is installed; otherwise says so and succeeds. A crash
# found by the fuzzer fails the script. Long runs: FUZZ_SECONDS=900 core/fuzz/smoke.sh.
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

seconds="${FUZZ_SECONDS:-20}"
examples=(../../public/examples/bank-loan.json ../../public/examples/hotel-stay.json ../../public/examples/pharmacy-prescription.json)

# Seeds. Each input's first byte picks a mode (see the targets): for share_link 0 = text of a
# link, 1 = DEFLATE data, 2 = JSON; for csv_import even = a new blueprint, odd = into an example.
mkdir -p corpus/share_link corpus/csv_import
python3 - "${examples[@]}" <<'PY'
import base64, sys, zlib
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    name = path.rsplit("/", 1)[-1]
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = raw.compress(data) + raw.flush()
    link = "https://stageline.example/#/view/1" + base64.urlsafe_b64encode(deflated).decode().rstrip("=")
    open(f"corpus/share_link/text-{name}", "wb").write(b"\x00" + (link + "?lanes=executives&dim=1").encode())
    open(f"corpus/share_link/deflate-{name}", "wb").write(b"\x01" + deflated)
    open(f"corpus/share_link/json-{name}", "wb").write(b"\x02" + data)
PY
for seed in seeds/csv/*.csv; do
    name="$(basename "$seed")"
    { printf '\000'; cat "$seed"; } >"corpus/csv_import/new-$name"
    { printf '\001'; cat "$seed"; } >"corpus/csv_import/into-$name"
done

mkdir -p target
status=0
for target in share_link csv_import; do
    echo "fuzz: building the $target target"
    cargo fuzz build -s none "$target"
    echo "fuzz: running the $target target for ${seconds}s"
    log="target/smoke-$target.log"
    cargo fuzz run -s none "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 \
        >"$log" 2>&1 || status=$?
    grep -E '^(Done|==[0-9]+==|SUMMARY|Test unit written)|panicked' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        echo "fuzz: $target FAILED (exit $status); crash inputs are in core/fuzz/artifacts/$target/" >&2
        exit "$status"
    fi
done
echo "fuzz: ok"
