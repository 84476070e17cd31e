import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { freeHostItems, freeHosts } from "../../core/clusters/hosts.js";
import { hostPlatform } from "../../core/clusters/platform.js";
import type { Deps } from "../../core/deps.js";
import { systemClock } from "../../core/shared/clock.js";
import { hostGroupMembersPk, keys } from "../../core/store/keys.js";
import { tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { passingPreflight } from "../doubles/machine-agent.js";
import { useLocalAws } from "../support/api.js";
import { dropTable } from "../support/archive.js";

/**
 * A group's free hosts on DynamoDB Local (its members index): in the index's
 * order for the API's checks and plans, and in an order of each cluster's
 * own for the hosts a cluster takes, so clusters created at once mostly ask
 * for different hosts.
 */
describe("a group's free hosts", () => {
  const table = `ckp-free-${randomBytes(4).toString("hex")}`;
  const deps = () => ({ db: dynamoDocumentClient(), table, clock: systemClock }) as unknown as Deps;
  const t = { domain: "acme", project: "edge" };
  const group = "pool";
  let ids: string[] = [];

  beforeAll(async () => {
    useLocalAws();
    await ensureTable(new DynamoDBClient({}), table, tables.main);
    const now = new Date().toISOString();
    ids = Array.from({ length: 12 }, (_, i) => `host_${String(i).padStart(2, "0")}${randomBytes(4).toString("hex")}`);
    for (const [i, id] of ids.entries())
      await deps().db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.host(t, id),
            id,
            ...t,
            status: "create-completed",
            group,
            gsi2pk: hostGroupMembersPk(t, group),
            gsi2sk: id,
            labels: { "ckp.io/os": "ubuntu-22.04", team: "edge" },
            facts: { os: { id: "Ubuntu", version: "22.04" }, arch: "x86_64", cpus: 8, preflight: passingPreflight() },
            conditions: [{ type: "Provisioned", status: "True" }],
            // one host is some cluster's already: never free
            ...(i === 5 ? { clusterId: "cl_other" } : {}),
            // one passed at registration but its agent now reports swap on: never given to a cluster
            ...(i === 7 ? { agent: { status: "ready", health: { preflight: { ...passingPreflight(), swapDevices: 1 } } } } : {}),
            createdAt: now,
            updatedAt: now,
            version: 1,
          },
        }),
      );
  });
  afterAll(() => dropTable(table));

  it("in the index's order without a cluster; in each cluster's own order with one, the same at every read", async () => {
    const free = ids.filter((_, i) => i !== 5 && i !== 7);
    expect((await freeHosts(deps(), t, group, 3)).map((h) => h.id)).toEqual(free.slice(0, 3));

    const picks = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await freeHosts(deps(), t, group, 3, { spreadFor: `edge-${i}` })).map((h) => h.id)),
    );
    for (const [i, pick] of picks.entries()) {
      expect(pick).toHaveLength(3);
      for (const id of pick) expect(free).toContain(id);
      expect((await freeHosts(deps(), t, group, 3, { spreadFor: `edge-${i}` })).map((h) => h.id)).toEqual(pick);
    }
    // eight clusters' first picks are not all the group's first host (in index order all eight would ask for it)
    expect(new Set(picks.map((p) => p[0])).size).toBeGreaterThan(2);
    // asking for more than are free answers every free host
    expect((await freeHosts(deps(), t, group, 50, { spreadFor: "edge-x" })).map((h) => h.id).sort()).toEqual([...free].sort());
  });

  it("reads of each free host only what a pick judges; a plan gets the whole items, in the same order", async () => {
    const [first] = await freeHosts(deps(), t, group, 1, { spreadFor: "edge-0" });
    expect(hostPlatform(first as Parameters<typeof hostPlatform>[0])).toMatchObject({ os: "ubuntu-22.04", arch: "amd64" });
    expect(first?.labels).toEqual({ "ckp.io/os": "ubuntu-22.04" });
    expect(first?.facts).not.toHaveProperty("cpus");
    expect(first).not.toHaveProperty("conditions");
    const picked = (await freeHosts(deps(), t, group, 4, { spreadFor: "edge-1" })).map((h) => h.id);
    const whole = await freeHostItems(deps(), t, group, 4, { spreadFor: "edge-1" });
    expect(whole.map((h) => h.id)).toEqual(picked);
    expect(whole[0]).toMatchObject({ labels: { team: "edge" }, facts: { cpus: 8 }, conditions: [{ type: "Provisioned" }] });
  });
});
