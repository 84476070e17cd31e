import { type Ctx, type Deps, transaction } from "../deps.js";
import { mcKeys } from "../management/items.js";
import { findManagementCluster } from "../management/registry.js";
import { type BulkResult, runBulk } from "../shared/bulk.js";
import { conflict, notFound, preconditionFailed, unprocessable } from "../shared/errors.js";
import { hostGroupMembersPk, keys, type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItems, getItem, listItems, queryPage } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import { getHost } from "./hosts.js";
import { hostGroupItem } from "./items.js";
import type { CreateGroupInput, Host, HostGroup, UpdateGroupInput } from "./model.js";
import { hostPreflight } from "./preflight.js";

/** What group events carry: the group without hostCount, which membership events move. */
function definition(g: HostGroup): Omit<HostGroup, "hostCount"> {
  const { hostCount: _count, ...def } = g;
  return def;
}

/** The management cluster a group names, resolved to id and name; 422 if there is none by that name or id. */
async function groupManagementCluster(deps: Deps, idOrName: string): Promise<{ managementClusterId: string; managementCluster: string }> {
  const mc = await findManagementCluster(deps, idOrName);
  if (!mc)
    throw unprocessable(`management cluster ${idOrName} does not exist`, { managementCluster: idOrName }, "management-cluster.unknown");
  return { managementClusterId: mc.id, managementCluster: mc.name };
}

/**
 * A group naming a management cluster counts as a use of it (`hostGroupCount`),
 * so the management cluster cannot be deregistered from under the group.
 */
function countGroupOn(tx: Transaction, managementClusterId: string, by: 1 | -1, name: string): void {
  tx.update(mcKeys.cluster(managementClusterId), "ADD hostGroupCount :d", {
    condition: "attribute_exists(pk)",
    values: { ":d": by },
    onConditionFailed: () =>
      unprocessable(`management cluster ${name} does not exist`, { managementCluster: name }, "management-cluster.unknown"),
  });
}

export async function createHostGroup(deps: Deps, ctx: Ctx, t: ProjectRef, input: CreateGroupInput): Promise<HostGroup> {
  const mc = input.managementCluster !== undefined ? await groupManagementCluster(deps, input.managementCluster) : undefined;
  const tx = transaction(deps, ctx);
  const now = tx.at;
  const g: HostGroup = {
    name: input.name,
    ...t,
    ...(input.description !== undefined ? { description: input.description } : {}),
    labels: input.labels ?? {},
    ...(mc ?? {}),
    hostCount: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  tx.put(hostGroupItem(g), {
    condition: "attribute_not_exists(pk)",
    onConditionFailed: () => conflict(`host group ${input.name} already exists`, undefined, "already-exists"),
  }).emit(
    "ckp.hostgroup.created",
    `host-groups/${g.name}`,
    { name: g.name, description: g.description, labels: g.labels, group: definition(g) },
    t,
  );
  if (mc) countGroupOn(tx, mc.managementClusterId, 1, mc.managementCluster);
  await tx.commit();
  return g;
}

export function getHostGroup(deps: Deps, t: ProjectRef, name: string, consistent = false): Promise<HostGroup> {
  return getItem<HostGroup>(deps, keys.hostGroup(t, name), `host group ${name}`, { consistent });
}

export function listHostGroups(deps: Deps, t: ProjectRef, page: { limit: number; cursor?: string }): Promise<Page<HostGroup>> {
  return listItems<HostGroup>(deps, { partition: projectPk(t), prefix: "GROUP#", page });
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
  checkIfMatch(`host group ${name}`, g.version, ifMatch);
  const mc = typeof input.managementCluster === "string" ? await groupManagementCluster(deps, input.managementCluster) : undefined;
  const tx = transaction(deps, ctx);
  const { managementClusterId: _id, managementCluster: _name, ...unplaced } = g;
  const next: HostGroup = {
    ...(input.managementCluster === null ? unplaced : g),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.labels !== undefined ? { labels: input.labels } : {}),
    ...(mc ?? {}),
    updatedAt: tx.at,
    version: g.version + 1,
  };
  const description = next.description !== undefined ? ", description = :d" : "";
  const placement = mc ? ", managementClusterId = :mci, managementCluster = :mcn" : "";
  const unplace = input.managementCluster === null ? " REMOVE managementClusterId, managementCluster" : "";
  tx.update(keys.hostGroup(t, name), `SET labels = :l, updatedAt = :u, version = :nv${description}${placement}${unplace}`, {
    condition: "version = :v",
    values: {
      ":l": next.labels,
      ":u": next.updatedAt,
      ":nv": next.version,
      ":v": g.version,
      ...(description ? { ":d": next.description } : {}),
      ...(mc ? { ":mci": mc.managementClusterId, ":mcn": mc.managementCluster } : {}),
    },
    onConditionFailed: () => preconditionFailed("host group was changed concurrently; read it again"),
  }).emit(
    "ckp.hostgroup.updated",
    `host-groups/${name}`,
    { name, description: next.description, labels: next.labels, group: definition(next) },
    t,
  );
  if (g.managementClusterId !== next.managementClusterId) {
    if (g.managementClusterId) countGroupOn(tx, g.managementClusterId, -1, g.managementCluster ?? g.managementClusterId);
    if (next.managementClusterId) countGroupOn(tx, next.managementClusterId, 1, next.managementCluster ?? next.managementClusterId);
  }
  await tx.commit();
  return next;
}

