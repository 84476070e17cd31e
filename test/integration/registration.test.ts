import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { tables } from "../../infra/resources.js";
import { register, registration } from "../support/agent.js";
import { eventually, resourceName, useLocalAws } from "../support/api.js";
import { newTenant } from "../support/tenants.js";

describe("host PSK and agent registration", () => {
  it("registers a host once per machine id, with a PSK proof", async () => {
    const t = await newTenant();
    const body = registration(t, t.psk);
    const first = await register(t.admin, body);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ requestId: expect.stringMatching(/^hreq_/), status: "pending" });

    // the same machine again (fresh nonce): the same request, not a second one
    const again = await register(t.admin, registration(t, t.psk, { machineId: body.machineId }));
    expect(again.status).toBe(202);
    expect(again.body.requestId).toBe(first.body.requestId);
    const pending = await t.projectAdmin.get(`${t.base}/host-requests?status=pending`);
    expect(pending.body.items.filter((r: { machineId: string }) => r.machineId === body.machineId)).toHaveLength(1);

    // after approval, registering again names the host
    const approved = await t.projectAdmin.post(`${t.base}/host-requests/${first.body.requestId}/approve`);
    expect(approved.status).toBe(200);
    const third = await register(t.admin, registration(t, t.psk, { machineId: body.machineId }));
    expect(third.body).toEqual({ requestId: first.body.requestId, status: "approved", hostId: approved.body.hostId });
  });

  it("refuses wrong proofs, replayed nonces and stale timestamps with 401", async () => {
    const t = await newTenant();
    const wrong = await register(t.admin, registration(t, "not-the-psk"));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    expect(wrong.body.detail).toMatch(/proof/);

    const body = registration(t, t.psk);
    expect((await register(t.admin, body)).status).toBe(202);
    const replay = await register(t.admin, body);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/nonce/);

    const stale = await register(t.admin, registration(t, t.psk, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toMatch(/timestamp/);
    const future = await register(t.admin, registration(t, t.psk, { timestamp: Math.floor(Date.now() / 1000) + 600 }));
    expect(future.status).toBe(401);

    // a proof for another project does not register here
    const other = await newTenant();
    const cross = registration(other, t.psk);
    expect((await register(t.admin, cross)).status).toBe(401);
    // an unknown project looks the same as a wrong PSK
    expect((await register(t.admin, registration({ domain: t.domain, project: "nope" }, t.psk))).status).toBe(401);
  });

  it("rotates the PSK: the old one stops registering at once", async () => {
    const t = await newTenant();
    const before = await t.projectAdmin.get(`${t.base}/host-psk`);
    expect(before.body.psk).toBe(t.psk);
    expect(before.headers.get("cache-control")).toBe("no-store");
    const reset = await t.projectAdmin.post(`${t.base}/host-psk/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.psk).not.toBe(t.psk);
    expect(reset.body.version).toBe(before.body.version + 1);
    expect((await register(t.admin, registration(t, t.psk))).status).toBe(401);
    expect((await register(t.admin, registration(t, reset.body.psk))).status).toBe(202);
    expect((await t.projectAdmin.get(`${t.base}/host-psk`)).body.psk).toBe(reset.body.psk);
  });

  it("costs one round trip once the project is known, and still sees a PSK reset or an auto-approve switch at once", async () => {
    const t = await newTenant();
    const trips = (r: { headers: Headers }) => r.headers.get("x-ckp-round-trip-detail");
    // the first registration reads the project; the next ones need only their transaction
    expect((await register(t.admin, registration(t, t.psk))).status).toBe(202);
    const warm = await register(t.admin, registration(t, t.psk));
    expect(warm.status).toBe(202);
    expect(trips(warm)).toBe("DynamoDB.TransactWriteItems=1");

    const reset = await t.projectAdmin.post(`${t.base}/host-psk/reset`);
    expect((await register(t.admin, registration(t, t.psk))).status).toBe(401);
    expect((await register(t.admin, registration(t, reset.body.psk))).status).toBe(202);

    const project = await t.projectAdmin.get(t.base);
    const patched = await t.projectAdmin.patch(t.base, { autoApproveHosts: true }, { "if-match": project.headers.get("etag") ?? "" });
    expect(patched.status).toBe(200);
    const auto = await register(t.admin, registration(t, reset.body.psk));
    expect(auto.status).toBe(202);
    expect(auto.body.status).toBe("approved");
  });

  it("stores the PSK encrypted, never in plaintext", async () => {
    const t = await newTenant();
    const env = useLocalAws();
    const items = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: resourceName(env, tables.main.logical),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `D#${t.domain}#P#${t.project}` },
      }),
    );
    const raw = JSON.stringify(items.Items);
    expect(items.Items?.length).toBeGreaterThan(0);
    expect(raw).not.toContain(t.psk);
    expect(raw).toContain('"ct"');
  });

  it("auto-approves when the project says so, and the host is provisioned", async () => {
    const t = await newTenant({ autoApproveHosts: true });
    const res = await register(t.admin, registration(t, t.psk));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "approved", hostId: expect.stringMatching(/^host_/) });
    const host = await eventually(
      async () => {
        const h = await t.projectAdmin.get(`${t.base}/hosts/${res.body.hostId}`);
        return h.body.status === "create-completed" ? h.body : undefined;
      },
      20_000,
      "auto-approved host to be provisioned",
    );
    expect(host.conditions).toContainEqual(expect.objectContaining({ type: "Provisioned", status: "True" }));
    const req = await t.projectAdmin.get(`${t.base}/host-requests/${res.body.requestId}`);
    expect(req.body).toMatchObject({ status: "approved", decidedBy: "auto-approve" });
  });
});
