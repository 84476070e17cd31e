import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { type BulkResult, runBulk } from "../shared/bulk.js";
import { conflict, notFound, preconditionFailed, unprocessable } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { type ProjectRef, hostGroupMembersPk, keys, projectPk } from "../store/keys.js";
import { type Page, decodeCursor, encodeCursor } from "../store/pagination.js";
import { getHost } from "./hosts.js";
import { hostGroupItem } from "./items.js";
import type { CreateGroupInput, Host, HostGroup, UpdateGroupInput } from "./model.js";

export async function createHostGroup(deps: Deps, ctx: Ctx, t: ProjectRef, input: CreateGroupInput): Promise<HostGroup> {
  const now = deps.clock.now().toISOString();
  const g: HostGroup = {
    name: input.name,
    ...t,
    ...(input.description !== undefined ? { description: input.description } : {}),
    labels: input.labels ?? {},
    hostCount: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const tx = transaction(deps, ctx);
  tx.put(hostGroupItem(g), {
    condition: "attribute_not_exists(pk)",
    onConditionFailed: () => conflict(`host group ${input.name} already exists`),
  }).emit("ckp.hostgroup.created", `host-groups/${g.name}`, { name: g.name, description: g.description, labels: g.labels }, t);
  await tx.commit();
  return g;
}

export async function getHostGroup(deps: Deps, t: ProjectRef, name: string, consistent = false): Promise<HostGroup> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.hostGroup(t, name), ConsistentRead: consistent }));
  if (!out.Item) throw notFound(`host group ${name}`);
  return withoutKeys<HostGroup>(out.Item);
}

