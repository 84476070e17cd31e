#!/usr/bin/env bash
# The protobuf contracts' checks, run by .ci/run:
#   1. buf lint (proto/buf.yaml: STANDARD and service/RPC comments);
#   2. buf breaking against proto/breaking-baseline.json, the contract as
#      committed — a fresh clone of main has it, and comparing main with itself
#      would check nothing; and, on a branch other than main, also against
#      main's proto/ (.git#branch=main) when main has one;
#   3. the generated TypeScript (functions/grpc/gen) is what proto/ generates.
# A deliberate breaking change (a new major version is the better way) updates
# the baseline with: bash scripts/grpc/check.sh --update-baseline
set -euo pipefail
source "$(dirname "$0")/env.sh"
baseline=proto/breaking-baseline.json

if [[ ${1:-} == --update-baseline ]]; then
  buf build proto --exclude-source-info -o "$baseline"
  echo "wrote $baseline"
  exit 0
fi

echo "buf lint proto"
buf lint proto

echo "buf breaking proto --against $baseline"
buf breaking proto --against "$baseline"

if git rev-parse --verify -q main >/dev/null && git cat-file -e main:proto/buf.yaml 2>/dev/null \
  && [[ $(git rev-parse HEAD) != $(git rev-parse main) ]]; then
  echo "buf breaking proto --against .git#branch=main,subdir=proto"
  buf breaking proto --against ".git#branch=main,subdir=proto"
fi

echo "generated TypeScript is current"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
buf generate proto --template proto/buf.gen.yaml -o "$tmp"
if ! diff -r "$tmp/functions/grpc/gen" functions/grpc/gen >/dev/null; then
  diff -r "$tmp/functions/grpc/gen" functions/grpc/gen | head -20 >&2
  echo "functions/grpc/gen is stale: run bash scripts/grpc/generate.sh and commit it" >&2
  exit 1
fi
echo "protobuf contracts: lint, breaking and generated code OK"
