import type { Envelope } from "../../events/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { isDomainError } from "../shared/errors.js";
import { hostStatusPk, keys } from "../store/keys.js";
import { getHost } from "./hosts.js";
import type { Condition, Host } from "./model.js";
import { checkPrerequisites } from "./prerequisites.js";

/**
 * The host provisioner's first step (product §11): an approved host moves from
 * create-pending to create-completed when it meets the node prerequisites,
 * or to create-failed with the reason. Safe to run twice: a host that is no
 * longer create-pending is left as it is.
 */
export async function provisionHost(deps: Deps, approved: Envelope<{ hostId: string }>): Promise<"completed" | "failed" | "skipped"> {
  const t = { domain: approved.domain as string, project: approved.project as string };
  const ctx = provisionerCtx(approved);
  let host: Host;
  try {
    host = await getHost(deps, t, approved.data.hostId, true);
  } catch (e) {
    if (isDomainError(e) && e.kind === "not-found") return "skipped"; // deleted before we got to it
    throw e;
  }
  if (host.status !== "create-pending") return "skipped";
  const problems = checkPrerequisites(host.facts);
  const failed = problems.length > 0;
  const done = await finish(
    deps,
    ctx,
    host,
    failed ? { reason: problems[0]?.reason ?? "PrerequisitesNotMet", message: problems.map((p) => p.message).join("; ") } : null,
  );
  if (!done) return "skipped";
  return failed ? "failed" : "completed";
}

/** Marks a host create-failed when its provisioning message is given up on (DLQ-bound). */
export async function failProvisioning(deps: Deps, approved: Envelope<{ hostId: string }>, message: string): Promise<void> {
  const t = { domain: approved.domain as string, project: approved.project as string };
  const host = await getHost(deps, t, approved.data.hostId, true).catch(() => undefined);
  if (host?.status !== "create-pending") return;
  await finish(deps, provisionerCtx(approved), host, { reason: "ProvisioningError", message });
}

/** The provisioner acts for whoever approved the host (a token, or the host itself under auto-approval). */
export function provisionerCtx(approved: Envelope): Ctx {
  const cause = approved.actor.kind === "system" ? approved.actor.onBehalfOf : { kind: approved.actor.kind, id: approved.actor.id };
  return {
    actor: { kind: "system", id: "host-provisioner", ...(cause ? { onBehalfOf: cause } : {}) },
    correlationId: approved.correlationid,
    causationId: approved.id,
  };
}

const FINISH_ATTEMPTS = 5;

/**
 * Writes the outcome, conditional on the host still being create-pending at
 * the version read, so the host carried by the event is exactly the stored
 * one. A concurrent change (labels, group) means read again and retry.
 * Returns false when someone else already finished the host.
 */
async function finish(deps: Deps, ctx: Ctx, read: Host, failure: { reason: string; message: string } | null): Promise<boolean> {
  let host = read;
  for (let attempt = 1; ; attempt++) {
    const tx = transaction(deps, ctx);
    const now = tx.at;
    const status = failure ? "create-failed" : "create-completed";
    const condition: Condition = failure
      ? { type: "Provisioned", status: "False", reason: failure.reason, message: failure.message, lastTransitionTime: now }
      : {
          type: "Provisioned",
          status: "True",
          reason: "Provisioned",
          message: "host meets the node prerequisites",
          lastTransitionTime: now,
        };
    const next: Host = {
      ...host,
      status,
      conditions: [...host.conditions.filter((c) => c.type !== "Provisioned"), condition],
      updatedAt: now,
      version: host.version + 1,
    };
    const t = { domain: host.domain, project: host.project };
    tx.update(keys.host(t, host.id), "SET #s = :s, conditions = :c, updatedAt = :u, version = :nv, gsi1pk = :g", {
      condition: "#s = :pending AND version = :v",
      names: { "#s": "status" },
      values: {
        ":s": status,
        ":c": next.conditions,
        ":u": now,
        ":nv": next.version,
        ":v": host.version,
        ":pending": "create-pending",
        ":g": hostStatusPk(t, status),
      },
      onConditionFailed: () => new Changed(),
    });
    if (failure) {
      tx.emit("ckp.host.provisioning-failed", `hosts/${host.id}`, { hostId: host.id, ...failure, host: { ...next } }, t);
    } else {
      tx.emit("ckp.host.provisioned", `hosts/${host.id}`, { hostId: host.id, host: { ...next } }, t);
    }
    try {
      await tx.commit();
      return true;
    } catch (e) {
      if (!(e instanceof Changed)) throw e;
    }
    const again = await getHost(deps, t, host.id, true).catch(() => undefined);
    if (again?.status !== "create-pending") return false;
    if (attempt >= FINISH_ATTEMPTS) throw new Error(`host ${host.id} kept changing while being provisioned`);
    host = again;
  }
}

class Changed extends Error {}
