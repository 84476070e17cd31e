import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { sqsClient } from "../../core/aws/sqs.js";
import { queues } from "../../infra/resources.js";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { approvedHost, register, registration } from "../support/agent.js";
import { Api, eventually, resourceName, useLocalAws } from "../support/api.js";
import { startDevServer } from "../support/dev-server.js";
import { tenantEvents } from "../support/events.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

async function pendingRequest(t: Tenant, facts?: Record<string, unknown>): Promise<string> {
  const res = await register(t.admin, registration(t, t.psk, facts ? { facts } : {}));
  expect(res.status).toBe(202);
  return res.body.requestId as string;
}

async function hostStatus(t: Tenant, hostId: string, want: string) {
  return eventually(
    async () => {
      const h = await t.projectAdmin.get(`${t.base}/hosts/${hostId}`);
      return h.body.status === want ? h.body : undefined;
    },
    20_000,
    `host ${hostId} to be ${want}`,
  );
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
    // The request handler creates the host pending, as its approval event records; only the worker moves it on.
    const events = await t.projectAdmin.get(`${t.base}/events?type=ckp.hostrequest.approved&subject=host-requests/${id}`);
    expect(events.body.items.map((e: { data: { host: { id: string; status: string } } }) => e.data.host)).toEqual([
      expect.objectContaining({ id: approved.body.hostId, status: "create-pending" }),
    ]);
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
    const ids = async (status: string) =>
      (await t.projectAdmin.get(`${t.base}/host-requests?status=${status}`)).body.items.map((r: { id: string }) => r.id);
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
    expect(rej.body.results).toEqual([{ id: ids[2], outcome: "rejected" }, expect.objectContaining({ id: ids[0], outcome: "error" })]);
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

  it("without workers an approved host stays create-pending: the worker, not the handler, completes it", async () => {
    useLocalAws();
    const stage = `nowork${Date.now().toString(36)}`;
    const server = await startDevServer({ stage, args: ["--no-workers"] });
    try {
      const admin = new Api(server.url, server.adminToken);
      const domain = uniqueName("nowork");
      expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
      expect((await admin.post(`/v1/domains/${domain}/projects`, { name: "p" })).status).toBe(201);
      const base = `/v1/domains/${domain}/projects/p`;
      const psk = (await admin.get(`${base}/host-psk`)).body.psk as string;
      const reg = await register(admin, registration({ domain, project: "p" }, psk));
      const approved = await admin.post(`${base}/host-requests/${reg.body.requestId}/approve`);
      expect(approved.status).toBe(200);
      // the relay has published the approval: it waits in the provisioning queue, unconsumed
      const queueUrl = resourceName(server.env, queues.provisioning.logical);
      await eventually(
        async () => {
          const a = await sqsClient().send(
            new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
          );
          return Number(a.Attributes?.ApproximateNumberOfMessages) >= 1 ? true : undefined;
        },
        30_000,
        "the approval event queued",
      );
      const host = await admin.get(`${base}/hosts/${approved.body.hostId}`);
      expect(host.body.status).toBe("create-pending");
      expect(host.body.conditions).toContainEqual(expect.objectContaining({ type: "Provisioned", status: "Unknown" }));
    } finally {
      await server.stop();
      await deleteResources(stage).catch(() => undefined);
    }
  });

  it("another tenant's requests are 404 by id, and per-item not-found in bulk", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const id = await pendingRequest(a);
    // b's token on a's paths, and a's id under b's paths
    expect((await b.projectAdmin.get(`${a.base}/host-requests/${id}`)).status).toBe(404);
    expect((await b.projectAdmin.get(`${b.base}/host-requests/${id}`)).status).toBe(404);
    for (const base of [a.base, b.base]) {
      expect((await b.projectAdmin.post(`${base}/host-requests/${id}/approve`)).status).toBe(404);
      expect((await b.projectAdmin.post(`${base}/host-requests/${id}/reject`, { reason: "x" })).status).toBe(404);
      expect((await b.projectAdmin.delete(`${base}/host-requests/${id}`)).status).toBe(404);
    }
    const approve = await b.projectAdmin.post(`${b.base}/host-requests/bulk-approve`, { ids: [id] });
    expect(approve.status).toBe(200);
    expect(approve.body.results).toEqual([{ id, outcome: "error", error: expect.objectContaining({ status: 404 }) }]);
    const reject = await b.projectAdmin.post(`${b.base}/host-requests/bulk-reject`, { ids: [id], reason: "x" });
    expect(reject.body.results).toEqual([{ id, outcome: "error", error: expect.objectContaining({ status: 404 }) }]);
    expect((await b.projectAdmin.post(`${a.base}/host-requests/bulk-approve`, { ids: [id] })).status).toBe(404);
    // hosts and groups by id, too
    const { hostId } = await approvedHost(a);
    expect((await b.projectAdmin.get(`${b.base}/hosts/${hostId}`)).status).toBe(404);
    expect((await b.projectAdmin.delete(`${b.base}/hosts/${hostId}`)).status).toBe(404);
    const del = await b.projectAdmin.post(`${b.base}/hosts/bulk-delete`, { ids: [hostId] });
    expect(del.body.results).toEqual([{ id: hostId, outcome: "error", error: expect.objectContaining({ status: 404 }) }]);
    expect((await b.projectAdmin.post(`${b.base}/host-groups`, { name: "g" })).status).toBe(201);
    expect((await b.projectAdmin.put(`${b.base}/host-groups/g/hosts/${hostId}`)).status).toBe(404);
    const add = await b.projectAdmin.post(`${b.base}/host-groups/g/hosts/bulk-add`, { ids: [hostId] });
    expect(add.body.results).toEqual([{ id: hostId, outcome: "error", error: expect.objectContaining({ status: 404 }) }]);
    // untouched in a
    expect((await a.projectAdmin.get(`${a.base}/host-requests/${id}`)).body.status).toBe("pending");
    expect((await a.projectAdmin.get(`${a.base}/hosts/${hostId}`)).body.group).toBeUndefined();
  });
});

