import { type Ctx, type Deps, transaction } from "../deps.js";
import type { KubeObject } from "../kube/objects.js";
import type { ProjectRef } from "../store/keys.js";
import { findItem } from "../store/read.js";
import {
  type ClusterEncryption,
  encryptionSecret,
  migrated,
  newEncryptionKey,
  nextRotationAction,
  observeReplicas,
  promoted,
  type RotationAction,
  withNewKey,
} from "./encryption.js";
import { clusterKeys } from "./items.js";
import type { Cluster } from "./model.js";
import { clusterOf } from "./read.js";
import { clusterNamespace } from "./spec.js";
import type { MigrationClient } from "./storage-migration.js";
import { migrateStorage } from "./storage-migration.js";

/**
 * Drives a Ready cluster's key rotation one step per check (the machine
 * reconciler's schedule, functions/workers/machines.ts): reads the hosted
 * API servers' pods, decides (core/clusters/encryption.ts), records the new
 * state, then renders it to the management cluster (the Secret, and the
 * revision on the KamajiControlPlane's pods). A step that fails is recorded
 * in `encryption.lastError` with its reason and runs again on the next check.
 */
export interface EncryptionPorts {
  /** server-side apply to the management cluster */
  apply(managementClusterId: string, objects: KubeObject[]): Promise<void>;
  /** the hosted control plane's desired API server count and its pods */
  apiServers(managementClusterId: string, namespace: string, name: string): Promise<{ desired: number; pods: KubeObject[] }>;
  /** sets the configuration revision on the KamajiControlPlane's pods (a merge patch: the rest of it is the saga's) */
  setRevision(managementClusterId: string, namespace: string, name: string, revision: number): Promise<void>;
  /** a client of the workload cluster, or an Error saying why it cannot be reached */
  workload(managementClusterId: string, namespace: string, clusterName: string): Promise<MigrationClient | Error>;
}

export type EncryptionCheckResult = RotationAction | "skipped" | "failed";

const ACTOR = { kind: "system", id: "etcd-encryption" } as const;

class EncryptionRaced extends Error {}

export async function reconcileEncryption(
  deps: Deps,
  ports: EncryptionPorts,
  t: ProjectRef,
  cluster: string | Cluster,
  cause: Omit<Ctx, "actor">,
): Promise<EncryptionCheckResult> {
  const c = await clusterOf(deps, t, cluster);
  const mc = c?.resolved?.managementClusterId;
  if (!c?.encryption || c.phase !== "Ready" || !mc) return "skipped";
  const ctx: Ctx = { actor: ACTOR, ...cause };
  const ns = clusterNamespace(c.id);
  const enc = c.encryption;
  const now = deps.clock.now();
  const at = now.toISOString();
  // the step a failure is recorded against: reading the API servers until the decision is made
  let step: RotationAction | "observe" = "observe";
  try {
    const seen = await ports.apiServers(mc, ns, c.name);
    const replicas = observeReplicas(seen.pods);
    const action = nextRotationAction(enc, replicas, seen.desired, now);
    step = action;
    const observed: ClusterEncryption = { ...enc, replicas };
    if (action === "none" || action === "wait") {
      if (action === "wait") await render(deps, ports, mc, c, enc);
      const { lastError: _, ...cleared } = observed;
      if (JSON.stringify(cleared) !== JSON.stringify(enc)) await save(deps, ctx, c, cleared, now);
      return action;
    }
    let next: ClusterEncryption;
    if (action === "add-key") {
      next = withNewKey(observed, await newEncryptionKey(deps.secrets, c, enc.nextKey, at));
    } else if (action === "promote") {
      next = promoted(observed, at);
    } else {
      const running: ClusterEncryption =
        enc.phase === "Migrating" && enc.migration?.state === "Running"
          ? observed
          : { ...observed, phase: "Migrating", migration: { state: "Running", key: enc.primary, startedAt: at } };
      if (running !== observed) await save(deps, ctx, c, running, now);
      const client = await ports.workload(mc, ns, c.name);
      if (client instanceof Error) throw client;
      await migrateStorage(client, enc.resources);
      next = migrated(running, running.migration?.startedAt ?? at, at);
    }
    const { lastError: _, ...done } = next;
    await save(deps, ctx, c, done, now, action);
    await render(deps, ports, mc, c, done);
    return action;
  } catch (e) {
    if (e instanceof EncryptionRaced) return "skipped";
    const latest = await findItem<Cluster>(deps, clusterKeys.cluster(t, c.id), { consistent: true });
    if (!latest?.encryption || latest.phase !== "Ready") return "skipped";
    const prev = latest.encryption.lastError;
    const attempts = prev?.step === step ? prev.attempts + 1 : 1;
    const reason = (e as Error).message ?? String(e);
    await save(deps, ctx, latest, { ...latest.encryption, lastError: { step, reason, at, attempts } }, now).catch((x) => {
      if (!(x instanceof EncryptionRaced)) throw x;
    });
    return "failed";
  }
}

/** The Secret first (the API servers started for the revision mount it), then the revision on the pods. */
async function render(deps: Deps, ports: EncryptionPorts, mc: string, c: Cluster, e: ClusterEncryption): Promise<void> {
  await ports.apply(mc, [await encryptionSecret(deps.secrets, { ...c, encryption: e })]);
  await ports.setRevision(mc, clusterNamespace(c.id), c.name, e.revision);
}

/** Only over what this check read, and while the cluster is still Ready in the same generation: an operation owns it otherwise. */
async function save(deps: Deps, ctx: Ctx, c: Cluster, next: ClusterEncryption, now: Date, change?: RotationAction): Promise<void> {
  const prev = c.encryption;
  if (!prev) throw new Error("the cluster has no encryption");
  const t = { domain: c.domain, project: c.project };
  const tx = transaction(deps, ctx, now);
  // a user's change of the settings (or a rotation asked for) bumps the version: this check then yields to the next
  tx.update(clusterKeys.cluster(t, c.id), "SET encryption = :e", {
    condition: "phase = :ready AND generation = :g AND version = :v AND encryption.revision = :rev AND encryption.phase = :phase",
    values: { ":e": next, ":ready": "Ready", ":g": c.generation, ":v": c.version, ":rev": prev.revision, ":phase": prev.phase },
    onConditionFailed: () => new EncryptionRaced(),
  });
  if (change) {
    tx.emit(
      "ckp.cluster.encryption-changed",
      `clusters/${c.id}`,
      { clusterId: c.id, change, revision: next.revision, phase: next.phase, primaryKey: next.primary },
      t,
    );
  }
  await tx.commit();
  c.encryption = next;
}
