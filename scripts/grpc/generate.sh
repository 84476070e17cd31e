#!/usr/bin/env bash
# Regenerates the TypeScript of proto/ (protoc-gen-es) into functions/grpc/gen.
# The generated code is committed, so building, type checking and running the
# control plane need neither buf nor Go; check.sh fails when it is stale.
set -euo pipefail
source "$(dirname "$0")/env.sh"
buf generate proto --template proto/buf.gen.yaml
echo "generated functions/grpc/gen from proto/"
