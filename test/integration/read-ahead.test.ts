import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveStorageProfile, storageKeys, storageProfileKeys } from "../../core/addons/storage-profiles.js";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { countRoundTrips } from "../../core/aws/round-trips.js";
import type { Deps } from "../../core/deps.js";
import { recordOf } from "../../core/management/access.js";
import { mcKeys } from "../../core/management/items.js";
import { providerClusterKeys, resolveProviderCluster } from "../../core/providers/provider-clusters.js";
import { systemClock } from "../../core/shared/clock.js";
import { newId } from "../../core/shared/ids.js";
import { keys } from "../../core/store/keys.js";
import { findItemVia, readAhead } from "../../core/store/read.js";
import { tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { useLocalAws } from "../support/api.js";
import { dropTable } from "../support/archive.js";

/**
 * A read ahead (core/store/read.ts) on DynamoDB Local: the items a cluster
 * create checks — its provider cluster (the project's, else the domain's),
 * host group and storage profile — read in one batch, and the checks then
 * read nothing they were handed (counted with the SDK middleware); and a
 * management cluster's kept record, read once by a burst of callers.
 */
describe("reading ahead", () => {
  const table = `ckp-ahead-${randomBytes(4).toString("hex")}`;
  const deps = () => ({ db: dynamoDocumentClient(), table, clock: systemClock }) as unknown as Deps;
  const t = { domain: "acme", project: "edge" };

  beforeAll(async () => {
    useLocalAws();
    await ensureTable(new DynamoDBClient({}), table, tables.main);
    const put = (item: Record<string, unknown>) => deps().db.send(new PutCommand({ TableName: table, Item: item }));
    // the domain's provider cluster "bms" (the project has none of that name), a host group, a default storage profile
    const [, shared] = providerClusterKeys(t, "bms");
    await put({ ...shared, kind: "provider-cluster", name: "bms", domain: t.domain, type: "bms" });
    await put({ ...keys.hostGroup(t, "g"), name: "g", ...t });
    await put({ ...storageKeys.defaultProfile(t.domain), kind: "storage-default", name: "ceph" });
    await put({ ...storageKeys.profile(t.domain, "ceph"), kind: "storage-profile", name: "ceph", domain: t.domain });
  });
  afterAll(() => dropTable(table));

  it("reads every key in one batch and answers each from it: found, absent, or not read", async () => {
    const keysRead = [...providerClusterKeys(t, "bms"), keys.hostGroup(t, "g"), keys.hostGroup(t, "nope"), keys.hostGroup(t, "g")];
    const read = countRoundTrips(() => readAhead(deps(), keysRead, { consistent: true }));
    const ahead = await read.result;
    expect(read.counts).toEqual({ "DynamoDB.BatchGetItem": 1 });
    expect(ahead.has(keys.hostGroup(t, "g"))).toBe(true);
    expect(ahead.get(keys.hostGroup(t, "g"))).toMatchObject({ name: "g" });
    // read and absent: has, and nothing there (no key attributes either)
    expect(ahead.has(keys.hostGroup(t, "nope"))).toBe(true);
    expect(ahead.get(keys.hostGroup(t, "nope"))).toBeUndefined();
    expect(ahead.get<Record<string, unknown>>(keys.hostGroup(t, "g"))?.pk).toBeUndefined();

    const via = countRoundTrips(async () => [
      await findItemVia(deps(), ahead, keys.hostGroup(t, "nope")),
      await resolveProviderCluster(deps(), t, "bms", ahead),
    ]);
    const [absent, provider] = await via.result;
    expect(absent).toBeUndefined();
    expect(provider).toMatchObject({ name: "bms", type: "bms" });
    expect(via.counts).toEqual({});

    // a key the read ahead did not hold is read as before
    const other = countRoundTrips(() => findItemVia(deps(), ahead, keys.hostGroup(t, "other")));
    expect(await other.result).toBeUndefined();
    expect(other.counts).toEqual({ "DynamoDB.GetItem": 1 });
  });

  it("a default storage profile costs the profile's read only; a named one nothing", async () => {
    const byDefault = await readAhead(deps(), storageProfileKeys(t.domain, undefined), { consistent: true });
    const d = countRoundTrips(() => resolveStorageProfile(deps(), t.domain, undefined, byDefault));
    expect(await d.result).toBe("ceph");
    expect(d.counts).toEqual({ "DynamoDB.GetItem": 1 });

    const named = await readAhead(deps(), storageProfileKeys(t.domain, "ceph"), { consistent: true });
    const n = countRoundTrips(() => resolveStorageProfile(deps(), t.domain, "ceph", named));
    expect(await n.result).toBe("ceph");
    expect(n.counts).toEqual({});

    // and a missing one is still refused with its code, from the read ahead
    const missing = await readAhead(deps(), storageProfileKeys(t.domain, "gone"), { consistent: true });
    await expect(resolveStorageProfile(deps(), t.domain, "gone", missing)).rejects.toMatchObject({
      code: "cluster.storage-profile-missing",
    });
  });

  it("a management cluster's kept record is read once by callers that find it expired at the same moment", async () => {
    const id = newId("mc");
    await deps().db.send(new PutCommand({ TableName: table, Item: { ...mcKeys.cluster(id), kind: "management-cluster", id, name: "m" } }));
    const burst = countRoundTrips(() => Promise.all(Array.from({ length: 10 }, () => recordOf(deps(), id))));
    expect((await burst.result).map((r) => r.name)).toEqual(Array(10).fill("m"));
    expect(burst.counts).toEqual({ "DynamoDB.GetItem": 1 });
    // a failed read is not kept: each later caller reads again
    const gone = newId("mc");
    for (let i = 0; i < 2; i++) {
      const miss = countRoundTrips(() => recordOf(deps(), gone));
      await expect(miss.result).rejects.toMatchObject({ kind: "not-found" });
      expect(miss.counts).toEqual({ "DynamoDB.GetItem": 1 });
    }
  });
});
