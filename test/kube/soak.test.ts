import { describe, expect, inject, it } from "vitest";
import { ALL_FAULTS } from "../../bench/soak/faults.js";
import { renderReport } from "../../bench/soak/report.js";
import { runSoak } from "../../bench/soak/run.js";

/**
 * Issue 22's soak, short: three minutes of the seeded workload and faults
 * (bench/soak, docs/soak.md) with a fixed seed, on a control plane, DynamoDB
 * Local and LocalStack of its own and the kube tier's management cluster
 * (behind the soak's fault proxy; its CAPI managers run for real, Kamaji's
 * and BYOH's agents are the tier's doubles). Every invariant must hold: no
 * acknowledged write lost or duplicated, every outbox event archived once,
 * every cluster Ready, deleted or Failed with a reason, outage answers 503
 * with Retry-After, never a 500.
 */
const SEED = 22;

describe("soak", () => {
  it(
    `runs 3 minutes of workload and faults (seed ${SEED}) with no invariant violated`,
    async () => {
      const lines: string[] = [];
      const result = await runSoak({
        minutes: 3,
        seed: SEED,
        kube: inject("kube"),
        // not LocalStack's kill: LocalStack keeps nothing on disk, so a kill loses queued messages (a host approved
        // while its provisioning message was queued stays unprovisioned; docs/soak.md); `npm run soak` runs it
        faults: ALL_FAULTS.filter((f) => f !== "kill-localstack"),
        agents: 2,
        faultGapSeconds: [8, 20],
        settleMinutes: 5,
        maxLiveClusters: 2,
        replay: { rate: 20, everySeconds: 45, maxRuns: 2, timeoutSeconds: 40 },
        log: (l) => {
          lines.push(l);
          if (process.env.CKP_SOAK_LOG === "1") console.log(`[soak] ${l}`);
        },
      });
      const report = renderReport(result);
      console.log(report);
      // the run did what it says: faults of more than one kind, requests, events
      expect(result.faults.length, report).toBeGreaterThanOrEqual(3);
      expect(new Set(result.faults.map((f) => f.kind)).size, report).toBeGreaterThanOrEqual(2);
      expect(result.requests.ok, report).toBeGreaterThan(100);
      expect(
        result.invariants.every((i) => i.checked > 0 || i.name.includes("cluster")),
        report,
      ).toBe(true);
      expect(result.violationCount, `${report}\n\nlog:\n${lines.slice(-40).join("\n")}`).toBe(0);
    },
    20 * 60_000,
  );
});