/** A host's conditional write failed: it changed since it was read. */
class HostChanged extends Error {}

const MEMBERSHIP_ATTEMPTS = 5;

/**
 * Add a host to a group. A host belongs to at most one group: the host's
 * update is conditional on it having none (and on the version read, so the
 * event carries the host exactly as stored); when it changed meanwhile the
 * add reads it again, so of two concurrent adds to different groups one
 * wins and the other answers 409 naming that group.
 */
export async function addHostToGroup(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, hostId: string): Promise<"added" | "unchanged"> {
  await getHostGroup(deps, t, name);
  for (let attempt = 1; ; attempt++) {
    const h = await getHost(deps, t, hostId, true);
    if (h.group === name) return "unchanged";
    if (h.group) throw inOtherGroup(h);
    if (h.status === "create-failed") {
      throw unprocessable(`host ${hostId} failed provisioning and cannot join a group`, { hostId }, "host.provisioning-failed");
    }
    // A group is where clusters take their hosts: a host that fails its preflight would fail kubeadm there.
    const preflight = hostPreflight(h);
    if (preflight.state === "failed") {
      const checks = preflight.failures;
      throw unprocessable(
        `host ${hostId} fails its preflight (${checks.map((c) => `${c.check}: ${c.reason}`).join("; ")}); ${checks[0]?.message ?? ""}`,
        { hostId, checks },
        "host.preflight-failed",
      );
    }
    const tx = transaction(deps, ctx);
    const next: Host = { ...h, group: name, updatedAt: tx.at, version: h.version + 1 };
    tx.update(keys.host(t, hostId), "SET #g = :g, gsi2pk = :gpk, gsi2sk = :id, updatedAt = :u, version = :nv", {
      condition: "attribute_exists(pk) AND attribute_not_exists(#g) AND version = :v",
      names: { "#g": "group" },
      values: { ":g": name, ":gpk": hostGroupMembersPk(t, name), ":id": hostId, ":u": tx.at, ":nv": next.version, ":v": h.version },
      onConditionFailed: () => new HostChanged(),
    })
      .update(keys.hostGroup(t, name), "ADD hostCount :one SET updatedAt = :u", {
        condition: "attribute_exists(pk)",
        values: { ":one": 1, ":u": tx.at },
        onConditionFailed: () => notFound(`host group ${name}`),
      })
      .emit("ckp.hostgroup.host-added", `host-groups/${name}`, { group: name, hostId, host: { ...next } }, t);
    try {
      await tx.commit();
      return "added";
    } catch (e) {
      if (!(e instanceof HostChanged)) throw e;
      if (attempt >= MEMBERSHIP_ATTEMPTS) throw conflict(`host ${hostId} keeps changing; retry`);
    }
  }
}

export async function removeHostFromGroup(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, hostId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const h = await getHost(deps, t, hostId, true);
    if (h.group !== name) throw notFound(`host ${hostId} in host group ${name}`);
    if (h.clusterId) {
      throw conflict(
        `host ${hostId} runs in cluster ${h.clusterId}; remove it from the cluster first`,
        { hostId, clusterId: h.clusterId },
        "host.assigned",
      );
    }
    const tx = transaction(deps, ctx);
    releaseWrites(tx, t, name, h);
    tx.update(keys.hostGroup(t, name), "ADD hostCount :minus SET updatedAt = :u", {
      condition: "attribute_exists(pk)",
      values: { ":minus": -1, ":u": tx.at },
    });
    try {
      await tx.commit();
      return;
    } catch (e) {
      if (!(e instanceof HostChanged)) throw e;
      if (attempt >= MEMBERSHIP_ATTEMPTS) throw conflict(`host ${hostId} keeps changing; retry`);
    }
  }
}

