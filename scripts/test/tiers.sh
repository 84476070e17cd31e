#!/usr/bin/env bash
# Runs every test tier, cheapest first, each in a vitest process of its own:
# a tier's servers (its global setup: a control plane, a management cluster
# with the CAPI managers, the browser tier's sandbox) then live only while
# that tier runs, instead of all of them for the whole run. Every tier runs
# even when an earlier one failed; the exit code says whether all passed.
# Extra arguments go to each vitest run (e.g. --reporter=verbose).
set -uo pipefail
cd "$(dirname "$0")/../.."

groups=("unit api" "integration" "kube" "e2e" "browser")
failed=()
summary=()
for g in "${groups[@]}"; do
  args=()
  for p in $g; do args+=(--project "$p"); done
  echo "== tier: $g"
  start=$(date +%s)
  if npx vitest run "${args[@]}" "$@"; then result=passed; else result=FAILED; failed+=("$g"); fi
  summary+=("$(printf '%-12s %-7s %5d s' "$g" "$result" $(($(date +%s) - start)))")
done

echo "== tiers"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
