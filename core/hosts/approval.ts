import { certificateWrites } from "../pki/issue.js";
import type { CertificateRecord } from "../pki/model.js";
import { conflict } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { keys } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";
import { defaultLabels } from "./facts.js";
import { hostItem } from "./items.js";
import type { Host, HostRequest } from "./model.js";

/** The host an approved request becomes; it starts create-pending (product §11). */
export function newHost(r: HostRequest, now: Date): Host {
  const at = now.toISOString();
  return {
    id: newId("host"),
    domain: r.domain,
    project: r.project,
    machineId: r.machineId,
    hostname: r.hostname,
    requestId: r.id,
    facts: r.facts,
    labels: defaultLabels(r.facts, r.hostname),
    status: "create-pending",
    conditions: [
      { type: "Provisioned", status: "Unknown", reason: "Pending", message: "waiting for the host provisioner", lastTransitionTime: at },
    ],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * The writes that approve a request: the host, the machine's link to it, and
 * the event the provisioning worker consumes. The request item itself is
 * written by the caller (created approved, or updated from pending); with
 * auto-approval the caller also creates the machine item, already linked.
 * `r` is the request as approved; the event carries it and the new host.
 * A request that carried a CSR gets its host certificate in the same writes.
 */
export function approvalWrites(
  tx: Transaction,
  r: HostRequest,
  host: Host,
  opts: { automatic: boolean; certificate?: CertificateRecord },
): void {
  tx.put(hostItem(host), { condition: "attribute_not_exists(pk)" });
  if (opts.certificate) certificateWrites(tx, opts.certificate);
  if (!opts.automatic) {
    tx.update(keys.machine(r, r.machineId), "SET hostId = :h", {
      values: { ":h": host.id },
      condition: "attribute_exists(pk)",
      onConditionFailed: () => conflict(`machine ${r.machineId} is no longer registered`),
    });
  }
  tx.emit(
    "ckp.hostrequest.approved",
    `host-requests/${r.id}`,
    {
      requestId: r.id,
      hostId: host.id,
      machineId: r.machineId,
      hostname: r.hostname,
      facts: r.facts,
      automatic: opts.automatic,
      request: { ...r },
      host: { ...host },
    },
    { domain: r.domain, project: r.project },
  );
}
