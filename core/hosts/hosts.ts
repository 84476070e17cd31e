import { type Ctx, type Deps, transaction } from "../deps.js";
import { getCertificate, revocationWrites } from "../pki/certificates.js";
import { type BulkResult, runBulk } from "../shared/bulk.js";
import { badRequest, conflict, isDomainError, preconditionFailed } from "../shared/errors.js";
import { hostGroupMembersPk, hostStatusPk, keys, type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import type { Host, HostStatus, MachineRecord } from "./model.js";
import { hostPreflight, preflightConditions } from "./preflight.js";

export function getHost(deps: Deps, t: ProjectRef, id: string, consistent = false): Promise<Host> {
  return getItem<Host>(deps, keys.host(t, id), `host ${id}`, { consistent });
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
export function listHosts(deps: Deps, t: ProjectRef, f: HostFilter, page: { limit: number; cursor?: string }): Promise<Page<Host>> {
  const terms = Object.entries(f.labels ?? {});
  if (terms.length > MAX_SELECTOR_TERMS) {
    throw badRequest(`a label selector has at most ${MAX_SELECTOR_TERMS} key=value terms, not ${terms.length}`, [
      { path: "label", message: `at most ${MAX_SELECTOR_TERMS} terms` },
    ]);
  }
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (f.group !== undefined && f.status) {
    filters.push("#status = :status");
    names["#status"] = "status";
    values[":status"] = f.status;
  }
  terms.forEach(([k, v], i) => {
    filters.push(`#labels.#l${i} = :l${i}`);
    names["#labels"] = "labels";
    names[`#l${i}`] = k;
    values[`:l${i}`] = v;
  });
  // Status and group use their indexes; the rest is filtered by DynamoDB.
  const where =
    f.group !== undefined
      ? { partition: hostGroupMembersPk(t, f.group), index: 2 }
      : f.status !== undefined
        ? { partition: hostStatusPk(t, f.status), index: 1 }
        : { partition: projectPk(t), prefix: "HOST#" };
  return listItems<Host>(deps, {
    ...where,
    page,
    ...(filters.length ? { filter: { expression: filters.join(" AND "), names, values }, maxQueries: MAX_QUERIES_PER_PAGE } : {}),
  });
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
  checkIfMatch(`host ${id}`, h.version, ifMatch);
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
 *
 * Without If-Match the caller asked for no particular version: a change the
 * workers made meanwhile (a fresh host's first status, its approval) is
 * read again and the delete tried again, a few times, rather than answered
 * with 409. With If-Match a concurrent change is the caller's to see.
 */
export async function deleteHost(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  opts: { force: boolean; ifMatch?: number },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deleteHostOnce(deps, ctx, t, id, opts);
    } catch (e) {
      const raced = isDomainError(e) && e.code === "conflict";
      if (!raced || opts.ifMatch !== undefined || attempt >= DELETE_ATTEMPTS) throw e;
    }
  }
}

const DELETE_ATTEMPTS = 3;

async function deleteHostOnce(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, opts: { force: boolean; ifMatch?: number }): Promise<void> {
  const h = await getHost(deps, t, id, true);
  checkIfMatch(`host ${id}`, h.version, opts.ifMatch);
  if (h.clusterId && !opts.force) {
    throw conflict(
      `host ${id} is assigned to cluster ${h.clusterId}; delete with force=true to remove it anyway`,
      { hostId: id, clusterId: h.clusterId },
      "host.assigned",
    );
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
  const m = await findItem<MachineRecord>(deps, keys.machine(t, machineId), { consistent: true });
  if (!m) return false;
  const hostId = m.hostId;
  if (hostId) {
    await deleteHost(deps, ctx, t, hostId, { force: true }).catch((e: unknown) => {
      if (!(isDomainError(e) && e.kind === "not-found")) throw e;
    });
    return true;
  }
  const requestId = m.requestId;
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

/**
 * A host as clients see it: its stored conditions and the preflight's,
 * judged now from the newest report (core/hosts/preflight.ts). They are not
 * stored: the report changes with heartbeats, which do not write conditions.
 */
export function hostView(h: Host): Host {
  return {
    ...h,
    conditions: [...h.conditions.filter((c) => !c.type.startsWith("Preflight")), ...preflightConditions(hostPreflight(h), h.createdAt)],
  };
}