function releaseWrites(tx: ReturnType<typeof transaction>, t: ProjectRef, name: string, h: Host): void {
  const { group: _g, ...rest } = h;
  const next: Host = { ...rest, updatedAt: tx.at, version: h.version + 1 };
  tx.update(keys.host(t, h.id), "REMOVE #g, gsi2pk, gsi2sk SET updatedAt = :u, version = :nv", {
    condition: "#g = :g AND attribute_not_exists(clusterId) AND version = :v",
    names: { "#g": "group" },
    values: { ":g": name, ":u": tx.at, ":nv": next.version, ":v": h.version },
    onConditionFailed: () => new HostChanged(),
  }).emit("ckp.hostgroup.host-removed", `host-groups/${name}`, { group: name, hostId: h.id, host: { ...next } }, t);
}

export function bulkAddHosts(deps: Deps, ctx: Ctx, t: ProjectRef, name: string, ids: string[]): Promise<BulkResult[]> {
  return runBulk(
    ids,
    "added",
    async (id) => {
      await addHostToGroup(deps, ctx, t, name, id);
    },
    2,
  );
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
export async function deleteHostGroup(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  name: string,
  opts: { force: boolean; ifMatch?: number },
): Promise<void> {
  const g = await getHostGroup(deps, t, name, true);
  checkIfMatch(`host group ${name}`, g.version, opts.ifMatch);
  if (g.hostCount > 0 && !opts.force) {
    throw conflict(
      `host group ${name} has ${g.hostCount} host(s); remove them or delete with force=true`,
      { hostCount: g.hostCount },
      "hostgroup.in-use",
    );
  }
  let released = 0;
  if (opts.force) {
    let changedInARow = 0;
    for (;;) {
      const members = await queryPage<{ id: string }>(deps, {
        partition: hostGroupMembersPk(t, name),
        index: 2,
        attributes: ["id"],
        pageSize: RELEASE_CHUNK,
      });
      const ids = members.items.map((i) => i.id);
      if (ids.length === 0) break;
      // The index may lag: read the hosts themselves before writing against their versions.
      const hosts = (await readHosts(deps, t, ids)).filter((h) => h.group === name);
      const inCluster = hosts.find((h) => h.clusterId);
      if (inCluster) {
        throw conflict(
          `host ${inCluster.id} in group ${name} runs in cluster ${inCluster.clusterId}; the group cannot be deleted`,
          { hostId: inCluster.id, clusterId: inCluster.clusterId },
          "host.assigned",
        );
      }
      if (hosts.length === 0) {
        // Only stale index entries: give the index a moment, then let the delete's own condition decide.
        if (++changedInARow >= MEMBERSHIP_ATTEMPTS) break;
        await new Promise((r) => setTimeout(r, 100 * changedInARow));
        continue;
      }
      const tx = transaction(deps, ctx);
      for (const h of hosts) releaseWrites(tx, t, name, h);
      tx.update(keys.hostGroup(t, name), "ADD hostCount :minus SET updatedAt = :u", {
        values: { ":minus": -hosts.length, ":u": tx.at },
        condition: "attribute_exists(pk)",
      });
      try {
        await tx.commit();
      } catch (e) {
        if (!(e instanceof HostChanged)) throw e;
        if (++changedInARow >= MEMBERSHIP_ATTEMPTS) throw conflict(`hosts of group ${name} keep changing; retry`);
        continue;
      }
      changedInARow = 0;
      released += hosts.length;
    }
  }
  const tx = transaction(deps, ctx);
  tx.delete(keys.hostGroup(t, name), {
    condition: "hostCount <= :zero",
    values: { ":zero": 0 },
    onConditionFailed: () => conflict(`host group ${name} gained hosts while being deleted; retry`),
  }).emit("ckp.hostgroup.deleted", `host-groups/${name}`, { name, forced: opts.force, releasedHosts: released }, t);
  if (g.managementClusterId) countGroupOn(tx, g.managementClusterId, -1, g.managementCluster ?? g.managementClusterId);
  await tx.commit();
}

function readHosts(deps: Deps, t: ProjectRef, ids: string[]): Promise<Host[]> {
  return findItems<Host>(
    deps,
    ids.map((id) => keys.host(t, id)),
    { consistent: true },
  );
}

function inOtherGroup(h: Host) {
  return conflict(`host ${h.id} already belongs to host group ${h.group}`, { group: h.group }, "host.in-another-group");
}
