#!/usr/bin/env bash
# Runs each fuzz target of the core's inputs (share_link, csv_import) briefly (FUZZ_SECONDS
# each, default 20) when cargo-fuzz is installed; otherwise says so and succeeds. A crash
# found by the fuzzer fails the script. Long runs: FUZZ_SECONDS=900 core/fuzz/smoke.sh.
#
# Shared steps: scripts/lib/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")"
source ../../scripts/lib/fuzz.sh
fuzz_prepare || exit 0

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

for target in share_link csv_import; do
    fuzz_run "$target" "$seconds" core/fuzz
done
echo "fuzz: ok"
