import { describe, expect, it } from "vitest";
import { approvedHost, register, registration, UBUNTU_FACTS } from "../support/agent.js";
import { eventually } from "../support/api.js";
import { newTenant, type Tenant } from "../support/tenants.js";

async function completed(t: Tenant, hostId: string) {
  return eventually(
    async () => {
      const h = await t.projectAdmin.get(`${t.base}/hosts/${hostId}`);
      return h.body.status === "create-completed" ? h.body : undefined;
    },
    20_000,
    "host provisioned",
  );
}

describe("hosts", () => {
  it("lists with status, group and label filters and cursor pagination", async () => {
    const t = await newTenant();
    const arm = { ...UBUNTU_FACTS, arch: "arm64" };
    const hosts = await Promise.all([
      approvedHost(t),
      approvedHost(t),
      approvedHost(t, { facts: arm }),
      approvedHost(t, { facts: arm }),
      approvedHost(t, { facts: { os: { id: "plan9", version: "4" }, arch: "amd64" } }),
    ]);
    const ids = hosts.map((h) => h.hostId);
    await eventually(
      async () => {
        const list = await t.projectAdmin.get(`${t.base}/hosts?status=create-pending`);
        return list.body.items.length === 0 ? true : undefined;
      },
      20_000,
      "all hosts provisioned",
    );

    // pagination: pages of 2 cover every host exactly once
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await t.projectAdmin.get(`${t.base}/hosts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((h: { id: string }) => h.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(pages).toBeGreaterThanOrEqual(3);

    const failed = await t.projectAdmin.get(`${t.base}/hosts?status=create-failed`);
    expect(failed.body.items.map((h: { id: string }) => h.id)).toEqual([ids[4]]);
    const armHosts = await t.projectAdmin.get(`${t.base}/hosts?label=${encodeURIComponent("kubernetes.io/arch=arm64")}`);
    expect(armHosts.body.items.map((h: { id: string }) => h.id).sort()).toEqual([ids[2], ids[3]].sort());

    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "gpu" });
    expect((await t.projectAdmin.put(`${t.base}/host-groups/gpu/hosts/${ids[0]}`)).status).toBe(204);
    expect((await t.projectAdmin.put(`${t.base}/host-groups/gpu/hosts/${ids[2]}`)).status).toBe(204);
    const inGroup = await t.projectAdmin.get(`${t.base}/hosts?group=gpu`);
    expect(inGroup.body.items.map((h: { id: string }) => h.id).sort()).toEqual([ids[0], ids[2]].sort());
    const armInGroup = await t.projectAdmin.get(`${t.base}/hosts?group=gpu&label=${encodeURIComponent("kubernetes.io/arch=arm64")}`);
    expect(armInGroup.body.items.map((h: { id: string }) => h.id)).toEqual([ids[2]]);
    const completedInGroup = await t.projectAdmin.get(`${t.base}/hosts?group=gpu&status=create-completed`);
    expect(completedInGroup.body.items).toHaveLength(2);

    expect((await t.projectAdmin.get(`${t.base}/hosts?label=nonsense`)).status).toBe(400);
    expect((await t.projectAdmin.get(`${t.base}/hosts?cursor=garbage`)).status).toBe(400);
    const other = await newTenant();
    const foreignCursor = (await t.projectAdmin.get(`${t.base}/hosts?limit=1`)).body.nextCursor;
    expect((await other.projectAdmin.get(`${other.base}/hosts?cursor=${encodeURIComponent(foreignCursor)}`)).status).toBe(400);
  });

  it("walks every item of a filtered list, however short its pages come back", async () => {
    const t = await newTenant();
    const arm = { ...UBUNTU_FACTS, arch: "arm64" };
    // arm hosts spread thinly among amd hosts, so a filtered Query reads many items to find one
    const made = [];
    for (let i = 0; i < 14; i++) made.push(await approvedHost(t, i % 5 === 2 ? { facts: arm } : {}));
    const want = made
      .filter((_, i) => i % 5 === 2)
      .map((h) => h.hostId)
      .sort();
    expect(want).toHaveLength(3);
    await eventually(
      async () => {
        const list = await t.projectAdmin.get(`${t.base}/hosts?status=create-pending`);
        return list.body.items.length === 0 ? true : undefined;
      },
      30_000,
      "all hosts provisioned",
    );
    await t.projectAdmin.post(`${t.base}/host-groups`, { name: "all" });
    expect((await t.projectAdmin.post(`${t.base}/host-groups/all/hosts/bulk-add`, { ids: made.map((h) => h.hostId) })).status).toBe(200);

    const walk = async (query: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = await t.projectAdmin.get(
          `${t.base}/hosts?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        expect(page.status, page.text).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.body.items.map((h: { id: string }) => h.id));
        cursor = page.body.nextCursor;
        pages++;
        expect(pages).toBeLessThan(50);
      } while (cursor);
      return seen;
    };
    const arch = `label=${encodeURIComponent("kubernetes.io/arch=arm64")}`;
    for (const query of [arch, `group=all&${arch}`, `status=create-completed&${arch}`, `group=all&status=create-completed&${arch}`]) {
      for (const limit of [1, 2]) {
        const seen = await walk(query, limit);
        // every match exactly once, none missing
        expect(seen.slice().sort(), `${query} limit=${limit}`).toEqual(want);
      }
    }
    // a filter nothing matches ends without items, not with an endless cursor
    expect(await walk(`label=${encodeURIComponent("kubernetes.io/arch=s390x")}`, 1)).toEqual([]);
  });

  it("deletes with If-Match: a stale ETag is 412 and the host stays", async () => {
    const t = await newTenant();
    const { hostId } = await approvedHost(t);
    await completed(t, hostId);
    const stale = (await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).headers.get("etag") as string;
    // someone else changes the host after we read it
    expect((await t.projectAdmin.patch(`${t.base}/hosts/${hostId}`, { labels: { rack: "r1" } })).status).toBe(200);
    const refused = await t.projectAdmin.delete(`${t.base}/hosts/${hostId}`, { "if-match": stale });
    expect(refused.status).toBe(412);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).status).toBe(200);
    const current = (await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).headers.get("etag") as string;
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${hostId}`, { "if-match": current })).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).status).toBe(404);
  });

  it("replaces labels with If-Match", async () => {
    const t = await newTenant();
    const { hostId } = await approvedHost(t);
    const h = await completed(t, hostId);
    const res = await t.projectAdmin.patch(`${t.base}/hosts/${hostId}`, { labels: { rack: "r12" } }, { "if-match": `"${h.version}"` });
    expect(res.status).toBe(200);
    expect(res.body.labels).toEqual({ rack: "r12" });
    expect(
      (await t.projectAdmin.patch(`${t.base}/hosts/${hostId}`, { labels: { rack: "r13" } }, { "if-match": `"${h.version}"` })).status,
    ).toBe(412);
    expect((await t.projectAdmin.patch(`${t.base}/hosts/${hostId}`, { labels: { "bad key!": "x" } })).status).toBe(400);
  });

  it("deletes a host, and the machine may register again as a new request", async () => {
    const t = await newTenant();
    const { hostId, machineId, requestId } = await approvedHost(t);
    await completed(t, hostId);
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${hostId}`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).status).toBe(404);
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${hostId}`)).status).toBe(404);
    const again = await register(t.admin, registration(t, t.psk, { machineId }));
    expect(again.status).toBe(202);
    expect(again.body.requestId).not.toBe(requestId);
    expect(again.body.status).toBe("pending");
  });

  it("bulk-deletes with a result per id", async () => {
    const t = await newTenant();
    const [a, b] = await Promise.all([approvedHost(t), approvedHost(t)]);
    await Promise.all([a, b].map((h) => completed(t, h!.hostId)));
    const res = await t.projectAdmin.post(`${t.base}/hosts/bulk-delete`, { ids: [a!.hostId, b!.hostId, "host_nope"] });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: a!.hostId, outcome: "deleted" },
      { id: b!.hostId, outcome: "deleted" },
      expect.objectContaining({ id: "host_nope", outcome: "error", error: expect.objectContaining({ status: 404, code: "not-found" }) }),
    ]);
    expect((await t.projectAdmin.get(`${t.base}/hosts`)).body.items).toEqual([]);
    // hosts a cluster holds: test/kube/assigned-hosts.test.ts, with a real cluster
  });
});
