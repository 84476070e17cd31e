import { beforeAll, describe, expect, it } from "vitest";
import { expectProblem, type InProcessApi, inProcessApi, putClusterItem, tenant } from "../support/in-process.js";

/**
 * Turning etcd encryption on for a running cluster and changing it
 * (PUT …/clusters/{id}/encryption), asking for a rotation
 * (POST …/encryption/rotate), and what the cluster and its status show —
 * never a key, sealed or not. test/kube/etcd-encryption.test.ts runs a
 * rotation against a real kube-apiserver.
 */
describe("a cluster's etcd encryption", () => {
  let api: InProcessApi;
  let t: Awaited<ReturnType<typeof tenant>>;
  let id: string;

  beforeAll(async () => {
    api = inProcessApi();
    t = await tenant(api);
    id = await putClusterItem(api, t);
  });

  it("is off until turned on; a rotation of nothing answers 409", async () => {
    const status = await api.request("GET", `${t.base}/clusters/${id}/status`, { token: t.projectAdmin });
    expect(status.status).toBe(200);
    expect(status.body.encryption).toEqual({ enabled: false });
    expectProblem(
      await api.request("POST", `${t.base}/clusters/${id}/encryption/rotate`, { token: t.projectAdmin }),
      409,
      "cluster.encryption-not-enabled",
    );
  });

  it("turns on for a Ready cluster with ACP's defaults: the first key is added before it is used", async () => {
    const res = await api.request("PUT", `${t.base}/clusters/${id}/encryption`, { token: t.projectAdmin, body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      enabled: true,
      provider: "aesgcm",
      resources: ["secrets", "configmaps"],
      rotationHours: 168,
      keepKeys: 8,
      revision: 1,
      phase: "AddingKey",
      primaryKey: "identity",
      replicas: [],
    });
    expect(res.body.keys).toEqual([{ name: "key-1", createdAt: expect.any(String) }]);

    const cluster = await api.request("GET", `${t.base}/clusters/${id}`, { token: t.projectAdmin });
    expect(cluster.body.encryption).toMatchObject({ enabled: true, revision: 1, phase: "AddingKey" });
    expect(JSON.stringify(cluster.body)).not.toMatch(/sealed|"dk"|"ct"/);
    const list = await api.request("GET", `${t.base}/clusters`, { token: t.projectAdmin });
    expect(JSON.stringify(list.body)).not.toMatch(/sealed|"dk"|"ct"/);
    const status = await api.request("GET", `${t.base}/clusters/${id}/status`, { token: t.projectAdmin });
    expect(status.body.encryption).toMatchObject({ enabled: true, revision: 1, phase: "AddingKey", primaryKey: "identity" });
  });

  it("answers 409 to a rotation while one is under way", async () => {
    const res = await api.request("POST", `${t.base}/clusters/${id}/encryption/rotate`, { token: t.projectAdmin });
    expectProblem(res, 409, "cluster.encryption-rotation-in-progress");
  });

  it("takes new settings and added resources, but never turns off nor drops a resource (422)", async () => {
    const url = `${t.base}/clusters/${id}/encryption`;
    const changed = await api.request("PUT", url, {
      token: t.projectAdmin,
      body: { resources: ["secrets", "configmaps", "widgets.example.com"], rotationHours: 24, keepKeys: 4 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ resources: ["secrets", "configmaps", "widgets.example.com"], rotationHours: 24, keepKeys: 4 });
    expectProblem(
      await api.request("PUT", url, { token: t.projectAdmin, body: { enabled: false } }),
      422,
      "cluster.encryption-cannot-disable",
    );
    expectProblem(
      await api.request("PUT", url, { token: t.projectAdmin, body: { resources: ["secrets"] } }),
      422,
      "cluster.encryption-resource-removed",
    );
    expectProblem(await api.request("PUT", url, { token: t.projectAdmin, body: { keepKeys: 1 } }), 400, "invalid-request");
    expectProblem(
      await api.request("PUT", url, { token: t.projectAdmin, body: { resources: ["secrets", "configmaps", "secrets"] } }),
      400,
      "invalid-request",
    );
  });

  it("answers 409 for a cluster that is not Ready", async () => {
    const busy = await putClusterItem(api, t, { phase: "Provisioning", step: "resolve-provider" });
    expectProblem(
      await api.request("PUT", `${t.base}/clusters/${busy}/encryption`, { token: t.projectAdmin, body: {} }),
      409,
      "cluster.not-ready",
    );
  });
});
