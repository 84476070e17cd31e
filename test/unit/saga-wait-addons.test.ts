import { describe, expect, it } from "vitest";
import { addonClusterRef, RETRY_ANNOTATION, renderResourceSet } from "../../core/addons/render.js";
import type { Cluster } from "../../core/clusters/model.js";
import { ADDON_STEPS } from "../../core/clusters/steps/addons.js";
import { atStep, MemoryCapi, MemoryClusterTable, memorySagaEnv, NOW } from "../doubles/memory-saga-env.js";

const VELERO_ON = { storage: { enabled: false, values: {} }, velero: { enabled: true, values: {} } } as Cluster["addons"];

async function waitAddons(c: Cluster, capi: MemoryCapi) {
  // the workload cluster is not reachable: the sets are judged (and retried) from the management cluster alone
  const { env } = memorySagaEnv(new MemoryClusterTable(c), capi, { workload: { reader: async () => new Error("not yet") } });
  return ADDON_STEPS["wait-addons"].run({
    env,
    c,
    t: { domain: c.domain, project: c.project },
    ctx: { actor: { kind: "system", id: "t" }, correlationId: "c" },
    guard: { clusterId: c.id, generation: c.generation, step: "wait-addons" },
  });
}

/** Velero's backup-locations set on the management cluster, with the ResourcesApplied condition CAPI wrote. */
async function locationSet(c: Cluster, capi: MemoryCapi, applied: { status: string; reason?: string; message?: string }) {
  const [secret, set] = renderResourceSet(addonClusterRef(c), "velero", { "backup-locations.yaml": "kind: Secret" });
  await capi.apply("mc_1", [secret as never, { ...set, status: { conditions: [{ type: "ResourcesApplied", ...applied }] } } as never]);
  return set as { metadata: { name: string; namespace: string }; spec: unknown };
}

describe("wait-addons and the addons' ClusterResourceSets", () => {
  it("a set CAPI failed to apply (ApplyFailed, backing off) is re-applied with the retry annotation, and nothing else changes", async () => {
    const c = atStep("create", "wait-addons", { addons: VELERO_ON });
    const capi = new MemoryCapi();
    const set = await locationSet(c, capi, { status: "False", reason: "ApplyFailed", message: 'namespaces "velero" not found' });
    const before = capi.applied.length;
    const outcome = await waitAddons(c, capi);
    expect(outcome).toMatchObject({ kind: "wait" });
    const retried = capi.applied.slice(before);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({
      kind: "ClusterResourceSet",
      metadata: { name: set.metadata.name, namespace: set.metadata.namespace, annotations: { [RETRY_ANNOTATION]: NOW.toISOString() } },
      spec: set.spec,
    });
  });

  it("an applied set, or one CAPI cannot reach the cluster for, is left alone", async () => {
    for (const applied of [{ status: "True" }, { status: "False", reason: "RemoteClusterClientFailed" }]) {
      const c = atStep("create", "wait-addons", { addons: VELERO_ON });
      const capi = new MemoryCapi();
      await locationSet(c, capi, applied);
      const before = capi.applied.length;
      await waitAddons(c, capi);
      expect(capi.applied.length).toBe(before);
    }
  });

  it("the set of an addon the cluster has turned off is not retried", async () => {
    const c = atStep("create", "wait-addons", { addons: { ...VELERO_ON, velero: { enabled: false, values: {} } } as Cluster["addons"] });
    const capi = new MemoryCapi();
    await locationSet(c, capi, { status: "False", reason: "ApplyFailed" });
    const before = capi.applied.length;
    await waitAddons(c, capi);
    expect(capi.applied.length).toBe(before);
  });
});
