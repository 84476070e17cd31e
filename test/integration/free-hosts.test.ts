import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { freeHosts } from "../../core/clusters/hosts.js";
import type { Deps } from "../../core/deps.js";
import { systemClock } from "../../core/shared/clock.js";
import { hostGroupMembersPk, keys } from "../../core/store/keys.js";
import { tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
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
            labels: {},
            facts: {},
            // one host is some cluster's already: never free
            ...(i === 5 ? { clusterId: "cl_other" } : {}),
            createdAt: now,
            updatedAt: now,
            version: 1,
          },
        }),
      );
  });
  afterAll(() => dropTable(table));

  it("in the index's order without a cluster; in each cluster's own order with one, the same at every read", async () => {
    const free = ids.filter((_, i) => i !== 5);
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
});
