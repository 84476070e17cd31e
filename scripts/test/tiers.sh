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
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for g in "${groups[@]}"; do
  args=()
  for p in $g; do args+=(--project "$p"); done
  echo "== tier: $g"
  start=$(date +%s)
  log="$logs/${g// /-}.log"
  if npx vitest run "${args[@]}" "$@" 2>&1 | tee "$log"; then result=passed; else result=FAILED; failed+=("$g"); fi
  summary+=("$(printf '%-12s %-7s %5d s' "$g" "$result" $(($(date +%s) - start)))")
done

echo "== tiers"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  # A CI report may keep only the end of the output, so the failures of every
  # failed tier are repeated here, after the summary.
  for g in "${failed[@]}"; do
    echo "== failures in tier: $g"
    sed 's/\x1b\[[0-9;]*m//g' "$logs/${g// /-}.log" |
      awk '/Failed Tests|Unhandled Errors|Unhandled Rejection/ { on = 1 } on' | head -n 100
  done
  exit 1
fi
