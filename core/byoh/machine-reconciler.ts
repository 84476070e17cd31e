import { clusterKeys } from "../clusters/items.js";
import type { Cluster } from "../clusters/model.js";
import { type PoolView, poolsOf } from "../clusters/pools.js";
import { clusterOf } from "../clusters/read.js";
import { WORKER_POOL } from "../clusters/render.js";
import { clusterNamespace } from "../clusters/spec.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import type { ProjectRef } from "../store/keys.js";
import { type ClusterDrift, computeDrift, type DriftFindings, sameFindings } from "./drift.js";
import { reconcileHosts } from "./host-reconciler.js";
import { type ManagementKube, selectorOf } from "./kube.js";
import { BYOH_API_VERSION, CAPI_API_VERSION, CKP_HOST_LABELS, hostsNamespace } from "./names.js";

/**
 * The machine reconciler (product §11): for a Ready or Scaling cluster it
 * compares desired machines (the worker count, the hosts the saga assigned)
 * with actual ones (the worker pool's Machines, the ByoHosts labelled for
 * the cluster, who claimed which) and records the result on the cluster:
 * `drift` (shown by GET …/status, with a MachinesInSync condition), and an
 * event when drift appears, changes or clears. ByoHosts that are missing or
 * stray are handed to the BYOH host reconciler, which puts them right; the
 * next check then finds the cluster in sync.
 *
 * It runs for every such cluster on a schedule (EventBridge on AWS, an
 * interval locally) and after each saga operation ends (`ckp.cluster.ready`).
 */
export type MachineCheckResult = "in-sync" | "drift" | "skipped";

const ACTOR = { kind: "system", id: "machine-reconciler" } as const;
/** An unchanged result is written again at most this often, so `checkedAt` stays roughly fresh without a write per check. */
const REFRESH_MS = 10 * 60 * 1000;

export async function checkClusterMachines(
  deps: Deps,
  kube: ManagementKube,
  t: ProjectRef,
  cluster: string | Cluster,
  cause: Omit<Ctx, "actor">,
): Promise<MachineCheckResult> {
  const c = await clusterOf(deps, t, cluster);
  if (!c || (c.phase !== "Ready" && c.phase !== "Scaling")) return "skipped";
  const mc = c.resolved?.managementClusterId;
  if (!mc || !(await kube.exists(mc))) return "skipped";
  const namespace = clusterNamespace(c.id);
  const [machineDeployment, machines, byoHosts] = await Promise.all([
    kube.get(mc, { apiVersion: CAPI_API_VERSION, kind: "MachineDeployment", name: WORKER_POOL, namespace }),
    kube.list(mc, CAPI_API_VERSION, "Machine", {
      namespace,
      labelSelector: selectorOf({ "cluster.x-k8s.io/cluster-name": c.name, "cluster.x-k8s.io/deployment-name": WORKER_POOL }),
    }),
    // from the watch cache: all of the project's ByoHosts are behind the selector, and a check a moment behind is corrected by the next
    kube.list(mc, BYOH_API_VERSION, "ByoHost", {
      namespace: hostsNamespace(t),
      labelSelector: selectorOf({ [CKP_HOST_LABELS.clusterId]: c.id }),
      cached: true,
    }),
  ]);
  // the primary pool's machines against its hosts; further pools (core/clusters/pools.ts) are not compared here
  const primary = poolsOf(c)[0] as PoolView;
  const ownHosts = c.workerPools?.length
    ? byoHosts.filter((h) => h.metadata.labels?.[CKP_HOST_LABELS.hostGroup] === c.hostGroup)
    : byoHosts;
  const findings = computeDrift({
    phase: c.phase,
    workers: c.workers,
    hostIds: primary.hostIds,
    machineDeployment,
    machines,
    byoHosts: ownHosts,
  });
  await recordDrift(deps, { actor: ACTOR, ...cause }, c, findings);
  const heal = [...findings.missingByoHosts, ...findings.unexpectedByoHosts];
  if (heal.length) await reconcileHosts(deps, kube, t, heal);
  return findings.inSync ? "in-sync" : "drift";
}

class DriftRaced extends Error {}

/** Writes the findings when they changed (or are due a refresh), with the event saying so; never touches the saga's fields. */
export async function recordDrift(deps: Deps, ctx: Ctx, c: Cluster, f: DriftFindings): Promise<void> {
  const now = deps.clock.now();
  const prev = c.drift;
  const same = sameFindings(prev, f);
  if (same && prev && now.getTime() - Date.parse(prev.checkedAt) < REFRESH_MS) return;
  const at = now.toISOString();
  const drift: ClusterDrift = { ...f, since: same && prev ? prev.since : at, checkedAt: at };
  const t = { domain: c.domain, project: c.project };
  const tx = transaction(deps, ctx, now);
  tx.update(clusterKeys.cluster(t, c.id), "SET #d = :d", {
    condition: prev ? "attribute_exists(pk) AND #d.checkedAt = :prev" : "attribute_exists(pk) AND attribute_not_exists(#d)",
    names: { "#d": "drift" },
    values: { ":d": drift, ...(prev ? { ":prev": prev.checkedAt } : {}) },
    onConditionFailed: () => new DriftRaced(),
  });
  const subject = `clusters/${c.id}`;
  if (!same && !f.inSync) {
    tx.emit(
      "ckp.cluster.drift-detected",
      subject,
      {
        clusterId: c.id,
        reason: f.reason,
        message: f.message,
        desiredWorkers: f.desiredWorkers,
        machines: f.machines,
        missingMachines: f.missingMachines,
        extraMachines: f.extraMachines,
        unhealthyMachines: f.unhealthyMachines.map((m) => m.name),
        missingByoHosts: f.missingByoHosts,
        unexpectedByoHosts: f.unexpectedByoHosts,
        unclaimedHosts: f.unclaimedHosts,
      },
      t,
    );
  } else if (!same && f.inSync && prev && !prev.inSync) {
    tx.emit("ckp.cluster.drift-cleared", subject, { clusterId: c.id, message: f.message }, t);
  }
  try {
    await tx.commit();
  } catch (e) {
    // another check (or the cluster's deletion) got there first: its result stands
    if (!(e instanceof DriftRaced)) throw e;
  }
}
