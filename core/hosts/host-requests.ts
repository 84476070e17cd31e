import { type Ctx, type Deps, transaction } from "../deps.js";
import { verifyCsr } from "../pki/csr.js";
import { issueHostCertificate } from "../pki/issue.js";
import { type BulkResult, runBulk } from "../shared/bulk.js";
import { conflict } from "../shared/errors.js";
import { hostRequestStatusPk, keys, type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import { approvalWrites, newHost } from "./approval.js";
import type { Host, HostRequest, HostRequestStatus, MachineRecord } from "./model.js";

export function getHostRequest(deps: Deps, t: ProjectRef, id: string, consistent = false): Promise<HostRequest> {
  return getItem<HostRequest>(deps, keys.hostRequest(t, id), `host request ${id}`, { consistent });
}

export function listHostRequests(
  deps: Deps,
  t: ProjectRef,
  q: { status?: HostRequestStatus; limit: number; cursor?: string },
): Promise<Page<HostRequest>> {
  return listItems<HostRequest>(deps, {
    ...(q.status !== undefined ? { partition: hostRequestStatusPk(t, q.status), index: 1 } : { partition: projectPk(t), prefix: "HREQ#" }),
    page: q,
  });
}

function decided(r: HostRequest) {
  return conflict(`host request ${r.id} is already ${r.status}`, { requestStatus: r.status }, "hostrequest.decided");
}

/**
 * Approve a pending request: the request, the new host (create-pending), the
 * machine link and the event, in one transaction. Of two concurrent
 * approvals exactly one commits; the other fails its `status = pending`
 * condition and gets 409.
 */
export async function approveHostRequest(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, ifMatch?: number): Promise<HostRequest> {
  const r = await getHostRequest(deps, t, id);
  if (r.status !== "pending") throw decided(r);
  checkIfMatch(`host request ${id}`, r.version, ifMatch);
  const now = deps.clock.now();
  const host = newHost(r, now);
  // The host certificate is issued from the CSR the machine registered with, in the approval's transaction.
  const certificate = r.csr
    ? await issueHostCertificate(deps, { ...t, hostId: host.id, hostname: r.hostname, publicKeyPem: (await verifyCsr(r.csr)).publicKeyPem })
    : undefined;
  if (certificate) host.certificateSerial = certificate.serial;
  const next: HostRequest = {
    ...r,
    status: "approved",
    hostId: host.id,
    decidedAt: now.toISOString(),
    decidedBy: ctx.actor.id,
    ...(certificate ? { certificateSerial: certificate.serial } : {}),
    version: r.version + 1,
  };
  const tx = transaction(deps, ctx, now);
  tx.update(
    keys.hostRequest(t, id),
    `SET #s = :approved, hostId = :h, decidedAt = :at, decidedBy = :by, version = :nv, gsi1pk = :g${certificate ? ", certificateSerial = :cs" : ""}`,
    {
      condition: "#s = :pending AND version = :v",
      names: { "#s": "status" },
      values: {
        ":approved": "approved",
        ":pending": "pending",
        ":h": host.id,
        ":at": next.decidedAt,
        ":by": next.decidedBy,
        ":nv": next.version,
        ":v": r.version,
        ":g": hostRequestStatusPk(t, "approved"),
        ...(certificate ? { ":cs": certificate.serial } : {}),
      },
      onConditionFailed: () => conflict(`host request ${id} was decided concurrently`),
    },
  );
  approvalWrites(tx, next, host, { automatic: false, ...(certificate ? { certificate } : {}) });
  await tx.commit();
  return next;
}

export async function rejectHostRequest(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  reason: string,
  ifMatch?: number,
): Promise<HostRequest> {
  const r = await getHostRequest(deps, t, id);
  if (r.status !== "pending") throw decided(r);
  checkIfMatch(`host request ${id}`, r.version, ifMatch);
  const tx = transaction(deps, ctx);
  const now = tx.at;
  const next: HostRequest = { ...r, status: "rejected", reason, decidedAt: now, decidedBy: ctx.actor.id, version: r.version + 1 };
  tx.update(keys.hostRequest(t, id), "SET #s = :rejected, reason = :r, decidedAt = :at, decidedBy = :by, version = :nv, gsi1pk = :g", {
    condition: "#s = :pending AND version = :v",
    names: { "#s": "status" },
    values: {
      ":rejected": "rejected",
      ":pending": "pending",
      ":r": reason,
      ":at": now,
      ":by": ctx.actor.id,
      ":nv": next.version,
      ":v": r.version,
      ":g": hostRequestStatusPk(t, "rejected"),
    },
    onConditionFailed: () => conflict(`host request ${id} was decided concurrently`),
  }).emit("ckp.hostrequest.rejected", `host-requests/${id}`, { requestId: id, machineId: r.machineId, reason, request: { ...next } }, t);
  await tx.commit();
  return next;
}

/**
 * Delete a pending or rejected request, and free its machine id so the
 * machine registers afresh (a rejected machine otherwise gets its rejection
 * back for ever). An approved request whose host exists stays: deleting the
 * host frees the machine. The request's version is the condition, so a
 * concurrent decision and a delete do not both succeed.
 */
export async function deleteHostRequest(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, ifMatch?: number): Promise<void> {
  const r = await getHostRequest(deps, t, id, true);
  checkIfMatch(`host request ${id}`, r.version, ifMatch);
  const [host, machine] = await Promise.all([
    r.hostId ? findItem<Pick<Host, "id">>(deps, keys.host(t, r.hostId), { consistent: true, attributes: ["id"] }) : undefined,
    findItem<MachineRecord>(deps, keys.machine(t, r.machineId), { consistent: true }),
  ]);
  if (host) {
    throw conflict(
      `host request ${id} was approved as host ${r.hostId}; delete the host to free machine ${r.machineId}`,
      { hostId: r.hostId },
      "hostrequest.host-exists",
    );
  }
  // The machine record may already name a newer request (its host was deleted and it registered again).
  const machineFreed = machine?.requestId === id;
  const changed = () => conflict(`host request ${id} was changed concurrently; read it again`);
  const tx = transaction(deps, ctx);
  tx.delete(keys.hostRequest(t, id), { condition: "version = :v", values: { ":v": r.version }, onConditionFailed: changed });
  if (machineFreed)
    tx.delete(keys.machine(t, r.machineId), { condition: "requestId = :id", values: { ":id": id }, onConditionFailed: changed });
  tx.emit(
    "ckp.hostrequest.deleted",
    `host-requests/${id}`,
    { requestId: id, machineId: r.machineId, status: r.status, machineFreed, reason: "deleted through the API" },
    t,
  );
  await tx.commit();
}

export function bulkApprove(deps: Deps, ctx: Ctx, t: ProjectRef, ids: string[]): Promise<BulkResult[]> {
  return runBulk(ids, "approved", async (id) => {
    await approveHostRequest(deps, ctx, t, id);
  });
}

export function bulkReject(deps: Deps, ctx: Ctx, t: ProjectRef, ids: string[], reason: string): Promise<BulkResult[]> {
  return runBulk(ids, "rejected", async (id) => {
    await rejectHostRequest(deps, ctx, t, id, reason);
  });
}
