import type { Deps } from "../deps.js";
import type { VerifiedCsr } from "../pki/csr.js";
import { issueHostCertificate } from "../pki/issue.js";
import type { CertificateRecord } from "../pki/model.js";
import { newId } from "../shared/ids.js";
import { keys, type ProjectRef } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";
import { projectApproval } from "../tenancy/approval-policy.js";
import type { ProjectRecord } from "../tenancy/projects.js";
import { approvalWrites, newHost } from "./approval.js";
import { type AutoApprovalDecision, decideAutoApproval } from "./auto-approval.js";
import { hostRequestItem } from "./items.js";
import type { Facts, Host, HostRequest } from "./model.js";

/**
 * A machine's new host request, as agent registration (./registration.ts)
 * and enrolment by a platform service (core/machinehosts/enrol.ts) create
 * it: pending, or — when the project's approval policy approves it — approved
 * at once with its host, and the host certificate when the machine sent a CSR.
 */
export interface NewHostRequest {
  /** as stored: approved under auto-approval */
  request: HostRequest;
  /** the policy's decision, for the audit trail */
  decision: AutoApprovalDecision & { mode: string };
  host?: Host;
  certificate?: CertificateRecord;
}

export interface MachineInput {
  machineId: string;
  hostname: string;
  facts: Facts;
  csr?: string | undefined;
}

export async function prepareHostRequest(
  deps: Deps,
  t: ProjectRef,
  project: ProjectRecord,
  input: MachineInput,
  key: VerifiedCsr | undefined,
  now: Date,
): Promise<NewHostRequest> {
  const request: HostRequest = {
    id: newId("hreq"),
    ...t,
    machineId: input.machineId,
    hostname: input.hostname,
    facts: input.facts,
    ...(input.csr && key ? { csr: input.csr, publicKeySha256: key.publicKeySha256 } : {}),
    status: "pending",
    createdAt: now.toISOString(),
    version: 1,
  };
  const policy = projectApproval(project);
  const decision = { mode: policy.mode, ...decideAutoApproval(policy, input.facts, input.hostname) };
  if (!decision.approve) return { request, decision };
  const host = newHost(request, now);
  const certificate = key
    ? await issueHostCertificate(deps, { ...t, hostId: host.id, hostname: request.hostname, publicKeyPem: key.publicKeyPem })
    : undefined;
  if (certificate) host.certificateSerial = certificate.serial;
  const approved: HostRequest = {
    ...request,
    status: "approved",
    hostId: host.id,
    decidedAt: host.createdAt,
    decidedBy: "auto-approve",
    ...(certificate ? { certificateSerial: certificate.serial } : {}),
  };
  return { request: approved, decision, host, ...(certificate ? { certificate } : {}) };
}

/**
 * The writes that create the request: the machine record (claimed: a machine
 * id is known to a project once, `onMachineKnown` otherwise), the request and
 * its event, and under auto-approval the approval's writes.
 */
export function hostRequestWrites(
  tx: Transaction,
  t: ProjectRef,
  n: NewHostRequest,
  key: VerifiedCsr | undefined,
  onMachineKnown: () => Error,
): void {
  const r = n.request;
  tx.put(
    {
      ...keys.machine(t, r.machineId),
      kind: "machine",
      machineId: r.machineId,
      requestId: r.id,
      ...(n.host ? { hostId: n.host.id } : {}),
      ...(key ? { publicKeySha256: key.publicKeySha256 } : {}),
    },
    { condition: "attribute_not_exists(pk)", onConditionFailed: onMachineKnown },
  );
  tx.put(hostRequestItem(r), { condition: "attribute_not_exists(pk)" });
  tx.emit("ckp.hostrequest.created", `host-requests/${r.id}`, { ...createdData(r), autoApproval: n.decision }, t);
  if (n.host) approvalWrites(tx, r, n.host, { automatic: true, ...(n.certificate ? { certificate: n.certificate } : {}) });
}

/** `r` is the request as stored (already approved under auto-approval). */
function createdData(r: HostRequest) {
  return {
    requestId: r.id,
    machineId: r.machineId,
    hostname: r.hostname,
    facts: r.facts,
    ...(r.csr ? { csr: r.csr } : {}),
    request: { ...r },
  };
}
