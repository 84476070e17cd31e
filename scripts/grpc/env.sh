# Sourced by the scripts here: buf and grpcurl (built and cached by tools.sh)
# and protoc-gen-es (node_modules) on PATH, the repo root as the working directory.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
PATH="$(bash scripts/grpc/tools.sh --print-bin):$root/node_modules/.bin:$PATH"
export PATH
