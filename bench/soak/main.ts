import { parseArgs } from "node:util";
import { writeSection } from "../results-file.js";
import { ALL_FAULTS, type FaultKind } from "./faults.js";
import { renderReport } from "./report.js";
import { runSoak } from "./run.js";

/**
 * `npm run soak -- --minutes N --seed S [--faults a,b] [--agents N] [--no-clusters] [--no-write]`:
 * the soak harness (docs/soak.md). Exit code 1 when an invariant was violated.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    seed: { type: "string", default: "1" },
    faults: { type: "string" },
    "no-clusters": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    settle: { type: "string", default: "5" },
    agents: { type: "string", default: "3" },
  },
});
const faults = values.faults ? (values.faults.split(",").filter((f) => f && f !== "none") as FaultKind[]) : ALL_FAULTS;
for (const f of faults) if (!ALL_FAULTS.includes(f)) throw new Error(`unknown fault ${f}; one of ${ALL_FAULTS.join(", ")}`);
process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
const result = await runSoak({
  minutes: Number(values.minutes),
  seed: Number(values.seed),
  kube: values["no-clusters"] ? "none" : "start",
  faults,
  settleMinutes: Number(values.settle),
  agents: Number(values.agents),
});
const md = renderReport(result);
console.log(md);
if (!values["no-write"]) writeSection("soak", md);
process.exit(result.violationCount ? 1 : 0);
