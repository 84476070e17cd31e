import { type Deps, transaction } from "../deps.js";
import { ensureCa } from "../pki/ca.js";
import { getCertificate } from "../pki/certificates.js";
import { type VerifiedCsr, verifyCsr } from "../pki/csr.js";
import type { CertificateRecord } from "../pki/model.js";
import { type CodeOf, conflict, DomainError, isDomainError, unauthenticated } from "../shared/errors.js";
import { keys, type ProjectRef } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { checkProjectUnchanged, ProjectChanged, type ProjectSnapshot, projectForRegistration } from "../tenancy/project-cache.js";
import type { ProjectRecord } from "../tenancy/projects.js";
import { openPsk, proofMatches, registrationProof } from "../tenancy/psk.js";
import { hostActor } from "./actor.js";
import {
  type HostRequest,
  type HostRequestStatus,
  type MachineRecord,
  REGISTRATION_WINDOW_SECONDS,
  type RegistrationInput,
} from "./model.js";
import { hostRequestWrites, prepareHostRequest } from "./new-request.js";
import { checkRegistrationThrottle, recordRegistrationFailure, throttleChecks } from "./throttle.js";

export interface RegistrationAnswer {
  requestId: string;
  status: HostRequestStatus;
  hostId?: string;
  /** once approved, to a registration whose CSR carries the machine's key: the host certificate (PEM) */
  certificate?: string;
  certificateSerial?: string;
  /** the CA that issued it, to trust the control plane's mTLS endpoint */
  caCertificate?: string;
}

const REPLAY = "replayed";

/** Failures that count towards throttling: the caller sent something that is not a valid registration. */
const COUNTED = new Set(["unauthenticated", "validation"]);

/**
 * Agent registration (product §12.1). The PSK proof is checked first; then one
 * transaction claims the nonce, the machine id and creates the request (and,
 * with auto-approve, the host and its certificate). A machine id seen before
 * gets its existing request back instead of a second one — and, when it
 * proves the key it first registered with, its certificate once approved.
 */
export async function register(deps: Deps, input: RegistrationInput, requestId: string): Promise<RegistrationAnswer> {
  const t = { domain: input.domain, project: input.project };
  try {
    try {
      return await registerChecked(deps, input, requestId, await projectForRegistration(deps, t));
    } catch (e) {
      if (!(e instanceof ProjectChanged)) throw e;
      // The PSK was rotated or auto-approval switched since the project was read.
      return await registerChecked(deps, input, requestId, await projectForRegistration(deps, t, true));
    }
  } catch (e) {
    if (e instanceof ProjectChanged) {
      throw new DomainError("conflict", `project ${t.domain}/${t.project} changed while the host registered; register again`, {
        code: "registration.interrupted",
        retryAfter: 1,
      });
    }
    if (isDomainError(e) && COUNTED.has(e.kind)) {
      await checkRegistrationThrottle(deps, t, input.machineId);
      await recordRegistrationFailure(deps, t, input.machineId);
    }
    throw e;
  }
}

