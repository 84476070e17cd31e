import { describe, expect, it } from "vitest";
import { newTenant } from "../support/tenants.js";

/**
 * ?dryRun=true on cluster create: a plan with every check, whose verdict is
 * the one the real request then gets (same code path), and nothing written —
 * no cluster, no event. Scale, upgrade and delete plans, with objects diffed
 * on a management cluster, are in test/e2e/ckpctl.test.ts.
 */
const valid = { name: "c1", kubernetesVersion: "v1.31.2", providerCluster: "bms", hostGroup: "g", workers: 2 };

describe("cluster plans (dryRun=true)", () => {
  it("names every failing check, agrees with the real answer, and writes nothing", async () => {
    const t = await newTenant();
    const events = async () => (await t.projectAdmin.get(`${t.base}/events?limit=500`)).body.items.length as number;
    const before = await events();
    const cases: Array<{ body: Record<string, unknown>; failing: string[] }> = [
      // no provider cluster, no host group: both reported, not only the first
      { body: valid, failing: ["provider-cluster", "host-group"] },
      {
        body: { ...valid, kubernetesVersion: "v1.27.3", network: { podCidr: "10.0.0.0/8", serviceCidr: "10.96.0.0/12" } },
        failing: ["kubernetes-version", "network", "provider-cluster", "host-group"],
      },
      { body: { ...valid, extraArgs: { apiServer: { "etcd-servers": "x" } } }, failing: ["extra-args", "provider-cluster", "host-group"] },
    ];
    for (const c of cases) {
      const plan = await t.projectAdmin.post(`${t.base}/clusters?dryRun=true`, c.body);
      expect(plan.status, plan.text).toBe(200);
      expect(plan.body).toMatchObject({ operation: "create", dryRun: true, accepted: false, cluster: { id: null, name: "c1" } });
      expect(plan.body.checks.filter((x: { ok: boolean }) => !x.ok).map((x: { name: string }) => x.name)).toEqual(c.failing);
      // the plan's verdict is the real request's answer
      const real = await t.projectAdmin.post(`${t.base}/clusters`, c.body);
      expect(real.status).toBe(422);
      expect(plan.body.refusal).toEqual({ code: real.body.code, message: real.body.detail });
    }
    expect((await t.projectAdmin.get(`${t.base}/clusters`)).body.items).toEqual([]);
    expect(await events()).toBe(before);

    // a plan is asked with the rights of the operation: a viewer may not
    const viewer = t.admin.as(
      (await t.admin.post("/v1/tokens", { name: "v", role: "viewer", domain: t.domain, project: t.project })).body.token,
    );
    expect((await viewer.post(`${t.base}/clusters?dryRun=true`, valid)).status).toBe(403);
    expect((await t.projectAdmin.post(`${t.base}/clusters?dryRun=maybe`, valid)).status).toBe(400);
    // scale, upgrade and delete plans of a cluster that does not exist: 404 like the operation
    for (const [method, path, body] of [
      ["post", "clusters/cl_nope/scale?dryRun=true", { workers: 2 }],
      ["post", "clusters/cl_nope/upgrade?dryRun=true", { kubernetesVersion: "v1.32.11" }],
      ["delete", "clusters/cl_nope?dryRun=true", undefined],
    ] as const) {
      const res =
        method === "post" ? await t.projectAdmin.post(`${t.base}/${path}`, body) : await t.projectAdmin.delete(`${t.base}/${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});
