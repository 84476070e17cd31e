import { createHash } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { getHost } from "../hosts/hosts.js";
import type { Host } from "../hosts/model.js";
import { hostPreflight } from "../hosts/preflight.js";
import { conflict } from "../shared/errors.js";
import { hostGroupMembersPk, keys, type ProjectRef } from "../store/keys.js";
import { findItems } from "../store/read.js";
import { groupBounds, keyBetween, spreadFraction } from "./host-window.js";
import { clusterKeys } from "./items.js";

/**
 * Hosts a cluster runs on. A host is free when it is in the group,
 * create-completed, not failing its preflight and assigned to no cluster; assigning sets its
 * `clusterId` under that very condition, so two clusters can never take the
 * same host. The cluster's own list of hosts changes in the same
 * transaction, guarded by the saga's generation and step.
 */

/**
 * What the pick of free hosts reads of each: the facts and labels a
 * platform is judged by (hostPlatform) and the preflight reports
 * (hostPreflight). A host's whole item (its facts, conditions, agent
 * reports) is many times that, and a pick reads every free host of the
 * page to spread over them.
 */
export type FreeHost = Pick<Host, "id" | "labels" | "facts" | "agent">;

const FREE_HOST_PROJECTION = {
  ProjectionExpression: "#id, #l.#los, #l.#larch, #f.#os, #f.#arch, #f.#pf, #a.#h.#pf",
  names: {
    "#id": "id",
    "#l": "labels",
    "#los": "ckp.io/os",
    "#larch": "kubernetes.io/arch",
    "#f": "facts",
    "#os": "os",
    "#arch": "arch",
    "#pf": "preflight",
    "#a": "agent",
    "#h": "health",
  },
};

/**
 * Free hosts of a group, up to `limit` (Queries on the group index, filtered,
 * reading only what FreeHost holds). With `spreadFor` (a cluster's name,
 * which a plan knows before the cluster has an id) the read starts at a
 * point of that cluster's own in the index (core/clusters/host-window.ts)
 * and goes on, wrapping round, until it has `SPREAD` times the hosts asked
 * for — or, in a group nearly used up, the hosts asked for once it has read
 * twice that many members — or has read the whole group; they come in an order of the cluster's
 * own among those: clusters created at once then mostly ask for different
 * hosts, where in index order they would all ask for the same first ones
 * and all but one would have to pick again. Without it, the index's first
 * free hosts. Preflight is judged in that order, only until `limit` hosts
 * pass.
 */
export async function freeHosts(
  deps: Deps,
  t: ProjectRef,
  group: string,
  limit: number,
  options: { spreadFor?: string } = {},
): Promise<FreeHost[]> {
  if (limit <= 0) return [];
  const { spreadFor } = options;
  const want = spreadFor === undefined ? limit : limit * SPREAD;
  const b = spreadFor === undefined ? undefined : await groupBounds(deps, t, group);
  const start = b && spreadFor !== undefined ? keyBetween(b.first, b.last, spreadFraction(spreadFor)) : undefined;
  const candidates: FreeHost[] = [];
  let usable = 0;
  let read = 0;
  // the spread's share, or, where few of the members read are free (a group nearly used up), what is needed
  const enough = () => usable >= want || (usable >= limit && read >= want * 2);
  // from the start to the index's end, then from its beginning up to the start
  for (const range of start === undefined ? [""] : [" AND gsi2sk >= :start", " AND gsi2sk < :start"]) {
    let from: Record<string, unknown> | undefined;
    let pageLimit = Math.max(want * 2, MIN_PAGE);
    do {
      const page = await deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          IndexName: "gsi2",
          KeyConditionExpression: `gsi2pk = :pk${range}`,
          FilterExpression: "#s = :done AND attribute_not_exists(clusterId)",
          ProjectionExpression: FREE_HOST_PROJECTION.ProjectionExpression,
          ExpressionAttributeNames: { "#s": "status", ...FREE_HOST_PROJECTION.names },
          ExpressionAttributeValues: {
            ":pk": hostGroupMembersPk(t, group),
            ":done": "create-completed",
            ...(start === undefined ? {} : { ":start": start }),
          },
          // evaluated items, before the filter: each page reads more, as the first showed few free
          Limit: pageLimit,
          ExclusiveStartKey: from,
        }),
      );
      for (const h of (page.Items ?? []) as Array<Partial<FreeHost> & { id: string }>) {
        const host = { labels: {}, facts: {}, ...h };
        candidates.push(host);
        if (hostPreflight(host).state !== "failed") usable++;
      }
      from = page.LastEvaluatedKey;
      read += page.ScannedCount ?? 0;
      pageLimit = Math.min(pageLimit * 2, MAX_PAGE);
    } while (from && !enough());
    if (enough()) break;
  }
  return pick(candidates, limit, spreadFor);
}

/** A spread pick chooses among this many times the hosts it needs (clusters created at once rarely choose the same). */
const SPREAD = 5;
const MIN_PAGE = 20;
const MAX_PAGE = 500;

/** The first `limit` hosts, in the order of `spreadFor`'s own (or as read), that do not fail their preflight. */
function pick(candidates: FreeHost[], limit: number, spreadFor: string | undefined): FreeHost[] {
  const ordered =
    spreadFor === undefined
      ? candidates
      : candidates
          .map((h) => ({ h, r: createHash("sha256").update(`${spreadFor}/${h.id}`).digest("hex") }))
          .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
          .map((x) => x.h);
  const out: FreeHost[] = [];
  // a host that started failing its preflight after it joined the group is not given to a cluster
  for (const h of ordered) {
    if (out.length >= limit) break;
    if (hostPreflight(h).state !== "failed") out.push(h);
  }
  return out;
}

