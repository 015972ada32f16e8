#!/usr/bin/env bash
# Runs the `load` fuzz target briefly (FUZZ_SECONDS, default 30) when cargo-fuzz is installed;
# otherwise says so and succeeds. A crash found by the fuzzer fails the script. Long runs:
# FUZZ_SECONDS=1800 schema/fuzz/smoke.sh. Shared steps: scripts/lib/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")"
source ../../scripts/lib/fuzz.sh
fuzz_prepare || exit 0

# Seeds: every fixture and the bundled templates.
mkdir -p corpus/load
cp ../tests/fixtures/v1/*.json ../tests/fixtures/repair/*.json ../../public/examples/*.json corpus/load/

fuzz_run load "${FUZZ_SECONDS:-30}" schema/fuzz
echo "fuzz: ok"
