#!/usr/bin/env bash
# Runs the `peer_message` fuzz target (a peer's sync and awareness messages, a tab's messages,
# a stored state) briefly (FUZZ_SECONDS, default 30) when cargo-fuzz is installed; otherwise
# says so and succeeds. A crash found by the fuzzer fails the script. Long runs:
# FUZZ_SECONDS=1800 collab/fuzz/smoke.sh (prints libFuzzer's execution count at the end).
# Shared steps: scripts/lib/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")"
source ../../scripts/lib/fuzz.sh
fuzz_prepare || exit 0

seconds="${FUZZ_SECONDS:-30}"
corpus=corpus/peer_message
mkdir -p "$corpus"
# Seeds: real messages the engine sends (step 1, step 2, an update, awareness, a tab's hello, a
# stored state, several messages in one input); the first byte picks the way in (see the target).
cp seeds/* "$corpus"/

fuzz_run peer_message "$seconds" collab/fuzz
echo "fuzz: ok"