describe("deleting host requests", () => {
  it("deletes a rejected request, so its machine registers afresh", async () => {
    const t = await newTenant();
    const body = registration(t, t.psk);
    const first = await register(t.admin, body);
    const id = first.body.requestId as string;
    expect((await t.projectAdmin.post(`${t.base}/host-requests/${id}/reject`, { reason: "wrong rack" })).status).toBe(200);
    // until then the machine only ever gets its rejection back
    const stuck = await register(t.admin, registration(t, t.psk, { machineId: body.machineId }));
    expect(stuck.body).toMatchObject({ requestId: id, status: "rejected" });

    expect((await t.projectAdmin.delete(`${t.base}/host-requests/${id}`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/host-requests/${id}`)).status).toBe(404);
    expect((await t.projectAdmin.delete(`${t.base}/host-requests/${id}`)).status).toBe(404);
    const again = await register(t.admin, registration(t, t.psk, { machineId: body.machineId }));
    expect(again.status).toBe(202);
    expect(again.body.requestId).not.toBe(id);
    expect(again.body.status).toBe("pending");

    const events = await tenantEvents(useLocalAws(), t);
    const deleted = events.find((e) => e.type === "ckp.hostrequest.deleted");
    expect(deleted?.data).toEqual({
      requestId: id,
      machineId: body.machineId,
      status: "rejected",
      machineFreed: true,
      reason: "deleted through the API",
    });
    expect(deleted?.actor.kind).toBe("token");
    expect(deleted?.subject).toBe(`host-requests/${id}`);
  });

  it("deletes a pending request with If-Match; only project admins may", async () => {
    const t = await newTenant();
    const body = registration(t, t.psk);
    const id = (await register(t.admin, body)).body.requestId as string;
    const viewer = t.admin.as(await tokenFor(t.admin, "project-member", t.domain, t.project));
    expect((await viewer.delete(`${t.base}/host-requests/${id}`)).status).toBe(403);
    expect((await t.projectAdmin.delete(`${t.base}/host-requests/${id}`, { "if-match": '"9"' })).status).toBe(412);
    const etag = (await t.projectAdmin.get(`${t.base}/host-requests/${id}`)).headers.get("etag") as string;
    expect((await t.projectAdmin.delete(`${t.base}/host-requests/${id}`, { "if-match": etag })).status).toBe(204);
    const again = await register(t.admin, registration(t, t.psk, { machineId: body.machineId }));
    expect(again.body).toMatchObject({ status: "pending" });
    expect(again.body.requestId).not.toBe(id);
    expect((await t.projectAdmin.get(`${t.base}/host-requests?status=pending`)).body.items.map((r: { id: string }) => r.id)).toEqual([
      again.body.requestId,
    ]);
  });

  it("keeps an approved request whose host exists (409 naming the host); deleting the host takes its request along", async () => {
    const t = await newTenant();
    const { hostId, requestId, machineId } = await approvedHost(t);
    const refused = await t.projectAdmin.delete(`${t.base}/host-requests/${requestId}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ hostId });
    expect(refused.body.detail).toContain(hostId);
    await hostStatus(t, hostId, "create-completed");
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${hostId}`)).status).toBe(204);
    // the host's request went with it, and the machine registers afresh
    expect((await t.projectAdmin.get(`${t.base}/host-requests/${requestId}`)).status).toBe(404);
    expect((await t.projectAdmin.delete(`${t.base}/host-requests/${requestId}`)).status).toBe(404);
    const again = await register(t.admin, registration(t, t.psk, { machineId }));
    expect(again.body.status).toBe("pending");
    expect(again.body.requestId).not.toBe(requestId);
    const still = await register(t.admin, registration(t, t.psk, { machineId }));
    expect(still.body).toMatchObject({ requestId: again.body.requestId, status: "pending" });
  });

  it("of a delete and an approval of one pending request, exactly one succeeds", async () => {
    const t = await newTenant();
    const id = await pendingRequest(t);
    const [approve, del] = await Promise.all([
      t.projectAdmin.post(`${t.base}/host-requests/${id}/approve`),
      t.projectAdmin.delete(`${t.base}/host-requests/${id}`),
    ]);
    const won = [approve.status === 200, del.status === 204].filter(Boolean);
    expect(won, `approve ${approve.status}, delete ${del.status}`).toHaveLength(1);
    for (const r of [approve, del]) expect([200, 204, 404, 409]).toContain(r.status);
    const hosts = (await t.projectAdmin.get(`${t.base}/hosts`)).body.items;
    expect(hosts).toHaveLength(approve.status === 200 ? 1 : 0);
  });
});
