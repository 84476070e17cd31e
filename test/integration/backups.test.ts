import { describe, expect, it } from "vitest";
import { newTenant } from "../support/tenants.js";

/**
 * What the backups, schedules and restores API refuses before it reaches a
 * cluster (the flow itself, with Velero's server double, is in
 * test/kube/backup-locations.test.ts).
 */
describe("backups API: validation", () => {
  it("answers 400 naming the field for what Velero could not take, and 404 for a cluster of nothing", async () => {
    const t = await newTenant();
    const path = `${t.base}/clusters/cl_00000000000000000000000000`;
    const cases: Array<[string, unknown, string]> = [
      ["backups", { name: "b1", ttl: "30 days" }, "ttl"],
      ["backups", { name: "B1" }, "name"],
      ["backups", { name: "b1", includedNamespaces: ["Shop"] }, "includedNamespaces.0"],
      [
        "backups",
        { name: "b1", labelSelector: { matchExpressions: [{ key: "app", operator: "In" }] } },
        "labelSelector.matchExpressions.0.values",
      ],
      ["backups", { name: "b1", surprise: true }, "(root)"],
      ["backup-schedules", { name: "s1", schedule: "every night" }, "schedule"],
      ["backup-schedules", { name: "s1", schedule: "0 2 * *" }, "schedule"],
      ["restores", { name: "r1" }, "backup"],
      ["restores", { name: "r1", backup: "b1", namespaceMapping: { shop: "Shop" } }, "namespaceMapping.shop"],
    ];
    for (const [what, body, field] of cases) {
      const res = await t.projectAdmin.post(`${path}/${what}`, body);
      expect(res.status, `${what} ${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    for (const body of [
      { name: "s1", schedule: "@daily" },
      { name: "s1", schedule: "@every 6h" },
      { name: "s1", schedule: "*/15 2-4 1,15 * MON-FRI" },
    ]) {
      const res = await t.projectAdmin.post(`${path}/backup-schedules`, body);
      expect(res.status, res.text).toBe(404);
    }
    expect((await t.projectAdmin.post(`${path}/backups`, { name: "b1", ttl: "24h" })).status).toBe(404);
    expect((await t.projectAdmin.get(`${path}/backups`)).status).toBe(404);
    expect((await t.projectAdmin.get(`${path}/restores/r1`)).status).toBe(404);
    expect((await t.projectAdmin.patch(`${path}/backup-schedules/s1`, { paused: true })).status).toBe(404);
  });
});
