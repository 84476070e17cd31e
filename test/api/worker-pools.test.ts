import { beforeAll, describe, expect, it } from "vitest";
import { expectProblem, type InProcessApi, inProcessApi, putClusterItem, tenant } from "../support/in-process.js";

/**
 * Worker pools' refusals over HTTP (docs/clusters.md, "Worker pools"): what
 * the schema refuses (400), what the pools' rules refuse (422 with a code and
 * the fields), and a scale of a pool that does not exist (404) or whose group
 * lacks free hosts (422). Cluster items are written straight into the table,
 * as the saga leaves a Ready cluster; test/integration/worker-pools.test.ts
 * starts a pool's scale, test/kube/worker-pools.test.ts runs the objects
 * under Cluster API.
 */
type T = Awaited<ReturnType<typeof tenant>>;

describe("worker pools over HTTP", () => {
  let api: InProcessApi;
  let t: T;
  const create = (extra: Record<string, unknown>) =>
    api.request("POST", `${t.base}/clusters`, {
      body: { name: "pools", kubernetesVersion: "v1.31.2", providerCluster: "pc", hostGroup: "g", workers: 2, ...extra },
      token: t.projectAdmin,
    });

  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
  });

  it("refuses by schema (400) a bad role, an unknown taint effect, a pool of no nodes and more than 10 pools", async () => {
    for (const bad of [
      { workerPools: [{ name: "infra", hostGroup: "ig", count: 1, roles: ["Infra Nodes"] }] },
      { workerPools: [{ name: "infra", hostGroup: "ig", count: 1, taints: [{ key: "infra", effect: "Never" }] }] },
      { workerPools: [{ name: "infra", hostGroup: "ig", count: 0 }] },
      { workerPools: [{ name: "Infra", hostGroup: "ig", count: 1 }] },
      { workerPools: Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, hostGroup: `g${i}`, count: 1 })) },
      { workerTaints: [{ key: "infra", value: "not a value", effect: "NoSchedule" }] },
    ]) {
      const res = await create(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("refuses with 422 cluster.worker-pool-invalid the primary's name, a name or host group used twice, a repeated taint", async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ workerPools: [{ name: "workers", hostGroup: "ig", count: 1 }] }, ["workerPools.0.name"]],
      [
        {
          workerPools: [
            { name: "infra", hostGroup: "ig", count: 1 },
            { name: "infra", hostGroup: "ig2", count: 1 },
          ],
        },
        ["workerPools.1.name"],
      ],
      [{ workerPools: [{ name: "infra", hostGroup: "g", count: 1 }] }, ["workerPools.0.hostGroup"]],
      [
        {
          workerTaints: [
            { key: "infra", effect: "NoSchedule" },
            { key: "infra", value: "x", effect: "NoSchedule" },
          ],
        },
        ["workerTaints.1"],
      ],
    ];
    for (const [body, fields] of cases) {
      const res = await create(body);
      expectProblem(res, 422, "cluster.worker-pool-invalid");
      expect(res.body.errors.map((f: { path: string }) => f.path)).toEqual(fields);
    }
  });

  const poolCluster = () =>
    putClusterItem(api, t, {
      workers: 1,
      hostIds: ["host_p1", "host_i1"],
      workerPools: [
        {
          name: "infra",
          hostGroup: "ig",
          count: 1,
          roles: ["infra"],
          taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
          hostIds: ["host_i1"],
        },
      ],
      resolved: { providerCluster: { name: "pc", type: "orbiter-bms" }, managementClusterId: "mc_x", managementCluster: "mc" },
    });

  it("answers a scale of a pool the cluster does not have with 404 cluster.worker-pool-unknown", async () => {
    const id = await poolCluster();
    const res = await api.request("POST", `${t.base}/clusters/${id}/scale`, { body: { workers: 2, pool: "gpu" }, token: t.projectAdmin });
    expectProblem(res, 404, "cluster.worker-pool-unknown");
  });

  it("refuses a pool's scale its group has no free hosts for (422 naming the pool), and leaves the cluster Ready", async () => {
    const id = await poolCluster();
    const res = await api.request("POST", `${t.base}/clusters/${id}/scale`, { body: { workers: 3, pool: "infra" }, token: t.projectAdmin });
    expectProblem(res, 422, "cluster.insufficient-hosts");
    expect(res.body).toMatchObject({ pool: "infra", hostGroup: "ig", neededHosts: 2, freeHosts: 0 });
    const c = (await api.request("GET", `${t.base}/clusters/${id}`, { token: t.projectAdmin })).body;
    expect(c).toMatchObject({ phase: "Ready", workerPools: [{ name: "infra", count: 1 }] });
  });

  it("shows every pool on the cluster's status, the primary first", async () => {
    const id = await poolCluster();
    const s = (await api.request("GET", `${t.base}/clusters/${id}/status`, { token: t.projectAdmin })).body;
    expect(s.workerPools).toEqual([
      {
        name: "workers",
        machineDeployment: "workers",
        hostGroup: "g",
        roles: [],
        taints: [],
        desired: 1,
        assigned: 1,
        ready: 0,
        updated: 0,
      },
      {
        name: "infra",
        machineDeployment: "workers-infra",
        hostGroup: "ig",
        roles: ["infra"],
        taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
        desired: 1,
        assigned: 1,
        ready: 0,
        updated: 0,
      },
    ]);
    expect(s.workers).toMatchObject({ desired: 1, assigned: 1 });
  });
});
