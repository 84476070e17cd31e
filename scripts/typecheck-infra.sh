#!/usr/bin/env bash
# Type-checks sst.config.ts and infra/ offline: `sst install` (with the flags
# that stop it downloading Pulumi) writes .sst/platform, then tsc checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export SST_SKIP_DEPENDENCY_CHECK=1 NO_BUN=1 SST_TELEMETRY_DISABLED=1 SST_STAGE="${SST_STAGE:-ci}"
if [ ! -f .sst/platform/config.d.ts ]; then
  npx sst install >/dev/null
fi
npx tsc --noEmit -p tsconfig.infra.json
