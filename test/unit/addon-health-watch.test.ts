import { describe, expect, it } from "vitest";
import type { AddonHealth } from "../../core/addons/model.js";
import { checkClusterHealth, type WatchPorts } from "../../core/addons/watch.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { Deps } from "../../core/deps.js";
import { addonReleases, cluster, MemoryCapi, NOW, workloadWithPods } from "../doubles/memory-saga-env.js";

const ADDONS = { storage: { enabled: true, values: {} } } as Cluster["addons"];

function healthAt(ago: number): AddonHealth {
  const at = new Date(NOW.getTime() - ago).toISOString();
  return { healthy: true, reason: "AddonsHealthy", message: "all addons are healthy", addons: [], since: at, checkedAt: at };
}

/** The check after Ready (core/addons/watch.ts) over in-memory ports: how often it asked the workload cluster. */
async function check(c: Cluster) {
  // every enabled addon's release deployed: the check goes on to the workload cluster
  const capi = new MemoryCapi();
  await capi.apply("mc_1", addonReleases(c));
  let workloadReads = 0;
  const pods = workloadWithPods();
  const ports = {
    kube: { exists: async () => true, list: capi.list.bind(capi), get: capi.get.bind(capi) },
    workload: {
      reader: (...a: Parameters<typeof pods.reader>) => {
        workloadReads++;
        return pods.reader(...a);
      },
    },
  } as unknown as WatchPorts;
  // the record the check may write goes nowhere: what is counted is what it read
  const deps = { table: "t", clock: { now: () => NOW }, db: { send: async () => ({}) } } as unknown as Deps;
  const result = await checkClusterHealth(deps, ports, { domain: c.domain, project: c.project }, c, { correlationId: "c" });
  return { result, workloadReads };
}

describe("addon health after Ready", () => {
  it("takes health the saga recorded a moment ago as read, and reads it again once it is older", async () => {
    const fresh = await check(cluster({ phase: "Ready", addons: ADDONS, addonHealth: healthAt(5_000) }));
    expect(fresh).toEqual({ result: "healthy", workloadReads: 0 });
    const older = await check(cluster({ phase: "Ready", addons: ADDONS, addonHealth: healthAt(20_000) }));
    expect(older.workloadReads).toBeGreaterThan(0);
    const never = await check(cluster({ phase: "Ready", addons: ADDONS }));
    expect(never.workloadReads).toBeGreaterThan(0);
  });
});
