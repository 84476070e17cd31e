import type { ManagementKube } from "../byoh/kube.js";
import { startOperation } from "../clusters/clusters.js";
import type { Cluster } from "../clusters/model.js";
import { API_VERSIONS, WORKER_POOL } from "../clusters/render.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { Ctx, Deps } from "../deps.js";
import { isDomainError } from "../shared/errors.js";

/**
 * Karpenter decides how many workers a cluster needs and says so the Cluster
 * API way: it moves the worker MachineDeployment's replicas (and marks the
 * Machine it removes). CAPI then makes a Machine that waits for a host, so
 * the control plane follows: when the replicas differ from the cluster's
 * worker count, an `autoscale` operation provisions the machines (cloud-init
 * with the agent, registration, the project's approval, assignment) or
 * releases the hosts CAPI let go, the same steps a create or scale runs.
 * Checked with the cluster's health after Ready; only a Ready cluster is
 * followed, one operation at a time.
 */
export const KARPENTER_ACTOR = { kind: "system", id: "karpenter" } as const;

export type FollowResult = { started: false } | { started: true; from: number; to: number };

export async function followKarpenter(
  deps: Deps,
  kube: Pick<ManagementKube, "get">,
  c: Cluster,
  cause: Omit<Ctx, "actor">,
): Promise<FollowResult> {
  const mc = c.resolved?.managementClusterId;
  if (c.phase !== "Ready" || !c.addons?.karpenter?.enabled || !mc) return { started: false };
  const md = await kube.get(mc, {
    apiVersion: API_VERSIONS.cluster,
    kind: "MachineDeployment",
    name: WORKER_POOL,
    namespace: clusterNamespace(c.id),
  });
  const replicas = (md?.spec as { replicas?: number } | undefined)?.replicas;
  if (typeof replicas !== "number" || replicas === c.workers) return { started: false };
  const { tx, generation, first } = startOperation(deps, { actor: KARPENTER_ACTOR, ...cause }, c, "autoscale", {
    set: { workers: replicas, target: { workers: replicas } },
    condition: "version = :v AND phase = :ready",
    values: { ":v": c.version, ":ready": "Ready" },
  });
  tx.emit(
    "ckp.cluster.autoscale-requested",
    `clusters/${c.id}`,
    { clusterId: c.id, generation, step: first, from: c.workers, to: replicas },
    { domain: c.domain, project: c.project },
  );
  try {
    await tx.commit();
  } catch (e) {
    // another operation (or another check) started first: the next check looks again
    if (isDomainError(e) && e.kind === "conflict") return { started: false };
    throw e;
  }
  return { started: true, from: c.workers, to: replicas };
}
