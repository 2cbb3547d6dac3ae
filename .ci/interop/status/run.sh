#!/usr/bin/env bash
# Interop round trip of Bitstring Status List encodings between microcred and
# @digitalbazaar/vc-bitstring-status-list (npm registry only; no other network).
#
#   .ci/interop/status/run.sh target/debug/microcred
#
# Exits non-zero on any mismatch.
set -euo pipefail
bin="$(realpath "${1:?usage: run.sh PATH/TO/microcred}")"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
node run.js "$bin" "$here/../../../crates/microcred-status/tests/vectors/vectors.json"