/** The whole items of the free hosts freeHosts picks, in its order (a plan shows them). */
export async function freeHostItems(...pickOf: Parameters<typeof freeHosts>): Promise<Host[]> {
  const [deps, t] = pickOf;
  const ids = (await freeHosts(...pickOf)).map((h) => h.id);
  const hosts = await findItems<Host>(
    deps,
    ids.map((id) => keys.host(t, id)),
  );
  const byId = new Map(hosts.map((h) => [h.id, h]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Each host costs two items (its update and the cluster's is shared); keep well under 100. */
const CHUNK = 40;

export interface SagaGuard {
  clusterId: string;
  generation: number;
  step: string;
}

const guardCondition = (g: SagaGuard) => ({
  condition: "generation = :gen AND step = :step",
  values: { ":gen": g.generation, ":step": g.step },
});

/**
 * Assigns the given hosts to the cluster, in chunks. A host taken meanwhile
 * fails its chunk with 409; the caller picks others and tries again.
 * Answers how many writes the cluster's item took (one per chunk; each adds
 * one to its version).
 */
export async function assignHosts(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  group: string,
  g: SagaGuard,
  hostIds: string[],
  pool?: { name: string; index: number },
): Promise<number> {
  let writes = 0;
  // a further pool records its hosts too (core/clusters/pools.ts); the cluster's list holds every pool's
  const poolSet = pool ? `, workerPools[${pool.index}].hostIds = list_append(workerPools[${pool.index}].hostIds, :ids)` : "";
  for (let i = 0; i < hostIds.length; i += CHUNK) {
    const chunk = hostIds.slice(i, i + CHUNK);
    const now = deps.clock.now().toISOString();
    const tx = transaction(deps, ctx);
    for (const id of chunk) {
      tx.update(keys.host(t, id), "SET clusterId = :c, updatedAt = :u, version = version + :one", {
        condition: "attribute_exists(pk) AND #g = :g AND #s = :done AND attribute_not_exists(clusterId)",
        names: { "#g": "group", "#s": "status" },
        values: { ":c": g.clusterId, ":u": now, ":one": 1, ":g": group, ":done": "create-completed" },
        onConditionFailed: () => conflict(`host ${id} is no longer free`, { hostId: id }),
      });
    }
    const guard = guardCondition(g);
    tx.update(
      clusterKeys.cluster(t, g.clusterId),
      `SET hostIds = list_append(hostIds, :ids)${poolSet}, updatedAt = :u, version = version + :one`,
      {
        condition: guard.condition,
        values: { ...guard.values, ":ids": chunk, ":u": now, ":one": 1 },
        onConditionFailed: () => new SagaMoved(),
      },
    );
    tx.emit(
      "ckp.cluster.hosts-assigned",
      `clusters/${g.clusterId}`,
      { clusterId: g.clusterId, hostIds: chunk, ...(pool ? { pool: pool.name } : {}) },
      t,
    );
    await tx.commit();
    writes++;
  }
  return writes;
}

/**
 * Gives hosts back to their group: clears `clusterId` (only where it is this
 * cluster's) and drops them from the cluster's list.
 */
export async function releaseHostsToGroup(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  g: SagaGuard,
  keep: string[],
  release: string[],
  pool?: { index: number; hostIds: string[] },
): Promise<void> {
  let remaining = [...keep, ...release];
  let poolRemaining = pool?.hostIds ?? [];
  for (let i = 0; i < release.length; i += CHUNK) {
    const chunk = release.slice(i, i + CHUNK);
    remaining = remaining.filter((id) => !chunk.includes(id));
    poolRemaining = poolRemaining.filter((id) => !chunk.includes(id));
    // hosts deleted meanwhile (with force) or already released need no write
    const held = (await Promise.all(chunk.map((id) => getHost(deps, t, id, true).catch(() => undefined)))).filter(
      (h) => h?.clusterId === g.clusterId,
    );
    const now = deps.clock.now().toISOString();
    const tx = transaction(deps, ctx);
    for (const h of held) {
      tx.update(keys.host(t, (h as Host).id), "REMOVE clusterId SET updatedAt = :u, version = version + :one", {
        condition: "clusterId = :c",
        values: { ":c": g.clusterId, ":u": now, ":one": 1 },
        onConditionFailed: () => conflict(`host ${(h as Host).id} changed while it was being released; retry`),
      });
    }
    const guard = guardCondition(g);
    const poolSet = pool ? `, workerPools[${pool.index}].hostIds = :pids` : "";
    tx.update(clusterKeys.cluster(t, g.clusterId), `SET hostIds = :ids${poolSet}, updatedAt = :u, version = version + :one`, {
      condition: guard.condition,
      values: { ...guard.values, ":ids": remaining, ...(pool ? { ":pids": poolRemaining } : {}), ":u": now, ":one": 1 },
      onConditionFailed: () => new SagaMoved(),
    });
    tx.emit(
      "ckp.cluster.hosts-released",
      `clusters/${g.clusterId}`,
      { clusterId: g.clusterId, hostIds: held.map((h) => (h as Host).id), to: "group" },
      t,
    );
    await tx.commit();
  }
}

/** The saga moved on (another generation or step) while this step ran: its result no longer counts. */
export class SagaMoved extends Error {
  constructor() {
    super("the cluster's saga moved on while this step ran");
    this.name = "SagaMoved";
  }
}
