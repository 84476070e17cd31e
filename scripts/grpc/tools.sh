#!/usr/bin/env bash
# Builds the protobuf toolchain from the Go module proxy into a cache outside
# the repo, keyed by version: ${CKP_CACHE_DIR:-$HOME/.cache/ckp}/grpc/<tool>-<version>/bin.
#   buf     — lints proto/, checks it for breaking changes, generates the TypeScript
#   grpcurl — the native gRPC client the tests and docs/grpc.md use (reflection)
# Idempotent: a tool already built is reused. Prints nothing else on stdout
# than the directory holding both binaries when called with --print-bin.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
cache=${CKP_CACHE_DIR:-$HOME/.cache/ckp}/grpc
bin=$cache/bin-buf-$BUF_VERSION-grpcurl-$GRPCURL_VERSION

build() {
  local name=$1 pkg=$2 version=$3
  if [[ -x $bin/$name ]]; then return; fi
  command -v go >/dev/null || { echo "go is required to build $name" >&2; exit 1; }
  local t=$SECONDS
  mkdir -p "$bin"
  CGO_ENABLED=0 GOTOOLCHAIN=${GRPC_GOTOOLCHAIN:-auto} GOBIN="$bin.partial-$name" go install -trimpath -ldflags "-s -w" "$pkg@$version" >&2
  mv "$bin.partial-$name/$name" "$bin/$name"
  rmdir "$bin.partial-$name"
  echo "$name $version built in $((SECONDS - t))s" >&2
}

build buf github.com/bufbuild/buf/cmd/buf "$BUF_VERSION"
build grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION"
if [[ ${1:-} == --print-bin ]]; then echo "$bin"; else echo "buf and grpcurl in $bin" >&2; fi
