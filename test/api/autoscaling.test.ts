import { beforeAll, describe, expect, it } from "vitest";
import { expectProblem, type InProcessApi, inProcessApi, putClusterItem, tenant } from "../support/in-process.js";

/**
 * The refusals around Karpenter that need no workload cluster
 * (docs/autoscaling.md): enabling it on a cluster of a bare-metal provider
 * cluster, and scaling by hand a cluster whose workers Karpenter scales.
 * Cluster items are written straight into the table, as the saga leaves a
 * Ready cluster; test/kube/autoscaling.test.ts covers the rest.
 */
type T = Awaited<ReturnType<typeof tenant>>;

describe("Karpenter refusals", () => {
  let api: InProcessApi;
  let t: T;

  const cluster = (providerType: "ccs-vm" | "orbiter-bms", karpenter: boolean) =>
    putClusterItem(api, t, {
      addons: {
        storage: { enabled: false, values: {} },
        velero: { enabled: false, values: {} },
        karpenter: { enabled: karpenter, values: { minWorkers: 1, maxWorkers: 5, logLevel: "info" } },
      },
      resolved: { providerCluster: { name: "pc", type: providerType }, managementClusterId: "mc_x", managementCluster: "mc" },
    });

  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  it("refuses Karpenter on a cluster of a bare-metal provider cluster", async () => {
    const id = await cluster("orbiter-bms", false);
    const res = await api.request("PATCH", `${t.base}/clusters/${id}/addons/karpenter`, { body: { enabled: true }, token: t.projectAdmin });
    expectProblem(res, 422, "cluster.autoscaling-not-supported");
    expect(res.body.detail).toContain("Karpenter autoscaling is supported only for CCS VM host groups");
    expect((await api.request("GET", `${t.base}/clusters/${id}`, { token: t.projectAdmin })).body.phase).toBe("Ready");
  });

  it("refuses a scale by hand while Karpenter scales the workers, and says what to change", async () => {
    const id = await cluster("ccs-vm", true);
    const res = await api.request("POST", `${t.base}/clusters/${id}/scale`, { body: { workers: 3 }, token: t.projectAdmin });
    expectProblem(res, 422, "cluster.autoscaled");
    expect(res.body.detail).toContain("minWorkers/maxWorkers");
  });

  it("refuses minWorkers above maxWorkers with a 422, on PATCH and at creation", async () => {
    const id = await cluster("ccs-vm", true);
    const patch = await api.request("PATCH", `${t.base}/clusters/${id}/addons/karpenter`, {
      body: { values: { minWorkers: 6, maxWorkers: 5 } },
      token: t.projectAdmin,
    });
    expectProblem(patch, 422, "cluster.autoscaling-bounds-invalid");
    expect(patch.body.detail).toBe("minWorkers (6) must not exceed maxWorkers (5)");
    const create = await api.request("POST", `${t.base}/clusters`, {
      body: {
        name: "bounds",
        kubernetesVersion: "v1.31.2",
        providerCluster: "pc",
        hostGroup: "g",
        workers: 2,
        addons: { karpenter: { enabled: true, values: { minWorkers: 3, maxWorkers: 2 } } },
      },
      token: t.projectAdmin,
    });
    expectProblem(create, 422, "cluster.autoscaling-bounds-invalid");
  });

  it("shows the bounds on the cluster status", async () => {
    const id = await cluster("ccs-vm", true);
    const s = (await api.request("GET", `${t.base}/clusters/${id}/status`, { token: t.projectAdmin })).body;
    expect(s.workers).toMatchObject({ autoscaled: 0, autoscaling: { enabled: true, minWorkers: 1, maxWorkers: 5 } });
  });
});
