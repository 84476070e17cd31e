#!/usr/bin/env bash
# Installs schemathesis (an outside OpenAPI fuzzer, from PyPI) into a venv in
# the cache dir, pinned with its dependencies (constraints.txt), for
# test/integration/openapi-fuzz.test.ts. Idempotent: a second run only checks.
set -euo pipefail

CACHE="${CKP_CACHE_DIR:-$HOME/.cache/ckp}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION=4.32.5
DIR="$CACHE/schemathesis/$VERSION"
VENV="$DIR/venv"
CONSTRAINTS="$HERE/constraints.txt"

log() { printf '[openapi/install] %s\n' "$*"; }

pick_python() {
  local c root="${PYENV_ROOT:-$HOME/.pyenv}"
  local cands=(${CKP_SCHEMATHESIS_PYTHON:+"$CKP_SCHEMATHESIS_PYTHON"} python3.13 python3.12 python3.11 python3.10)
  for c in "$root"/versions/3.1[0-3]*/bin/python3; do
    [[ -x "$c" ]] && cands+=("$c")
  done
  cands+=(python3)
  for c in "${cands[@]}"; do
    if command -v "$c" >/dev/null 2>&1 &&
      "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

marker="$VENV/.ckp-installed"
stamp="schemathesis==$VERSION $(sha256sum "$CONSTRAINTS" | cut -d' ' -f1)"
if [[ -f "$marker" && "$(cat "$marker")" == "$stamp" ]] && "$VENV/bin/st" --version >/dev/null 2>&1; then
  log "reused: schemathesis $VERSION ($VENV)"
  exit 0
fi
py="$(pick_python)" || {
  log "ERROR: schemathesis $VERSION needs Python >= 3.10 (none found; set CKP_SCHEMATHESIS_PYTHON)"
  exit 1
}
log "installing: schemathesis $VERSION into $VENV (python: $py)"
rm -rf "$VENV"
mkdir -p "$DIR"
"$py" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -c "$CONSTRAINTS" "schemathesis==$VERSION"
"$VENV/bin/st" --version
echo "$stamp" >"$marker"
log "ready: $VENV/bin/st"