export async function listHostGroups(deps: Deps, t: ProjectRef, page: { limit: number; cursor?: string }): Promise<Page<HostGroup>> {
  const pk = projectPk(t);
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": pk, ":p": "GROUP#" },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attr: "pk", value: pk }),
    }),
  );
  return { items: (out.Items ?? []).map((i) => withoutKeys<HostGroup>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

export async function updateHostGroup(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  name: string,
  input: UpdateGroupInput,
  ifMatch?: number,
): Promise<HostGroup> {
  const g = await getHostGroup(deps, t, name);
  if (ifMatch !== undefined && ifMatch !== g.version) throw preconditionFailed(`host group is at version ${g.version}, not ${ifMatch}`);
  const next: HostGroup = {
    ...g,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.labels !== undefined ? { labels: input.labels } : {}),
    updatedAt: deps.clock.now().toISOString(),
    version: g.version + 1,
  };
  const tx = transaction(deps, ctx);
  const description = next.description !== undefined ? ", description = :d" : "";
  tx.update(keys.hostGroup(t, name), `SET labels = :l, updatedAt = :u, version = :nv${description}`, {
    condition: "version = :v",
    values: {
      ":l": next.labels,
      ":u": next.updatedAt,
      ":nv": next.version,
      ":v": g.version,
      ...(description ? { ":d": next.description } : {}),
    },
    onConditionFailed: () => preconditionFailed("host group was changed concurrently; read it again"),
  }).emit("ckp.hostgroup.updated", `host-groups/${name}`, { name, description: next.description, labels: next.labels }, t);
  await tx.commit();
  return next;
}

/**
 * Add a host to a group. A host belongs to at most one group: the host's
 * update is conditional on it having none, so two concurrent adds to
 * different groups cannot both win.
 */
export async function addHostToGroup(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, hostId: string): Promise<"added" | "unchanged"> {
  const [, h] = await Promise.all([getHostGroup(deps, t, name), getHost(deps, t, hostId, true)]);
  if (h.group === name) return "unchanged";
  if (h.group) throw inOtherGroup(h);
  if (h.status === "create-failed") throw unprocessable(`host ${hostId} failed provisioning and cannot join a group`);
  const tx = transaction(deps, ctx);
  tx.update(keys.host(t, hostId), "SET #g = :g, gsi2pk = :gpk, gsi2sk = :id, updatedAt = :u, version = version + :one", {
    condition: "attribute_exists(pk) AND attribute_not_exists(#g)",
    names: { "#g": "group" },
    values: { ":g": name, ":gpk": hostGroupMembersPk(t, name), ":id": hostId, ":u": deps.clock.now().toISOString(), ":one": 1 },
    onConditionFailed: () => conflict(`host ${hostId} joined another group concurrently; read it again`),
  })
    .update(keys.hostGroup(t, name), "ADD hostCount :one SET updatedAt = :u", {
      condition: "attribute_exists(pk)",
      values: { ":one": 1, ":u": deps.clock.now().toISOString() },
      onConditionFailed: () => conflict(`host group ${name} changed concurrently; retry`),
    })
    .emit("ckp.hostgroup.host-added", `host-groups/${name}`, { group: name, hostId }, t);
  await tx.commit();
  return "added";
}

export async function removeHostFromGroup(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, hostId: string): Promise<void> {
  const h = await getHost(deps, t, hostId, true);
  if (h.group !== name) throw notFound(`host ${hostId} in host group ${name}`);
  if (h.clusterId) throw conflict(`host ${hostId} runs in cluster ${h.clusterId}; remove it from the cluster first`, { clusterId: h.clusterId });
  const tx = transaction(deps, ctx);
  releaseWrites(tx, deps, t, name, h);
  tx.update(keys.hostGroup(t, name), "ADD hostCount :minus SET updatedAt = :u", {
    condition: "attribute_exists(pk)",
    values: { ":minus": -1, ":u": deps.clock.now().toISOString() },
  });
  await tx.commit();
}

function releaseWrites(tx: ReturnType<typeof transaction>, deps: Deps, t: ProjectRef, name: string, h: Host): void {
  tx.update(keys.host(t, h.id), "REMOVE #g, gsi2pk, gsi2sk SET updatedAt = :u, version = version + :one", {
    condition: "#g = :g AND attribute_not_exists(clusterId)",
    names: { "#g": "group" },
    values: { ":g": name, ":u": deps.clock.now().toISOString(), ":one": 1 },
    onConditionFailed: () => conflict(`host ${h.id} changed concurrently; retry`),
  }).emit("ckp.hostgroup.host-removed", `host-groups/${name}`, { group: name, hostId: h.id }, t);
}

export function bulkAddHosts(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, ids: string[]): Promise<BulkResult[]> {
  return runBulk(ids, "added", async (id) => {
    await addHostToGroup(deps, ctx, t, name, id);
  }, 2);
}

export function bulkRemoveHosts(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, ids: string[]): Promise<BulkResult[]> {
  return runBulk(ids, "removed", (id) => removeHostFromGroup(deps, ctx, t, name, id), 2);
}

/** Transactions hold 100 items; each released host costs two (update + event). */
const RELEASE_CHUNK = 40;

/**
 * Delete a group. A non-empty group is refused unless forced; forcing
 * releases its hosts first (in chunks), then deletes the group only if it
 * is empty at that moment.
 */
export async function deleteHostGroup(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, opts: { force: boolean; ifMatch?: number }): Promise<void> {
  const g = await getHostGroup(deps, t, name, true);
  if (opts.ifMatch !== undefined && opts.ifMatch !== g.version) throw preconditionFailed(`host group is at version ${g.version}, not ${opts.ifMatch}`);
  if (g.hostCount > 0 && !opts.force) {
    throw conflict(`host group ${name} has ${g.hostCount} host(s); remove them or delete with force=true`, { hostCount: g.hostCount });
  }
  let released = 0;
  if (opts.force) {
    for (;;) {
      const members = await deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": hostGroupMembersPk(t, name) },
          Limit: RELEASE_CHUNK,
        }),
      );
      const hosts = (members.Items ?? []).map((i) => withoutKeys<Host>(i));
      if (hosts.length === 0) break;
      const inCluster = hosts.find((h) => h.clusterId);
      if (inCluster) throw conflict(`host ${inCluster.id} in group ${name} runs in cluster ${inCluster.clusterId}; the group cannot be deleted`);
      const tx = transaction(deps, ctx);
      for (const h of hosts) releaseWrites(tx, deps, t, name, h);
      tx.update(keys.hostGroup(t, name), "ADD hostCount :minus", { values: { ":minus": -hosts.length }, condition: "attribute_exists(pk)" });
      await tx.commit();
      released += hosts.length;
    }
  }
  const tx = transaction(deps, ctx);
  tx.delete(keys.hostGroup(t, name), {
    condition: "hostCount <= :zero",
    values: { ":zero": 0 },
    onConditionFailed: () => conflict(`host group ${name} gained hosts while being deleted; retry`),
  }).emit("ckp.hostgroup.deleted", `host-groups/${name}`, { name, forced: opts.force, releasedHosts: released }, t);
  await tx.commit();
}

function inOtherGroup(h: Host) {
  return conflict(`host ${h.id} already belongs to host group ${h.group}`, { group: h.group });
}
