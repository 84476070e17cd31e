import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, DomainError, preconditionFailed } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { getCluster, requireReady } from "./clusters.js";
import { type ClusterEncryption, type EncryptionInput, enableOnRunning, encryptionStatus } from "./encryption.js";
import { clusterKeys } from "./items.js";
import type { Cluster } from "./model.js";

/**
 * What a user changes of a running cluster's etcd encryption: turn it on
 * (the first key is added, then made primary and the resources rewritten by
 * the rotation machine, core/clusters/encryption-rotation.ts), change its
 * settings, or ask for a rotation now. Turning it off, or taking a resource
 * out of the encrypted set, is refused: stored data would become unreadable.
 */
export async function setEncryption(deps: Deps, ctx: Ctx, t: ProjectRef, id: string, input: EncryptionInput) {
  const c = await getCluster(deps, t, id, true);
  requireReady(c, "given encryption settings");
  const now = deps.clock.now().toISOString();
  const prev = c.encryption;
  if (!prev) {
    if (!input.enabled) return { enabled: false as const };
    const next = await enableOnRunning(deps.secrets, c, input, now);
    await write(deps, ctx, c, next, "enabled");
    return encryptionStatus(next);
  }
  if (!input.enabled) {
    throw new DomainError("unprocessable", `etcd encryption of cluster ${c.name} cannot be turned off`, {
      code: "cluster.encryption-cannot-disable",
      fields: [{ path: "enabled", message: "encryption, once on, stays on" }],
    });
  }
  const removed = prev.resources.filter((r) => !input.resources.includes(r));
  if (removed.length) {
    throw new DomainError("unprocessable", `resources cannot leave the encrypted set: ${removed.join(", ")}`, {
      code: "cluster.encryption-resource-removed",
      fields: [{ path: "resources", message: `must still contain ${removed.join(", ")}` }],
    });
  }
  const added = input.resources.filter((r) => !prev.resources.includes(r));
  const next: ClusterEncryption = {
    ...prev,
    resources: [...prev.resources, ...added],
    rotationHours: input.rotationHours,
    keepKeys: input.keepKeys,
    // added resources are rewritten (encrypted) by a rotation's storage migration
    ...(added.length ? { rotateRequested: true } : {}),
  };
  await write(deps, ctx, c, next, "updated");
  return encryptionStatus(next);
}

/** A rotation now rather than when due: the next check starts it. */
export async function requestRotation(deps: Deps, ctx: Ctx, t: ProjectRef, id: string) {
  const c = await getCluster(deps, t, id, true);
  requireReady(c, "given a new encryption key");
  const e = c.encryption;
  if (!e) throw conflict(`etcd encryption of cluster ${c.name} is off`, undefined, "cluster.encryption-not-enabled");
  if (e.phase !== "Idle" || e.rotateRequested) {
    throw conflict(
      `a key rotation of cluster ${c.name} is under way (${e.phase})`,
      { phase: e.phase },
      "cluster.encryption-rotation-in-progress",
    );
  }
  const next = { ...e, rotateRequested: true };
  await write(deps, ctx, c, next, "rotate-requested");
  return encryptionStatus(next);
}

async function write(deps: Deps, ctx: Ctx, c: Cluster, next: ClusterEncryption, change: string): Promise<void> {
  const t = { domain: c.domain, project: c.project };
  const tx = transaction(deps, ctx);
  tx.update(clusterKeys.cluster(t, c.id), "SET encryption = :e, updatedAt = :u, version = :nv", {
    condition: "version = :v AND phase = :ready",
    values: { ":e": next, ":u": deps.clock.now().toISOString(), ":nv": c.version + 1, ":v": c.version, ":ready": "Ready" },
    onConditionFailed: () => preconditionFailed("the cluster changed concurrently; read it again"),
  }).emit(
    "ckp.cluster.encryption-changed",
    `clusters/${c.id}`,
    { clusterId: c.id, change, revision: next.revision, phase: next.phase, primaryKey: next.primary },
    t,
  );
  await tx.commit();
}
