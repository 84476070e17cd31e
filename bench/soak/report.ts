import { machineLine } from "../machine.js";
import { summarize } from "../stats.js";
import type { Outcome } from "./client.js";
import type { FaultKind, FaultRecord } from "./faults.js";
import type { InvariantResult } from "./invariants.js";
import type { ReplayRun } from "./replay.js";

export interface SoakReport {
  seed: number;
  minutes: number;
  runMs: number;
  settleMs: number;
  requests: Record<Outcome, number>;
  byStatus: Record<string, number>;
  actions: Record<string, number>;
  unknownOutcomes: number;
  /** acknowledged writes not found after DynamoDB Local's kill -9 right after them (the emulator's loss; docs/soak.md) */
  lostWithEngine: string[];
  faults: FaultRecord[];
  faultKinds: FaultKind[];
  recoveries: number[];
  invariants: InvariantResult[];
  dlq: Array<{ queue: string; count: number; samples: string[] }>;
  replays: ReplayRun[];
  clusters: number;
  events: string;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** the soak's section of bench/RESULTS.md */
export function renderReport(r: SoakReport): string {
  const total = Object.values(r.requests).reduce((a, b) => a + b, 0);
  const fivexx = Object.entries(r.byStatus)
    .filter(([k]) => k.startsWith("5"))
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const byKind = new Map<string, FaultRecord[]>();
  for (const f of r.faults) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  const rec = r.recoveries.length ? summarize(r.recoveries) : undefined;
  const violations = r.invariants.reduce((a, i) => a + i.violations.length, 0);
  const lines = [
    `## soak — seed ${r.seed}, ${r.minutes} min`,
    "",
    `${new Date().toISOString().slice(0, 10)}, ${machineLine()}. \`npm run soak -- --minutes ${r.minutes} --seed ${r.seed}\` (bench/soak, docs/soak.md): the control plane as a child process on its own DynamoDB Local (data on disk) and LocalStack, a management cluster behind a fault proxy, with the doubles of Kamaji and BYOH's agents; real host agent processes registering and reporting; a seeded workload through the HTTP API and seeded faults, one at a time.`,
    "",
    "| measure | value |",
    "| --- | --- |",
    `| run, then settle | ${s(r.runMs)}, then ${s(r.settleMs)} |`,
    `| requests | ${total} (${Object.entries(r.requests)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}) |`,
    `| 5xx by status | ${fivexx || "none"} |`,
    `| workload actions | ${Object.entries(r.actions)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")} |`,
    `| actions with no definite answer in 4 min | ${r.unknownOutcomes} |`,
    `| acknowledged writes lost with DynamoDB Local (acknowledged ≤ 1 s before its kill -9, then not found) | ${r.lostWithEngine.length}${r.lostWithEngine.length ? `: ${r.lostWithEngine.slice(0, 5).join("; ")}` : ""} |`,
    `| clusters created | ${r.clusters} |`,
    `| events | ${r.events} |`,
    `| faults | ${r.faults.length} (${[...byKind.entries()].map(([k, v]) => `${k} ${v.length}`).join(", ") || "none"}; kinds enabled: ${r.faultKinds.join(", ")}) |`,
    `| recovery after a fault (a read and a write succeed) | ${rec ? `p50 ${s(rec.p50)}, p99 ${s(rec.p99)}, max ${s(rec.max)} (${r.recoveries.length} faults)` : "no faults"} |`,
    ...[...byKind.entries()].map(([k, v]) => {
      const x = summarize(v.map((f) => f.recoveryMs ?? Number.NaN).filter((n) => !Number.isNaN(n)));
      return `| — ${k} | outage ${s(summarize(v.map((f) => f.outageMs)).p50)} p50; recovery p50 ${s(x.p50)}, max ${s(x.max)} |`;
    }),
    `| replays (npm run replay, the soak domain, rate-limited) | ${r.replays.map((x) => `exit ${x.exitCode}${x.killed ? " (time bound)" : ""} in ${s(x.ms)}`).join("; ") || "none"} |`,
    `| invariant violations | **${violations}** |`,
    "",
    "| invariant | checked | violations |",
    "| --- | --- | --- |",
    ...r.invariants.map((i) => `| ${i.name} | ${i.checked} | ${i.violations.length} |`),
    "",
  ];
  for (const i of r.invariants) {
    for (const n of i.notes ?? []) lines.push(`- ${i.name}: ${n}`);
    for (const v of i.violations.slice(0, 10)) lines.push(`- **violation** (${i.name}): ${v.replaceAll("|", "\\|")}`);
  }
  lines.push("", "DLQ contents after the run:", "");
  for (const d of r.dlq) {
    lines.push(`- ${d.queue}: ${d.count < 0 ? d.samples[0] : d.count}`);
    if (d.count > 0) for (const m of d.samples.slice(0, 3)) lines.push(`  - \`${m.replaceAll("`", "'")}\``);
  }
  return lines.join("\n");
}