async function registerChecked(
  deps: Deps,
  input: RegistrationInput,
  requestId: string,
  seen: ProjectSnapshot,
): Promise<RegistrationAnswer> {
  const t = { domain: input.domain, project: input.project };
  const denied = (detail: string, code: CodeOf<"unauthenticated">) => unauthenticated(`registration refused: ${detail}`, code);
  const now = deps.clock.now();
  const skew = Math.abs(now.getTime() / 1000 - input.timestamp);
  if (skew > REGISTRATION_WINDOW_SECONDS) {
    throw denied(
      `timestamp is ${Math.round(skew)}s away from the server clock (allowed: ${REGISTRATION_WINDOW_SECONDS}s)`,
      "registration.timestamp-skewed",
    );
  }
  let project = seen.record;
  let proven = project ? await proofHolds(deps, t, project, input) : false;
  if (!proven && seen.cached) {
    // A cached project may predate a PSK reset, or the project itself: look again before refusing.
    project = (await projectForRegistration(deps, t, true)).record;
    proven = project ? await proofHolds(deps, t, project, input) : false;
  }
  // An unknown project and a wrong PSK look the same to the caller.
  if (!project || !proven) throw denied("the proof does not match the project's PSK", "registration.proof-invalid");
  const key = input.csr ? await verifyCsr(input.csr) : undefined;

  const ctx = { actor: hostActor(input.machineId), correlationId: requestId };
  const nonceItem = {
    ...keys.nonce(t, input.nonce),
    kind: "nonce",
    expiresAt: Math.floor(now.getTime() / 1000) + 2 * REGISTRATION_WINDOW_SECONDS,
  };
  const nonceCondition = {
    condition: "attribute_not_exists(pk)",
    onConditionFailed: () => unauthenticated(`registration refused: nonce ${REPLAY}`, "registration.nonce-reused"),
  };

  const n = await prepareHostRequest(deps, t, project, input, key, now);
  const tx = transaction(deps, ctx, now);
  checkProjectUnchanged(tx, t, project);
  throttleChecks(tx, t, input.machineId);
  tx.put(nonceItem, nonceCondition);
  hostRequestWrites(tx, t, n, key, () => new AlreadyRegistered());
  const answer: RegistrationAnswer = {
    requestId: n.request.id,
    status: n.request.status,
    ...(n.host ? { hostId: n.host.id } : {}),
    ...(n.certificate ? await certificateAnswer(deps, n.certificate) : {}),
  };
  try {
    await tx.commit();
    return answer;
  } catch (e) {
    if (!(e instanceof AlreadyRegistered)) throw e;
  }
  // Known machine: still spend the nonce, so a captured proof cannot be replayed.
  const spend = transaction(deps, ctx, now);
  checkProjectUnchanged(spend, t, project);
  throttleChecks(spend, t, input.machineId);
  spend.put(nonceItem, nonceCondition);
  await spend.commit();
  return existingAnswer(deps, t, input.machineId, key);
}

async function certificateAnswer(
  deps: Deps,
  c: CertificateRecord,
): Promise<Pick<RegistrationAnswer, "certificate" | "certificateSerial" | "caCertificate">> {
  const ca = await ensureCa(deps);
  return { certificate: c.pem, certificateSerial: c.serial, caCertificate: ca.certPem };
}

async function existingAnswer(deps: Deps, t: ProjectRef, machineId: string, key: VerifiedCsr | undefined): Promise<RegistrationAnswer> {
  const machine = await findItem<MachineRecord>(deps, keys.machine(t, machineId), { consistent: true });
  if (!machine) throw changedMeanwhile(machineId);
  const bound = machine.publicKeySha256;
  if (key && !bound) {
    throw conflict(
      `machine ${machineId} registered without a CSR; delete its request or host to register it again with a key`,
      undefined,
      "registration.key-required",
    );
  }
  if (key && bound !== key.publicKeySha256) {
    // A stolen machine id with a new key cannot take over the identity.
    throw unauthenticated(
      `registration refused: the CSR's key does not match the key machine ${machineId} registered with`,
      "registration.key-mismatch",
    );
  }
  const r = machine.requestId ? await findItem<HostRequest>(deps, keys.hostRequest(t, machine.requestId), { consistent: true }) : undefined;
  // Its request or host was deleted between our two reads: registering again starts afresh.
  if (!r) throw changedMeanwhile(machineId);
  const answer: RegistrationAnswer = { requestId: r.id, status: r.status, ...(r.hostId ? { hostId: r.hostId } : {}) };
  if (key && r.status === "approved" && r.certificateSerial) {
    return { ...answer, ...(await certificateAnswer(deps, await getCertificate(deps, t, r.certificateSerial))) };
  }
  return answer;
}

class AlreadyRegistered extends Error {}

async function proofHolds(deps: Deps, t: ProjectRef, project: ProjectRecord, input: RegistrationInput): Promise<boolean> {
  const psk = await openPsk(deps, t, project.psk, project.pskVersion);
  return proofMatches(registrationProof(psk, input), input.proof);
}

function changedMeanwhile(machineId: string): DomainError {
  return new DomainError("conflict", `machine ${machineId} was deleted or changed while it registered; register again`, {
    code: "registration.interrupted",
    retryAfter: 1,
  });
}
