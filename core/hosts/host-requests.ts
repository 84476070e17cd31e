import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { type BulkResult, runBulk } from "../shared/bulk.js";
import { conflict, notFound, preconditionFailed } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { type ProjectRef, hostRequestStatusPk, keys, projectPk } from "../store/keys.js";
import { type Page, decodeCursor, encodeCursor } from "../store/pagination.js";
import { verifyCsr } from "../pki/csr.js";
import { issueHostCertificate } from "../pki/issue.js";
import { approvalWrites, newHost } from "./approval.js";
import type { HostRequest, HostRequestStatus } from "./model.js";

export async function getHostRequest(deps: Deps, t: ProjectRef, id: string): Promise<HostRequest> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.hostRequest(t, id) }));
  if (!out.Item) throw notFound(`host request ${id}`);
  return withoutKeys<HostRequest>(out.Item);
}

export async function listHostRequests(
  deps: Deps,
  t: ProjectRef,
  q: { status?: HostRequestStatus; limit: number; cursor?: string },
): Promise<Page<HostRequest>> {
  const byStatus = q.status !== undefined;
  const pk = byStatus ? hostRequestStatusPk(t, q.status as string) : projectPk(t);
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      ...(byStatus
        ? { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": pk } }
        : {
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues: { ":pk": pk, ":p": "HREQ#" },
          }),
      Limit: q.limit,
      ExclusiveStartKey: decodeCursor(q.cursor, { attr: byStatus ? "gsi1pk" : "pk", value: pk }),
    }),
  );
  return { items: (out.Items ?? []).map((i) => withoutKeys<HostRequest>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

function decided(r: HostRequest) {
  return conflict(`host request ${r.id} is already ${r.status}`, { requestStatus: r.status });
}

/**
 * Approve a pending request: the request, the new host (create-pending), the
 * machine link and the event, in one transaction. Of two concurrent
 * approvals exactly one commits; the other fails its `status = pending`
 * condition and gets 409.
 */
export async function approveHostRequest(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  id: string,
  ifMatch?: number,
): Promise<HostRequest> {
  const r = await getHostRequest(deps, t, id);
  if (r.status !== "pending") throw decided(r);
  if (ifMatch !== undefined && ifMatch !== r.version) throw preconditionFailed(`host request is at version ${r.version}, not ${ifMatch}`);
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
  if (ifMatch !== undefined && ifMatch !== r.version) throw preconditionFailed(`host request is at version ${r.version}, not ${ifMatch}`);
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
