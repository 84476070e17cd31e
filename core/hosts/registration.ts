import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../../events/envelope.js";
import { type Deps, transaction } from "../deps.js";
import { newId } from "../shared/ids.js";
import { DomainError, unauthenticated } from "../shared/errors.js";
import { keys } from "../store/keys.js";
import { getProjectRecord } from "../tenancy/projects.js";
import { openPsk, proofMatches, registrationProof } from "../tenancy/psk.js";
import { approvalWrites, newHost } from "./approval.js";
import { hostRequestItem } from "./items.js";
import { type HostRequest, type HostRequestStatus, REGISTRATION_WINDOW_SECONDS, type RegistrationInput } from "./model.js";

export interface RegistrationAnswer {
  requestId: string;
  status: HostRequestStatus;
  hostId?: string;
}

const REPLAY = "replayed";

/**
 * Agent registration (seed §12.1). The PSK proof is checked first; then one
 * transaction claims the nonce, the machine id and creates the request (and,
 * with auto-approve, the host). A machine id seen before gets its existing
 * request back instead of a second one.
 */
export async function register(deps: Deps, input: RegistrationInput, requestId: string): Promise<RegistrationAnswer> {
  const t = { domain: input.domain, project: input.project };
  const denied = (detail: string) => unauthenticated(`registration refused: ${detail}`);
  const now = deps.clock.now();
  const skew = Math.abs(now.getTime() / 1000 - input.timestamp);
  if (skew > REGISTRATION_WINDOW_SECONDS) {
    throw denied(`timestamp is ${Math.round(skew)}s away from the server clock (allowed: ${REGISTRATION_WINDOW_SECONDS}s)`);
  }
  const project = await getProjectRecord(deps, t);
  // An unknown project and a wrong PSK look the same to the caller.
  if (!project) throw denied("the proof does not match the project's PSK");
  const psk = await openPsk(deps, t, project.psk, project.pskVersion);
  if (!proofMatches(registrationProof(psk, input), input.proof)) throw denied("the proof does not match the project's PSK");

  const actor: Actor = { kind: "host", id: `machine:${input.machineId}` };
  const ctx = { actor, correlationId: requestId };
  const nonceItem = {
    ...keys.nonce(t, input.nonce),
    kind: "nonce",
    expiresAt: Math.floor(now.getTime() / 1000) + 2 * REGISTRATION_WINDOW_SECONDS,
  };
  const nonceCondition = {
    condition: "attribute_not_exists(pk)",
    onConditionFailed: () => new DomainError("unauthenticated", `registration refused: nonce ${REPLAY}`),
  };

  const request: HostRequest = {
    id: newId("hreq"),
    ...t,
    machineId: input.machineId,
    hostname: input.hostname,
    facts: input.facts,
    ...(input.csr ? { csr: input.csr } : {}),
    status: "pending",
    createdAt: now.toISOString(),
    version: 1,
  };
  const host = project.autoApproveHosts ? newHost(request, now) : undefined;
  const tx = transaction(deps, ctx, now);
  tx.put(nonceItem, nonceCondition).put(
    {
      ...keys.machine(t, input.machineId),
      kind: "machine",
      machineId: input.machineId,
      requestId: request.id,
      ...(host ? { hostId: host.id } : {}),
    },
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => new AlreadyRegistered() },
  );
  let answer: RegistrationAnswer = { requestId: request.id, status: "pending" };
  if (host) {
    const approved: HostRequest = { ...request, status: "approved", hostId: host.id, decidedAt: host.createdAt, decidedBy: "auto-approve" };
    tx.put(hostRequestItem(approved), { condition: "attribute_not_exists(pk)" });
    tx.emit("ckp.hostrequest.created", `host-requests/${request.id}`, createdData(approved), t);
    approvalWrites(tx, approved, host, { automatic: true });
    answer = { requestId: request.id, status: "approved", hostId: host.id };
  } else {
    tx.put(hostRequestItem(request), { condition: "attribute_not_exists(pk)" });
    tx.emit("ckp.hostrequest.created", `host-requests/${request.id}`, createdData(request), t);
  }
  try {
    await tx.commit();
    return answer;
  } catch (e) {
    if (!(e instanceof AlreadyRegistered)) throw e;
  }
  // Known machine: still spend the nonce, so a captured proof cannot be replayed.
  const spend = transaction(deps, ctx, now);
  spend.put(nonceItem, nonceCondition);
  await spend.commit();
  return existingAnswer(deps, t, input.machineId);
}

async function existingAnswer(deps: Deps, t: { domain: string; project: string }, machineId: string): Promise<RegistrationAnswer> {
  const machine = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.machine(t, machineId), ConsistentRead: true }));
  const requestId = machine.Item?.requestId as string;
  const req = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.hostRequest(t, requestId), ConsistentRead: true }));
  const r = req.Item as HostRequest | undefined;
  if (!r) throw new Error(`machine ${machineId} names request ${requestId}, which does not exist`);
  return { requestId: r.id, status: r.status, ...(r.hostId ? { hostId: r.hostId } : {}) };
}

/** `r` is the request as stored by the registration (already approved under auto-approval). */
function createdData(r: HostRequest) {
  return { requestId: r.id, machineId: r.machineId, hostname: r.hostname, facts: r.facts, ...(r.csr ? { csr: r.csr } : {}), request: { ...r } };
}

class AlreadyRegistered extends Error {}
