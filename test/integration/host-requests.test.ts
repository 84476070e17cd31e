import { describe, expect, it } from "vitest";
import { eventually } from "../support/api.js";
import { register, registration } from "../support/agent.js";
import { type Tenant, newTenant } from "../support/tenants.js";

async function pendingRequest(t: Tenant, facts?: Record<string, unknown>): Promise<string> {
  const res = await register(t.admin, registration(t, t.psk, facts ? { facts } : {}));
  expect(res.status).toBe(202);
  return res.body.requestId as string;
}

async function hostStatus(t: Tenant, hostId: string, want: string) {
  return eventually(async () => {
    const h = await t.projectAdmin.get(`${t.base}/hosts/${hostId}`);
    return h.body.status === want ? h.body : undefined;
  }, 20_000, `host ${hostId} to be ${want}`);
}

describe("host requests", () => {
  it("approves: the host is created create-pending and a worker completes it", async () => {
    const t = await newTenant();
    const id = await pendingRequest(t);
    const got = await t.projectAdmin.get(`${t.base}/host-requests/${id}`);
    expect(got.body).toMatchObject({ id, status: "pending", facts: { arch: "amd64" } });
    const approved = await t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", hostId: expect.stringMatching(/^host_/) });
    const host = await t.projectAdmin.get(`${t.base}/hosts/${approved.body.hostId}`);
    // The request handler creates the host pending; only the worker moves it on.
    expect(["create-pending", "create-completed"]).toContain(host.body.status);
    const done = await hostStatus(t, approved.body.hostId, "create-completed");
    expect(done.labels).toMatchObject({ "kubernetes.io/arch": "amd64", "ckp.io/os": "ubuntu-22.04" });
    expect((await t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`)).status).toBe(409);
    expect((await t.projectAdmin.post(`${t.base}/host-requests/${id}/reject`, { reason: "late" })).status).toBe(409);
  });

  it("fails provisioning of a host that does not meet the prerequisites, saying why", async () => {
    const t = await newTenant();
    const id = await pendingRequest(t, { os: { id: "windows", version: "11" }, arch: "amd64" });
    const approved = await t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`);
    const failed = await hostStatus(t, approved.body.hostId, "create-failed");
    expect(failed.conditions).toContainEqual(expect.objectContaining({ type: "Provisioned", status: "False", reason: "UnsupportedOS" }));
  });

  it("rejects with a reason and filters by status", async () => {
    const t = await newTenant();
    const a = await pendingRequest(t);
    const b = await pendingRequest(t);
    const c = await pendingRequest(t);
    expect((await t.projectAdmin.post(`${t.base}/host-requests/${a}/reject`, {})).status).toBe(400);
    const rejected = await t.projectAdmin.post(`${t.base}/host-requests/${a}/reject`, { reason: "unknown rack" });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", reason: "unknown rack" });
    await t.projectAdmin.post(`${t.base}/host-requests/${b}/approve`);
    const ids = async (status: string) => (await t.projectAdmin.get(`${t.base}/host-requests?status=${status}`)).body.items.map((r: { id: string }) => r.id);
    expect(await ids("pending")).toEqual([c]);
    expect(await ids("approved")).toEqual([b]);
    expect(await ids("rejected")).toEqual([a]);
    const all = await t.projectAdmin.get(`${t.base}/host-requests`);
    expect(all.body.items.map((r: { id: string }) => r.id).sort()).toEqual([a, b, c].sort());
    expect((await t.projectAdmin.get(`${t.base}/host-requests?status=bogus`)).status).toBe(400);
    expect((await t.projectAdmin.get(`${t.base}/host-requests/hreq_01aaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
  });

  it("bulk-approves and bulk-rejects with a result per id", async () => {
    const t = await newTenant();
    const ids = await Promise.all([1, 2, 3, 4].map(() => pendingRequest(t)));
    await t.projectAdmin.post(`${t.base}/host-requests/${ids[3]}/reject`, { reason: "no" });
    const res = await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: [ids[0], ids[1], ids[3], "hreq_missing"] });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.results.map((r: { id: string }) => [r.id, r]));
    expect(byId[ids[0] as string].outcome).toBe("approved");
    expect(byId[ids[1] as string].outcome).toBe("approved");
    expect(byId[ids[3] as string]).toMatchObject({ outcome: "error", error: { status: 409 } });
    expect(byId.hreq_missing).toMatchObject({ outcome: "error", error: { status: 404 } });

    const rej = await t.projectAdmin.post(`${t.base}/host-requests/bulk-reject`, { ids: [ids[2], ids[0]], reason: "decommissioned" });
    expect(rej.body.results).toEqual([
      { id: ids[2], outcome: "rejected" },
      expect.objectContaining({ id: ids[0], outcome: "error" }),
    ]);
    expect((await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: [] })).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `hreq_${i}`);
    expect((await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: tooMany })).status).toBe(400);
  });

  it("lets exactly one of many concurrent approvals win; the others get 409", async () => {
    const t = await newTenant();
    const id = await pendingRequest(t);
    const results = await Promise.all(Array.from({ length: 6 }, () => t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const hosts = await t.projectAdmin.get(`${t.base}/hosts`);
    expect(hosts.body.items).toHaveLength(1);
  });

  it("honours If-Match on decisions", async () => {
    const t = await newTenant();
    const id = await pendingRequest(t);
    expect((await t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`, undefined, { "if-match": '"7"' })).status).toBe(412);
    const etag = (await t.projectAdmin.get(`${t.base}/host-requests/${id}`)).headers.get("etag") as string;
    expect((await t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`, undefined, { "if-match": etag })).status).toBe(200);
  });
});
