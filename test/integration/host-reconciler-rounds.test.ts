import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { countRoundTrips } from "../../core/aws/round-trips.js";
import { bindingKey } from "../../core/byoh/binding.js";
import { reconcileHosts } from "../../core/byoh/host-reconciler.js";
import type { ManagementKube } from "../../core/byoh/kube.js";
import type { Deps } from "../../core/deps.js";
import type { KubeObject } from "../../core/kube/objects.js";
import { systemClock } from "../../core/shared/clock.js";
import { DomainError } from "../../core/shared/errors.js";
import { keys } from "../../core/store/keys.js";
import { tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { useLocalAws } from "../support/api.js";
import { dropTable } from "../support/archive.js";

/**
 * The BYOH host reconciler's rounds over several hosts (a cluster's hosts
 * assigned or released), on DynamoDB Local: the hosts' inputs are read in
 * batches, and a host whose inputs moved while it was being converged goes
 * round again, with what they are now. The management cluster is a
 * recording double (the real apiserver's side is test/kube/byoh-hosts.test.ts).
 */
class RecordingKube implements ManagementKube {
  readonly applied: KubeObject[] = [];
  /** called after each apply, before the reconciler reads its inputs again */
  onApply: (o: KubeObject) => Promise<void> = async () => {};

  async apply(_mc: string, objects: KubeObject[]) {
    for (const o of objects) {
      this.applied.push(o);
      await this.onApply(o);
    }
    return objects;
  }
  async get() {
    return undefined;
  }
  async delete() {
    return false;
  }
  async list() {
    return [];
  }
  async listWithVersion() {
    return { items: [] };
  }
  async exists() {
    return true;
  }
}

describe("reconciling several hosts", () => {
  const table = `ckp-hrounds-${randomBytes(4).toString("hex")}`;
  const deps = () => ({ db: dynamoDocumentClient(), table, clock: systemClock }) as unknown as Deps;
  const t = { domain: "acme", project: "edge" };

  beforeAll(async () => {
    useLocalAws();
    await ensureTable(new DynamoDBClient({}), table, tables.main);
  });
  afterAll(() => dropTable(table));

  async function put(item: Record<string, unknown>) {
    await deps().db.send(new PutCommand({ TableName: table, Item: item }));
  }

  async function hostsInGroup(group: string, n: number): Promise<string[]> {
    const now = new Date().toISOString();
    await put({
      ...keys.hostGroup(t, group),
      name: group,
      ...t,
      labels: {},
      managementClusterId: "mc_1",
      hostCount: n,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    const ids = Array.from({ length: n }, () => `h_${randomBytes(6).toString("hex")}`);
    for (const id of ids)
      await put({
        ...keys.host(t, id),
        id,
        ...t,
        status: "create-completed",
        group,
        labels: { rack: "r1" },
        hostname: id.replace("_", "-"),
        machineId: id,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    return ids;
  }

  const labelsOf = (kube: RecordingKube, id: string) =>
    kube.applied.filter((o) => o.kind === "ByoHost" && o.metadata.labels?.["ckp.io/host-id"] === id).map((o) => o.metadata.labels?.rack);

  it("applies the hosts namespace with each ByoHost when applying it once for the round failed", async () => {
    const ids = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 3);
    const kube = new RecordingKube();
    let refused = false;
    kube.onApply = async (o) => {
      if (o.kind === "Namespace" && !refused) {
        refused = true;
        throw new Error("the apiserver is busy");
      }
    };
    expect(await reconcileHosts(deps(), kube, t, ids)).toEqual({ applied: 3, removed: 0, absent: 0, failed: 0 });
    const kinds = kube.applied.map((o) => o.kind);
    expect(kinds.filter((k) => k === "Namespace")).toHaveLength(1 + ids.length);
    expect(kinds.filter((k) => k === "ByoHost")).toHaveLength(ids.length);
  });

  it("converges each host once when nothing moves", async () => {
    const ids = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 3);
    const kube = new RecordingKube();
    const { counts, result } = countRoundTrips(() => reconcileHosts(deps(), kube, t, [...ids, ids[0] as string]));
    expect(await result).toEqual({ applied: 3, removed: 0, absent: 0, failed: 0 });
    for (const id of ids) expect(labelsOf(kube, id)).toEqual(["r1"]);
    // the project's hosts namespace once for the round, not with each ByoHost
    expect(kube.applied.filter((o) => o.kind === "Namespace")).toHaveLength(1);
    // reads in batches only: the hosts with their bindings, then their group (and clusters); the same again after the round
    expect(counts["DynamoDB.GetItem"]).toBeUndefined();
    expect(counts["DynamoDB.BatchGetItem"]).toBe(4);
    // the hosts' locations recorded in one write before their applies
    expect(counts["DynamoDB.UpdateItem"]).toBeUndefined();
    expect(counts["DynamoDB.TransactWriteItems"]).toBe(1);
  });

  it("applies the namespace once a minute for the project's hosts; one gone meanwhile comes back with the ByoHost that missed it", async () => {
    const kube = new RecordingKube();
    const first = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 2);
    const second = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 2);
    expect(await reconcileHosts(deps(), kube, t, first)).toMatchObject({ applied: 2, failed: 0 });
    // the next cluster's hosts, in the same project: the namespace was applied a moment ago
    expect(await reconcileHosts(deps(), kube, t, second)).toMatchObject({ applied: 2, failed: 0 });
    expect(kube.applied.filter((o) => o.kind === "Namespace")).toHaveLength(1);
    // someone deleted it: a ByoHost's apply is refused for want of it, and goes again with it
    let gone = true;
    kube.onApply = async (o) => {
      if (o.kind === "Namespace") gone = false;
      if (o.kind === "ByoHost" && gone) throw new DomainError("not-found", `namespaces "${o.metadata.namespace}" not found`);
    };
    kube.applied.length = 0;
    expect(await reconcileHosts(deps(), kube, t, [first[0] as string])).toMatchObject({ applied: 1, failed: 0 });
    expect(kube.applied.map((o) => o.kind)).toEqual(["ByoHost", "Namespace", "ByoHost"]);
  });

  it("a host taken out of its group: its binding, read with it, says where its ByoHost is; the location goes, then the record", async () => {
    const [id] = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 1);
    const host = id as string;
    const kube = new RecordingKube();
    expect(await reconcileHosts(deps(), kube, t, [host])).toEqual({ applied: 1, removed: 0, absent: 0, failed: 0 });
    const binding = () => deps().db.send(new GetCommand({ TableName: table, Key: bindingKey(t, host), ConsistentRead: true }));
    expect([...(((await binding()).Item?.locations as Set<string> | undefined) ?? [])]).toEqual(["mc_1"]);
    await deps().db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.host(t, host),
        UpdateExpression: "REMOVE #g",
        ExpressionAttributeNames: { "#g": "group" },
      }),
    );
    const { counts, result } = countRoundTrips(() => reconcileHosts(deps(), kube, t, [host]));
    expect(await result).toEqual({ applied: 0, removed: 1, absent: 0, failed: 0 });
    expect((await binding()).Item).toBeUndefined();
    // nothing to apply: no location written; the host with its binding, then nothing more (no group), the same again after
    expect(counts["DynamoDB.TransactWriteItems"]).toBeUndefined();
    expect(counts["DynamoDB.BatchGetItem"]).toBe(2);
  });

  it("a host relabelled while it is converged goes round again with its new labels; the others do not", async () => {
    const ids = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 3);
    const moved = ids[1] as string;
    const kube = new RecordingKube();
    let changed = false;
    kube.onApply = async (o) => {
      if (changed || o.kind !== "ByoHost" || o.metadata.labels?.["ckp.io/host-id"] !== moved) return;
      changed = true;
      // another worker's change, made after this one read the host's inputs
      await deps().db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.host(t, moved),
          UpdateExpression: "SET labels = :l",
          ExpressionAttributeValues: { ":l": { rack: "r2" } },
        }),
      );
    };
    expect(await reconcileHosts(deps(), kube, t, ids)).toEqual({ applied: 3, removed: 0, absent: 0, failed: 0 });
    expect(labelsOf(kube, moved)).toEqual(["r1", "r2"]);
    // each host's binding names the management cluster it was applied to
    for (const id of ids) {
      const b = await deps().db.send(new GetCommand({ TableName: table, Key: bindingKey(t, id), ConsistentRead: true }));
      expect([...((b.Item?.locations as Set<string> | undefined) ?? [])]).toEqual(["mc_1"]);
    }
    for (const id of ids.filter((x) => x !== moved)) expect(labelsOf(kube, id)).toEqual(["r1"]);
  });

  it("a host whose inputs keep moving stops after four rounds", async () => {
    const ids = await hostsInGroup(`g${randomBytes(3).toString("hex")}`, 2);
    const restless = ids[0] as string;
    const kube = new RecordingKube();
    let n = 0;
    kube.onApply = async (o) => {
      if (o.kind !== "ByoHost" || o.metadata.labels?.["ckp.io/host-id"] !== restless) return;
      n++;
      await deps().db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.host(t, restless),
          UpdateExpression: "SET labels = :l",
          ExpressionAttributeValues: { ":l": { rack: `r${n + 1}` } },
        }),
      );
    };
    await reconcileHosts(deps(), kube, t, ids);
    expect(labelsOf(kube, restless)).toEqual(["r1", "r2", "r3", "r4"]);
    expect(labelsOf(kube, ids[1] as string)).toEqual(["r1"]);
  });
});
