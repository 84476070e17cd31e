import type { Envelope } from "../../events/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { isDomainError } from "../shared/errors.js";
import { hostStatusPk, keys } from "../store/keys.js";
import { getHost } from "./hosts.js";
import type { Condition, Host } from "./model.js";
import { checkPrerequisites } from "./prerequisites.js";

/**
 * The host provisioner's first step (seed §11): an approved host moves from
 * create-pending to create-completed when it meets the node prerequisites,
 * or to create-failed with the reason. Safe to run twice: a host that is no
 * longer create-pending is left as it is.
 */
export async function provisionHost(deps: Deps, approved: Envelope<{ hostId: string }>): Promise<"completed" | "failed" | "skipped"> {
  const t = { domain: approved.domain as string, project: approved.project as string };
  const ctx: Ctx = { actor: { kind: "system", id: "host-provisioner" }, correlationId: approved.correlationid, causationId: approved.id };
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
  await finish(deps, ctx, host, failed ? { reason: problems[0]!.reason, message: problems.map((p) => p.message).join("; ") } : null);
  return failed ? "failed" : "completed";
}

/** Marks a host create-failed when its provisioning message is given up on (DLQ-bound). */
export async function failProvisioning(deps: Deps, approved: Envelope<{ hostId: string }>, message: string): Promise<void> {
  const t = { domain: approved.domain as string, project: approved.project as string };
  const ctx: Ctx = { actor: { kind: "system", id: "host-provisioner" }, correlationId: approved.correlationid, causationId: approved.id };
  const host = await getHost(deps, t, approved.data.hostId, true).catch(() => undefined);
  if (!host || host.status !== "create-pending") return;
  await finish(deps, ctx, host, { reason: "ProvisioningError", message });
}

async function finish(deps: Deps, ctx: Ctx, host: Host, failure: { reason: string; message: string } | null): Promise<void> {
  const now = deps.clock.now().toISOString();
  const status = failure ? "create-failed" : "create-completed";
  const condition: Condition = failure
    ? { type: "Provisioned", status: "False", reason: failure.reason, message: failure.message, lastTransitionTime: now }
    : { type: "Provisioned", status: "True", reason: "Provisioned", message: "host meets the node prerequisites", lastTransitionTime: now };
  const conditions = [...host.conditions.filter((c) => c.type !== "Provisioned"), condition];
  const t = { domain: host.domain, project: host.project };
  const tx = transaction(deps, ctx);
  tx.update(keys.host(t, host.id), "SET #s = :s, conditions = :c, updatedAt = :u, version = version + :one, gsi1pk = :g", {
    condition: "#s = :pending",
    names: { "#s": "status" },
    values: { ":s": status, ":c": conditions, ":u": now, ":one": 1, ":pending": "create-pending", ":g": hostStatusPk(t, status) },
    onConditionFailed: () => new AlreadyDone(),
  });
  if (failure) {
    tx.emit("ckp.host.provisioning-failed", `hosts/${host.id}`, { hostId: host.id, ...failure }, t);
  } else {
    tx.emit("ckp.host.provisioned", `hosts/${host.id}`, { hostId: host.id }, t);
  }
  try {
    await tx.commit();
  } catch (e) {
    if (!(e instanceof AlreadyDone)) throw e;
  }
}

class AlreadyDone extends Error {}
