#!/usr/bin/env bash
# Installs the local AWS engines used by scripts/local-stack/stack.ts into a cache dir:
#   - a JRE (>= 17) for DynamoDB Local
#   - DynamoDB Local 1.25.1 (taken from the npm package amplify-dynamodb-simulator, not a dependency)
#   - LocalStack 4.14.0 (SQS, S3, KMS) in a Python >= 3.12 venv
# Idempotent: a second run only checks what is there.
set -euo pipefail

CACHE="${CKP_CACHE_DIR:-$HOME/.cache/ckp}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

DDB_VERSION=1.25.1
DDB_NPM_PKG=amplify-dynamodb-simulator@2.9.30
DDB_JAR_SHA256=454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7
DDB_DIR="$CACHE/dynamodb-local/$DDB_VERSION"

LS_VERSION=4.14.0
LS_DIR="$CACHE/localstack/$LS_VERSION"
LS_VENV="$LS_DIR/venv"
LS_CACHE="$LS_DIR/cache" # shared LocalStack cache dir (see localstack_launcher.py)
LS_CONSTRAINTS="$HERE/localstack-constraints.txt"

log() { printf '[local-stack/install] %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# --- JRE ------------------------------------------------------------------------------------
java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  # 'openjdk version "17.0.15"' or 'java version "1.8.0_392"'
  java -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/p' |
    awk '{ print ($1 == 1 ? $2 : $1) }'
}
if (( $(java_major) >= 17 )); then
  log "reused: java $(java_major) ($(command -v java))"
else
  log "installing: openjdk-17-jre-headless (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq openjdk-17-jre-headless
  (( $(java_major) >= 17 )) || { log "ERROR: java >= 17 still not on PATH"; exit 1; }
fi

# --- DynamoDB Local ---------------------------------------------------------------------------
ddb_ok() {
  [[ -f "$DDB_DIR/DynamoDBLocal.jar" && -f "$DDB_DIR/DynamoDBLocal_lib/libsqlite4java-linux-amd64.so" ]] &&
    [[ "$(sha256sum "$DDB_DIR/DynamoDBLocal.jar" | cut -d' ' -f1)" == "$DDB_JAR_SHA256" ]]
}
if ddb_ok; then
  log "reused: DynamoDB Local $DDB_VERSION ($DDB_DIR)"
else
  log "installing: DynamoDB Local $DDB_VERSION from npm $DDB_NPM_PKG"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$DDB_NPM_PKG" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/emulator
  rm -rf "$DDB_DIR"
  mkdir -p "$(dirname "$DDB_DIR")"
  mv "$tmp/package/emulator" "$DDB_DIR"
  rm -rf "$tmp"
  trap - EXIT
  ddb_ok || { log "ERROR: DynamoDBLocal.jar missing or checksum mismatch in $DDB_DIR"; exit 1; }
fi

# --- LocalStack -------------------------------------------------------------------------------
# LocalStack 4.14.0 uses Python 3.12 syntax (PEP 695 generics) although its metadata says >= 3.10.
pick_python() {
  local c root="${PYENV_ROOT:-$HOME/.pyenv}"
  local cands=(${CKP_LOCALSTACK_PYTHON:+"$CKP_LOCALSTACK_PYTHON"} python3.13 python3.12)
  for c in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3; do
    [[ -x "$c" ]] && cands+=("$c")
  done
  cands+=(python3)
  for c in "${cands[@]}"; do
    if command -v "$c" >/dev/null 2>&1 &&
      "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

# The marker ties the venv to the constraints it was built from.
ls_marker="$LS_VENV/.ckp-installed"
ls_stamp="localstack-core==$LS_VERSION $(sha256sum "$LS_CONSTRAINTS" | cut -d' ' -f1)"
ls_check() {
  "$LS_VENV/bin/python" -c '
import localstack.version, localstack.aws.components, localstack.services.sqs.queue
import twisted.internet.endpoints
assert localstack.version.__version__ == "'"$LS_VERSION"'", localstack.version.__version__
' 2>&1
}
if [[ -f "$ls_marker" && "$(cat "$ls_marker")" == "$ls_stamp" ]] && ls_check >/dev/null; then
  log "reused: LocalStack $LS_VERSION ($LS_VENV)"
else
  py="$(pick_python)" || {
    log "ERROR: LocalStack $LS_VERSION needs Python >= 3.12 (none found; set CKP_LOCALSTACK_PYTHON)"
    exit 1
  }
  log "installing: LocalStack $LS_VERSION into $LS_VENV (python: $py)"
  rm -rf "$LS_VENV" "$LS_CACHE"
  mkdir -p "$LS_DIR"
  "$py" -m venv "$LS_VENV"
  "$LS_VENV/bin/python" -m pip install -q --disable-pip-version-check \
    -c "$LS_CONSTRAINTS" "localstack-core[runtime]==$LS_VERSION"
  if ! out="$(ls_check)"; then
    log "ERROR: LocalStack import check failed:"
    printf '%s\n' "$out"
    exit 1
  fi
  echo "$ls_stamp" >"$ls_marker"
fi
# Prebuilt here, LocalStack's service catalog index does not cost 3-4 s on a first start.
if ! compgen -G "$LS_CACHE/service-catalog-*.dill" >/dev/null; then
  log "building: LocalStack service catalog index into $LS_CACHE"
  mkdir -p "$LS_CACHE"
  OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT="$LS_CACHE/.fs" "$LS_VENV/bin/python" -c '
import os, sys
from localstack.aws.spec import build_service_index_cache, _get_catalog_filename
build_service_index_cache(os.path.join(sys.argv[1], _get_catalog_filename()))
' "$LS_CACHE"
fi

log "ready: cache $CACHE"
