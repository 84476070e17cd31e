import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem, clusterKeys } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { newTimerChain, type StalledSaga, stalledSagas } from "../../core/clusters/saga-resume.js";
import { tables } from "../../infra/resources.js";
import { ensureTable } from "../../scripts/dev/bootstrap.js";
import { cluster } from "../doubles/memory-saga-env.js";
import { useLocalAws } from "../support/api.js";
import { dropTable } from "../support/archive.js";

/**
 * The scheduled resume's reads and writes on DynamoDB Local, in a table of
 * its own (the shared control plane's resume would act on these clusters).
 */
describe("finding and resuming stalled sagas", () => {
  const table = `ckp-sresume-${randomBytes(4).toString("hex")}`;
  const deps = () => ({ db: dynamoDocumentClient(), table });
  const now = new Date();
  const before = new Date(now.getTime() - 300_000);
  const old = new Date(now.getTime() - 600_000).toISOString();
  const put = (c: Cluster) => deps().db.send(new PutCommand({ TableName: table, Item: clusterItem(c) }));
  const read = async (c: Cluster) =>
    (await deps().db.send(new GetCommand({ TableName: table, Key: clusterKeys.cluster(c, c.id), ConsistentRead: true }))).Item;
  const found = async () => {
    const out: StalledSaga[] = [];
    for await (const s of stalledSagas(deps(), before)) out.push(s);
    return out.sort((a, b) => a.id.localeCompare(b.id));
  };
  const at = (id: string, o: Partial<Cluster>) => cluster({ id, name: id, step: "wait-approval", ...o });

  beforeAll(async () => {
    useLocalAws();
    await ensureTable(new DynamoDBClient({}), table, tables.main);
  });
  afterAll(() => dropTable(table));

  it("finds the clusters in an operation that changed nothing since the cut, and no others", async () => {
    await put(at("c_a_stalled", { phase: "Provisioning", updatedAt: old }));
    await put(
      at("c_b_stalled_delete", { phase: "Deleting", operation: "delete", step: "wait-objects-deleted", generation: 3, updatedAt: old }),
    );
    await put(at("c_c_moving", { phase: "Provisioning", updatedAt: now.toISOString() }));
    await put(at("c_d_ready", { phase: "Ready", updatedAt: old }));
    await put(at("c_e_failed", { phase: "Failed", updatedAt: old }));
    await put(at("c_f_resumed_lately", { phase: "Scaling", updatedAt: old, sagaResumedAt: now.toISOString() }));
    expect(await found()).toEqual([
      { domain: "acme", project: "edge", id: "c_a_stalled", generation: 1, step: "wait-approval" },
      { domain: "acme", project: "edge", id: "c_b_stalled_delete", generation: 3, step: "wait-objects-deleted" },
    ]);
  });

  it("writes a new chain once, and only while the cluster is still where it was found", async () => {
    const c = at("c_g_race", { phase: "Provisioning", updatedAt: old });
    await put(c);
    const s = { domain: c.domain, project: c.project, id: c.id, generation: c.generation, step: c.step };
    // two resumes at once: one chain
    const chains = await Promise.all([
      newTimerChain(deps(), s, before, now),
      newTimerChain(deps(), s, before, new Date(now.getTime() + 1)),
    ]);
    expect(chains.filter(Boolean)).toHaveLength(1);
    expect((await read(c))?.sagaChain).toBe(chains.find(Boolean));
    // the winner's time: the two ran at once, either may have won
    const winner = chains.findIndex(Boolean);
    expect((await read(c))?.sagaResumedAt).toBe(new Date(now.getTime() + winner).toISOString());
    // resumed: not found again until the stall time passed once more
    expect((await found()).map((f) => f.id)).not.toContain(c.id);

    // the cluster moved on to the next step meanwhile: no chain for the step it left
    const moved = at("c_h_moved", { phase: "Provisioning", updatedAt: old });
    await put(moved);
    const stale = { domain: moved.domain, project: moved.project, id: moved.id, generation: moved.generation, step: "wait-registration" };
    expect(await newTimerChain(deps(), stale, before, now)).toBeUndefined();
    expect((await read(moved))?.sagaChain).toBeUndefined();
  });
});
