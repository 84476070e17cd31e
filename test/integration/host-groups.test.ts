import { describe, expect, it } from "vitest";
import { approvedHost } from "../support/agent.js";
import { eventually } from "../support/api.js";
import { newTenant, type Tenant } from "../support/tenants.js";

async function readyHosts(t: Tenant, n: number): Promise<string[]> {
  const hosts = await Promise.all(Array.from({ length: n }, () => approvedHost(t)));
  const ids = hosts.map((h) => h.hostId);
  await eventually(
    async () => {
      const pending = await t.projectAdmin.get(`${t.base}/hosts?status=create-pending`);
      return pending.body.items.length === 0 ? true : undefined;
    },
    20_000,
    "hosts provisioned",
  );
  return ids;
}

describe("host groups", () => {
  it("creates, reads, updates with If-Match and lists groups", async () => {
    const t = await newTenant();
    const g = await t.projectAdmin.post(`${t.base}/host-groups`, { name: "edge-a", description: "rack A", labels: { zone: "a" } });
    expect(g.status).toBe(201);
    expect(g.body).toMatchObject({ name: "edge-a", hostCount: 0, labels: { zone: "a" } });
    expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "edge-a" })).status).toBe(409);
    expect((await t.projectAdmin.post(`${t.base}/host-groups`, { name: "Edge_A" })).status).toBe(400);
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "edge-b" });
    const list = await t.projectAdmin.get(`${t.base}/host-groups`);
    expect(list.body.items.map((x: { name: string }) => x.name)).toEqual(["edge-a", "edge-b"]);

    const etag = (await t.projectAdmin.get(`${t.base}/host-groups/edge-a`)).headers.get("etag") as string;
    const upd = await t.projectAdmin.patch(`${t.base}/host-groups/edge-a`, { labels: { zone: "b" } }, { "if-match": etag });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ description: "rack A", labels: { zone: "b" }, version: 2 });
    expect((await t.projectAdmin.patch(`${t.base}/host-groups/edge-a`, { description: "x" }, { "if-match": etag })).status).toBe(412);
    expect((await t.projectAdmin.patch(`${t.base}/host-groups/edge-a`, { name: "renamed" })).status).toBe(400);
  });

  it("holds a host in at most one group", async () => {
    const t = await newTenant();
    const [h] = await readyHosts(t, 1);
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "a" });
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "b" });
    expect((await t.projectAdmin.put(`${t.base}/host-groups/a/hosts/${h}`)).status).toBe(204);
    expect((await t.projectAdmin.put(`${t.base}/host-groups/a/hosts/${h}`)).status).toBe(204); // idempotent
    const clash = await t.projectAdmin.put(`${t.base}/host-groups/b/hosts/${h}`);
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ group: "a" });
    expect(clash.body.detail).toContain("a");
    expect((await t.projectAdmin.get(`${t.base}/host-groups/a`)).body.hostCount).toBe(1);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${h}`)).body.group).toBe("a");

    // removing from the wrong group is not found; from the right one works
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/b/hosts/${h}`)).status).toBe(404);
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/a/hosts/${h}`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/host-groups/a`)).body.hostCount).toBe(0);
    expect((await t.projectAdmin.put(`${t.base}/host-groups/b/hosts/${h}`)).status).toBe(204);
    expect((await t.projectAdmin.put(`${t.base}/host-groups/missing/hosts/${h}`)).status).toBe(404);
    expect((await t.projectAdmin.put(`${t.base}/host-groups/a/hosts/host_missing`)).status).toBe(404);
  });

  it("two concurrent adds of one host to different groups: one wins", async () => {
    const t = await newTenant();
    const [h] = await readyHosts(t, 1);
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "x" });
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "y" });
    const [rx, ry] = await Promise.all([
      t.projectAdmin.put(`${t.base}/host-groups/x/hosts/${h}`),
      t.projectAdmin.put(`${t.base}/host-groups/y/hosts/${h}`),
    ]);
    expect([rx.status, ry.status].sort()).toEqual([204, 409]);
    const counts = (await t.projectAdmin.get(`${t.base}/host-groups`)).body.items.map((g: { hostCount: number }) => g.hostCount);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(1);
  });

  it("bulk-adds and bulk-removes with per-item results", async () => {
    const t = await newTenant();
    const ids = await readyHosts(t, 4);
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "pool" });
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "other" });
    await t.projectAdmin.put(`${t.base}/host-groups/other/hosts/${ids[3]}`);
    const add = await t.projectAdmin.post(`${t.base}/host-groups/pool/hosts/bulk-add`, { ids: [...ids, "host_ghost"] });
    expect(add.status).toBe(200);
    expect(add.body.results.slice(0, 3)).toEqual(ids.slice(0, 3).map((id) => ({ id, outcome: "added" })));
    expect(add.body.results[3]).toMatchObject({ id: ids[3], outcome: "error", error: { status: 409, group: "other" } });
    expect(add.body.results[4]).toMatchObject({ id: "host_ghost", outcome: "error", error: { status: 404 } });
    expect((await t.projectAdmin.get(`${t.base}/host-groups/pool`)).body.hostCount).toBe(3);

    const rm = await t.projectAdmin.post(`${t.base}/host-groups/pool/hosts/bulk-remove`, { ids: [ids[0], ids[3]] });
    expect(rm.body.results).toEqual([{ id: ids[0], outcome: "removed" }, expect.objectContaining({ id: ids[3], outcome: "error" })]);
    expect((await t.projectAdmin.get(`${t.base}/host-groups/pool`)).body.hostCount).toBe(2);
    expect((await t.projectAdmin.post(`${t.base}/host-groups/nope/hosts/bulk-add`, { ids })).status).toBe(404);
  });

  it("refuses to delete a non-empty group unless forced, which releases its hosts", async () => {
    const t = await newTenant();
    const ids = await readyHosts(t, 3);
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "rack" });
    await t.projectAdmin.post(`${t.base}/host-groups/rack/hosts/bulk-add`, { ids });
    const refused = await t.projectAdmin.delete(`${t.base}/host-groups/rack`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ hostCount: 3 });
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/rack?force=true`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/host-groups/rack`)).status).toBe(404);
    for (const id of ids) expect((await t.projectAdmin.get(`${t.base}/hosts/${id}`)).body.group).toBeUndefined();
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "empty" });
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/empty`)).status).toBe(204);
  });

  it("deletes with If-Match: a stale ETag is 412 and the group stays", async () => {
    const t = await newTenant();
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "tagged" });
    const stale = (await t.projectAdmin.get(`${t.base}/host-groups/tagged`)).headers.get("etag") as string;
    const upd = await t.projectAdmin.patch(`${t.base}/host-groups/tagged`, { description: "changed" }, { "if-match": stale });
    expect(upd.status).toBe(200);
    const refused = await t.projectAdmin.delete(`${t.base}/host-groups/tagged`, { "if-match": stale });
    expect(refused.status).toBe(412);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await t.projectAdmin.get(`${t.base}/host-groups/tagged`)).body.description).toBe("changed");
    const current = (await t.projectAdmin.get(`${t.base}/host-groups/tagged`)).headers.get("etag") as string;
    expect(current).not.toBe(stale);
    expect((await t.projectAdmin.delete(`${t.base}/host-groups/tagged`, { "if-match": current })).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/host-groups/tagged`)).status).toBe(404);
  });
});
