import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { processTallies } from "../../core/aws/round-trips.js";
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

  it("reads a few times the hosts a cluster takes, not the whole group: 300 members, 40 clusters taking theirs one after another", async () => {
    const big = "rack";
    const next = monotonicFactory();
    let at = Date.parse("2026-12-01T10:00:00Z");
    // ids as hosts registering over half a minute get them (core/shared/ids.ts)
    const members = Array.from({ length: 300 }, () => {
      at += Math.floor(Math.random() * 200);
      return `host_${next(at).toLowerCase()}`;
    });
    const now = new Date().toISOString();
    for (let i = 0; i < members.length; i += 25)
      await deps().db.send(
        new BatchWriteCommand({
          RequestItems: {
            [table]: members.slice(i, i + 25).map((id) => ({
              PutRequest: {
                Item: {
                  ...keys.host(t, id),
                  id,
                  ...t,
                  status: "create-completed",
                  group: big,
                  gsi2pk: hostGroupMembersPk(t, big),
                  gsi2sk: id,
                  facts: { os: { id: "Ubuntu", version: "22.04" }, arch: "x86_64", preflight: passingPreflight() },
                  createdAt: now,
                  updatedAt: now,
                  version: 1,
                },
              },
            })),
          },
        }),
      );
    const scanned = () => processTallies()["DynamoDB.scanned"] ?? 0;
    const taken = new Set<string>();
    const reads: number[] = [];
    for (let c = 0; c < 40; c++) {
      const before = scanned();
      const pick = await freeHosts(deps(), t, big, 3, { spreadFor: `cluster-${c}` });
      reads.push(scanned() - before);
      expect(pick).toHaveLength(3);
      // as assign-hosts does: the picked hosts are the cluster's from now on
      for (const h of pick) {
        expect(taken.has(h.id)).toBe(false);
        taken.add(h.id);
        await deps().db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...keys.host(t, h.id),
              id: h.id,
              ...t,
              status: "create-completed",
              group: big,
              gsi2pk: hostGroupMembersPk(t, big),
              gsi2sk: h.id,
              clusterId: `cl_${c}`,
              createdAt: now,
              updatedAt: now,
              version: 2,
            },
          }),
        );
      }
    }
    // a pick reads 5 × 3 free hosts and what lies between them: tens of members, where it read all 300
    const sorted = [...reads].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(60);
    expect(Math.max(...reads)).toBeLessThan(300);
    // the clusters' picks come from all over the group, not its first members
    const rank = (id: string) => [...members].sort().indexOf(id);
    expect([...taken].filter((id) => rank(id) >= 150).length).toBeGreaterThan(20);
    // the read wraps round: the last free hosts are found wherever they are
    expect((await freeHosts(deps(), t, big, 500, { spreadFor: "cluster-x" })).length).toBe(300 - taken.size);
  });
});
