import { describe, expect, it } from "vitest";
import { checkClusterHealth, type WatchPorts } from "../../core/addons/watch.js";
import { listsOnce, type ManagementKube } from "../../core/byoh/kube.js";
import { checkClusterMachines } from "../../core/byoh/machine-reconciler.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { Deps } from "../../core/deps.js";
import type { KubeObject } from "../../core/kube/objects.js";
import { cluster, MemoryCapi, NOW, workloadWithPods } from "../doubles/memory-saga-env.js";

/** A management cluster in memory that counts the lists asked of it, by kind. */
function countingKube() {
  const capi = new MemoryCapi();
  const lists = new Map<string, number>();
  const kube = {
    exists: async () => true,
    get: capi.get.bind(capi),
    async list(mc: string, apiVersion: string, kind: string) {
      lists.set(kind, (lists.get(kind) ?? 0) + 1);
      return (await capi.list(mc, apiVersion, kind)) as KubeObject[];
    },
  } as unknown as ManagementKube;
  return { kube, lists };
}

/** One scheduled check of a Ready cluster's machines and health (functions/workers/machines.ts), through `kube`. */
async function check(kube: ManagementKube, c: Cluster) {
  const deps = { table: "t", clock: { now: () => NOW }, db: { send: async () => ({}) } } as unknown as Deps;
  const t = { domain: c.domain, project: c.project };
  await checkClusterMachines(deps, kube, t, c, { correlationId: "c" });
  await checkClusterHealth(deps, { kube, workload: workloadWithPods() } as unknown as WatchPorts, t, c, { correlationId: "c" });
}

describe("a cluster's scheduled check", () => {
  it("lists the worker pool's Machines once for the drift and the MachineHealthCheck", async () => {
    const c = cluster({
      phase: "Ready",
      resolved: { providerCluster: { name: "bms", type: "orbiter-bms" }, managementClusterId: "mc_1" },
    });
    const direct = countingKube();
    await check(direct.kube, c);
    expect(direct.lists.get("Machine")).toBe(2);
    const shared = countingKube();
    await check(listsOnce(shared.kube), c);
    expect(shared.lists.get("Machine")).toBe(1);
    // the other reads are made as before
    expect([...shared.lists.keys()].sort()).toEqual([...direct.lists.keys()].sort());
  });
});
