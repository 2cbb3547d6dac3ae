#!/usr/bin/env bash
# Interoperability of microcred's eddsa-rdfc-2022 with Digital Bazaar's reference JavaScript
# libraries (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022-cryptosuite, ed25519-multikey),
# offline. An EDC micro-credential signed by microcred must verify in JavaScript, one signed in
# JavaScript must verify in microcred, and a tampered copy must fail in both.
#
# Usage: .ci/interop/sign/run.sh [PATH-TO-microcred]
#   Without an argument the binary is built with `cargo run -q -p microcred-cli --`.
# Needs Node.js >= 20 and npm (installs the pinned packages with `npm ci`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
sample="$root/crates/microcred-sign/tests/vectors/elm/Sample-MC-Annex1-unsigned.jsonld"

if [[ $# -ge 1 ]]; then
  microcred=("$1")
else
  microcred=(cargo run -q --manifest-path "$root/Cargo.toml" -p microcred-cli --)
fi

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
check() { # check NAME EXPECTED-EXIT COMMAND...
  local name="$1" expected="$2"; shift 2
  local status=0
  "$@" >"$work/out.txt" 2>&1 || status=$?
  if [[ "$status" -eq "$expected" ]]; then
    echo "ok   $name"
  else
    echo "FAIL $name: exit $status, expected $expected"
    sed 's/^/     /' "$work/out.txt"
    failures=$((failures + 1))
  fi
}

# 1. Signed by microcred, verified by Digital Bazaar.
did="$("${microcred[@]}" keygen --out "$work/issuer.pem")"
node "$here/interop.mjs" prepare "$sample" "$did" "$work/credential.json"
"${microcred[@]}" sign --key "$work/issuer.pem" "$work/credential.json" >"$work/rust-signed.json"
node "$here/interop.mjs" tamper "$work/rust-signed.json" "$work/rust-tampered.json"
check "microcred-signed EDC credential verifies in @digitalbazaar/vc" 0 node "$here/interop.mjs" verify "$work/rust-signed.json"
check "tampered microcred-signed credential fails in @digitalbazaar/vc" 1 node "$here/interop.mjs" verify "$work/rust-tampered.json"
check "microcred-signed EDC credential verifies in microcred" 0 "${microcred[@]}" verify "$work/rust-signed.json"

# 2. Signed by Digital Bazaar, verified by microcred.
js_did="$(node "$here/interop.mjs" issue "$sample" "$work/js-signed.json")"
node "$here/interop.mjs" tamper "$work/js-signed.json" "$work/js-tampered.json"
check "JS-signed EDC credential verifies in @digitalbazaar/vc" 0 node "$here/interop.mjs" verify "$work/js-signed.json"
check "JS-signed EDC credential verifies in microcred" 0 "${microcred[@]}" verify "$work/js-signed.json" --trust "$js_did"
check "tampered JS-signed credential fails in microcred" 1 "${microcred[@]}" verify "$work/js-tampered.json"

if [[ "$failures" -ne 0 ]]; then
  echo "interop/sign: $failures check(s) failed"
  exit 1
fi
echo "interop/sign: all checks passed"
