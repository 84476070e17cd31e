import { GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { getCertificate, revocationWrites } from "../pki/certificates.js";
import { type BulkResult, runBulk } from "../shared/bulk.js";
import { badRequest, conflict, isDomainError, notFound, preconditionFailed } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { hostGroupMembersPk, hostStatusPk, keys, type ProjectRef, projectPk } from "../store/keys.js";
import { decodeCursor, encodeCursor, type Key, type Page } from "../store/pagination.js";
import type { Host, HostStatus } from "./model.js";

export async function getHost(deps: Deps, t: ProjectRef, id: string, consistent = false): Promise<Host> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.host(t, id), ConsistentRead: consistent }));
  if (!out.Item) throw notFound(`host ${id}`);
  return withoutKeys<Host>(out.Item);
}

export interface HostFilter {
  status?: HostStatus;
  group?: string;
  /** equality selector, e.g. { "kubernetes.io/arch": "arm64" } */
  labels?: Record<string, string>;
}

/** Each selector term is a filter expression term; DynamoDB bounds an expression's size and operators. */
export const MAX_SELECTOR_TERMS = 20;

/** Upper bound on Query calls one page may take when filters drop items. */
const MAX_QUERIES_PER_PAGE = 10;

/**
 * Hosts of a project. Status and group use their indexes; a second filter
 * and label selectors are applied by DynamoDB as filter expressions, so a
 * page may come back short with a cursor to continue.
 */
export async function listHosts(deps: Deps, t: ProjectRef, f: HostFilter, page: { limit: number; cursor?: string }): Promise<Page<Host>> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let keyCondition: string;
  let index: string | undefined;
  let pkAttr: string;
  let pk: string;
  let prefix: string | undefined;
  const filters: string[] = [];
  const terms = Object.keys(f.labels ?? {}).length;
  if (terms > MAX_SELECTOR_TERMS) {
    throw badRequest(`a label selector has at most ${MAX_SELECTOR_TERMS} key=value terms, not ${terms}`, [
      { path: "label", message: `at most ${MAX_SELECTOR_TERMS} terms` },
    ]);
  }
  if (f.group !== undefined) {
    index = "gsi2";
    pkAttr = "gsi2pk";
    pk = hostGroupMembersPk(t, f.group);
    keyCondition = "gsi2pk = :pk";
    if (f.status) {
      filters.push("#status = :status");
      names["#status"] = "status";
      values[":status"] = f.status;
    }
  } else if (f.status !== undefined) {
    index = "gsi1";
    pkAttr = "gsi1pk";
    pk = hostStatusPk(t, f.status);
    keyCondition = "gsi1pk = :pk";
  } else {
    pkAttr = "pk";
    pk = projectPk(t);
    prefix = "HOST#";
    keyCondition = "pk = :pk AND begins_with(sk, :prefix)";
    values[":prefix"] = prefix;
  }
  values[":pk"] = pk;
  Object.entries(f.labels ?? {}).forEach(([k, v], i) => {
    filters.push(`#labels.#l${i} = :l${i}`);
    names["#labels"] = "labels";
    names[`#l${i}`] = k;
    values[`:l${i}`] = v;
  });

  const input: QueryCommandInput = {
    TableName: deps.table,
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: keyCondition,
    ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
  const items: Host[] = [];
  let start: Key | undefined = decodeCursor(page.cursor, { attr: pkAttr, value: pk, ...(prefix ? { prefix } : {}) });
  for (let i = 0; i < MAX_QUERIES_PER_PAGE; i++) {
    const out = await deps.db.send(new QueryCommand({ ...input, Limit: page.limit - items.length, ExclusiveStartKey: start }));
    for (const it of out.Items ?? []) items.push(withoutKeys<Host>(it));
    start = out.LastEvaluatedKey;
    if (!start || items.length >= page.limit) break;
  }
  return { items, nextCursor: encodeCursor(start) };
}

