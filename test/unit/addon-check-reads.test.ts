import { describe, expect, it } from "vitest";
import { clusterAddonCheck } from "../../core/addons/cluster-health.js";
import { desiredAddons } from "../../core/addons/desired.js";
import type { WorkloadPort } from "../../core/addons/workload.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { KubeObjectLike } from "../../core/clusters/ports.js";
import { addonRelease, addonReleases, cluster, MemoryCapi, NOW, workloadWithPods } from "../doubles/memory-saga-env.js";

const STORAGE_ON = { storage: { enabled: true, values: {} } } as Cluster["addons"];

/** The addons' check over in-memory ports, counting the times it opened the workload cluster (its kubeconfig Secret) and counted its Nodes. */
async function check(c: Cluster, releases: KubeObjectLike[], workload: WorkloadPort = workloadWithPods()) {
  const capi = new MemoryCapi();
  await capi.apply("mc_1", releases);
  let opened = 0;
  let nodeCounts = 0;
  const ports = {
    capi,
    workload: {
      reader: async (...a: Parameters<WorkloadPort["reader"]>) => {
        opened++;
        const r = await workload.reader(...a);
        if (r instanceof Error) return r;
        return {
          get: (ref: Parameters<typeof r.get>[0]) => r.get(ref),
          list: (...l: Parameters<typeof r.list>) => r.list(...l),
          nodeCount: () => {
            nodeCounts++;
            return r.nodeCount();
          },
        };
      },
    } as WorkloadPort,
  };
  const { health } = await clusterAddonCheck(ports, c, "mc_1", NOW.toISOString());
  return { health, opened, nodeCounts };
}

describe("the addons' check and the workload cluster", () => {
  it("does not open the workload cluster while no release is deployed, and opens it once for all the addons that are", async () => {
    const c = cluster({ addons: STORAGE_ON });
    const enabled = desiredAddons(c).filter((a) => a.enabled);
    expect(enabled.length).toBeGreaterThan(1);
    const pending = await check(c, addonReleases(c, false));
    expect(pending.opened).toBe(0);
    expect(pending.health.healthy).toBe(false);

    const deployed = await check(c, addonReleases(c));
    expect(deployed.opened).toBe(1);
    // the Nodes counted once for both
    expect(deployed.nodeCounts).toBe(1);
    // each judged from what the workload cluster shows (this one has no StorageClass: the storage plugin is unhealthy)
    for (const a of enabled) expect(["Healthy", "Unhealthy"]).toContain(deployed.health.addons.find((f) => f.addon === a.name)?.state);
  });

  it("says why when the workload cluster cannot be opened", async () => {
    const c = cluster();
    const r = await check(c, [addonRelease(c, c.cni.name)], { reader: async () => new Error("kubeconfig Secret not found") });
    expect(r.health.healthy).toBe(false);
    expect(r.health.addons.find((a) => a.addon === c.cni.name)?.message).toBe(
      `${c.cni.name}: the workload cluster cannot be read: kubeconfig Secret not found`,
    );
  });
});