export async function updateHostLabels(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  labels: Record<string, string>,
  ifMatch?: number,
): Promise<Host> {
  const h = await getHost(deps, t, id);
  if (ifMatch !== undefined && ifMatch !== h.version) throw preconditionFailed(`host is at version ${h.version}, not ${ifMatch}`);
  const tx = transaction(deps, ctx);
  const next: Host = { ...h, labels, updatedAt: tx.at, version: h.version + 1 };
  tx.update(keys.host(t, id), "SET labels = :l, updatedAt = :u, version = :nv", {
    condition: "version = :v",
    values: { ":l": labels, ":u": next.updatedAt, ":nv": next.version, ":v": h.version },
    onConditionFailed: () => preconditionFailed("host was changed concurrently; read it again"),
  }).emit("ckp.host.labels-changed", `hosts/${id}`, { hostId: id, labels, host: { ...next } }, t);
  await tx.commit();
  return next;
}

/**
 * Delete a host: the host, its machine record (so the machine may register
 * again), the request it was approved from, its group membership and its
 * certificate (revoked), in one transaction. A host that runs in a cluster
 * stays unless forced.
 */
export async function deleteHost(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  opts: { force: boolean; ifMatch?: number },
): Promise<void> {
  const h = await getHost(deps, t, id, true);
  if (opts.ifMatch !== undefined && opts.ifMatch !== h.version)
    throw preconditionFailed(`host is at version ${h.version}, not ${opts.ifMatch}`);
  if (h.clusterId && !opts.force) {
    throw conflict(`host ${id} is assigned to cluster ${h.clusterId}; delete with force=true to remove it anyway`, {
      clusterId: h.clusterId,
    });
  }
  const tx = transaction(deps, ctx);
  tx.delete(keys.host(t, id), {
    condition: "version = :v",
    values: { ":v": h.version },
    onConditionFailed: () => conflict(`host ${id} was changed concurrently; retry`),
  }).delete(keys.machine(t, h.machineId));
  if (h.requestId) tx.delete(keys.hostRequest(t, h.requestId));
  if (h.group) {
    tx.update(keys.hostGroup(t, h.group), "ADD hostCount :minus", {
      values: { ":minus": -1 },
      condition: "attribute_exists(pk)",
      onConditionFailed: () => conflict(`host group ${h.group} changed concurrently; retry`),
    });
  }
  if (h.certificateSerial) {
    const cert = await getCertificate(deps, t, h.certificateSerial).catch((e: unknown) => {
      if (isDomainError(e) && e.kind === "not-found") return undefined;
      throw e;
    });
    if (cert && !cert.revoked) revocationWrites(tx, deps, cert, "host deleted");
  }
  tx.emit("ckp.host.deleted", `hosts/${id}`, { hostId: id, machineId: h.machineId, group: h.group, forced: opts.force }, t);
  await tx.commit();
}

/**
 * Forgets a machine a cluster had a provider create, when the cluster lets
 * it go: a machine that registered but never became a host loses its
 * request (pending or rejected) and its machine record; one that did
 * become a host is deleted as a host. Answers whether anything was there.
 */
export async function forgetMachine(deps: Deps, ctx: Ctx, t: ProjectRef, machineId: string, reason: string): Promise<boolean> {
  const m = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.machine(t, machineId), ConsistentRead: true }));
  if (!m.Item) return false;
  const hostId = m.Item.hostId as string | undefined;
  if (hostId) {
    await deleteHost(deps, ctx, t, hostId, { force: true }).catch((e: unknown) => {
      if (!(isDomainError(e) && e.kind === "not-found")) throw e;
    });
    return true;
  }
  const requestId = m.Item.requestId as string | undefined;
  const tx = transaction(deps, ctx);
  tx.delete(keys.machine(t, machineId), {
    condition: "attribute_not_exists(hostId)",
    onConditionFailed: () => conflict(`machine ${machineId} became a host meanwhile; retry`),
  });
  if (requestId) {
    tx.delete(keys.hostRequest(t, requestId), {
      condition: "attribute_not_exists(pk) OR #s <> :approved",
      names: { "#s": "status" },
      values: { ":approved": "approved" },
      onConditionFailed: () => conflict(`host request ${requestId} was approved meanwhile; retry`),
    });
  }
  tx.emit(
    "ckp.hostrequest.deleted",
    `host-requests/${requestId ?? machineId}`,
    { ...(requestId ? { requestId } : {}), machineId, machineFreed: true, reason },
    t,
  );
  await tx.commit();
  return true;
}

export function bulkDeleteHosts(deps: Deps, ctx: Ctx, t: ProjectRef, ids: string[], force: boolean): Promise<BulkResult[]> {
  return runBulk(ids, "deleted", (id) => deleteHost(deps, ctx, t, id, { force }));
}
