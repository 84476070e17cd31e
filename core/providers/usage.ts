import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, unprocessable } from "../shared/errors.js";
import { findItem } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import { type ProviderClusterRecord, pcKeys, publicView } from "./items.js";
import type { ProviderCluster, ProviderScope } from "./model.js";

/**
 * Which provider cluster each cluster uses. Creating a cluster records the
 * use in the same transaction as the cluster (so a provider cluster cannot
 * be deleted between the two); the lifecycle's resolve-provider step records
 * it again, idempotently (clusters created before the use was recorded at
 * creation), and the delete saga releases it when the cluster is gone. The
 * record is what "lookup by cluster id" reads and what makes deleting a
 * provider cluster in use answer 409.
 */

export interface ProviderUse {
  domain: string;
  /** the cluster's project */
  project: string;
  clusterId: string;
  providerCluster: { name: string; project?: string };
  recordedAt: string;
}

const describe = (pc: ProviderScope & { name: string }) => `provider cluster ${pc.project ? `${pc.project}/` : ""}${pc.name}`;

/**
 * Records that cluster `cluster.clusterId` (in project `cluster.project`)
 * uses provider cluster `pc`. A cluster may use its own project's provider
 * clusters or its domain's. Idempotent for the same provider cluster; a
 * cluster already using another one is a 409.
 */
export async function recordProviderClusterUse(
  deps: Deps,
  ctx: Ctx,
  pc: ProviderScope & { name: string },
  cluster: { project: string; clusterId: string },
): Promise<"recorded" | "unchanged"> {
  if (pc.project && pc.project !== cluster.project) {
    throw unprocessable(
      `${describe(pc)} belongs to project ${pc.project}; a cluster of project ${cluster.project} cannot use it`,
      { providerCluster: pc.name },
      "provider-cluster.not-in-project",
    );
  }
  const existing = await useOf(deps, pc.domain, cluster.clusterId);
  if (existing) {
    const same = existing.providerCluster.name === pc.name && existing.providerCluster.project === pc.project;
    if (same) return "unchanged";
    throw conflict(`cluster ${cluster.clusterId} already uses ${describe({ domain: pc.domain, ...existing.providerCluster })}`);
  }
  const tx = transaction(deps, ctx);
  addProviderClusterUse(tx, pc, cluster);
  await tx.commit();
  return "recorded";
}

/**
 * Adds the use of `pc` by a new cluster to transaction `tx`: the use record
 * (only if the cluster has none), the provider cluster's clusterCount (only
 * if it still exists: 422 otherwise) and the event. For a cluster created in
 * the same transaction, this is what keeps its provider cluster from being
 * deleted in between.
 */
export function addProviderClusterUse(
  tx: Transaction,
  pc: ProviderScope & { name: string },
  cluster: { project: string; clusterId: string },
): ProviderUse {
  if (pc.project && pc.project !== cluster.project) {
    throw unprocessable(
      `${describe(pc)} belongs to project ${pc.project}; a cluster of project ${cluster.project} cannot use it`,
      { providerCluster: pc.name },
      "provider-cluster.not-in-project",
    );
  }
  const use: ProviderUse = {
    domain: pc.domain,
    project: cluster.project,
    clusterId: cluster.clusterId,
    providerCluster: { name: pc.name, ...(pc.project ? { project: pc.project } : {}) },
    recordedAt: tx.at,
  };
  tx.put(
    { ...pcKeys.use(pc.domain, cluster.clusterId), kind: "provider-use", ...use },
    {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () => conflict(`cluster ${cluster.clusterId} was bound to a provider cluster concurrently; read it again`),
    },
  )
    .update(pcKeys.providerCluster(pc, pc.name), "ADD clusterCount :one", {
      condition: "attribute_exists(pk)",
      values: { ":one": 1 },
      onConditionFailed: () =>
        unprocessable(
          `${describe(pc)} does not exist (it was deleted meanwhile?)`,
          { providerCluster: pc.name },
          "provider-cluster.unknown",
        ),
    })
    .emit(
      "ckp.providercluster.use-recorded",
      `clusters/${cluster.clusterId}`,
      { clusterId: cluster.clusterId, providerCluster: use.providerCluster },
      {
        domain: pc.domain,
        project: cluster.project,
      },
    );
  return use;
}

/** Releases a cluster's provider cluster use (the cluster is gone). Idempotent. */
export async function releaseProviderClusterUse(
  deps: Deps,
  ctx: Ctx,
  domain: string,
  clusterId: string,
): Promise<"released" | "unchanged"> {
  const existing = await useOf(deps, domain, clusterId);
  if (!existing) return "unchanged";
  const pc = { domain, ...existing.providerCluster };
  const tx = transaction(deps, ctx);
  tx.delete(pcKeys.use(domain, clusterId), {
    condition: "attribute_exists(pk)",
    onConditionFailed: () => conflict(`cluster ${clusterId}'s provider use was released concurrently`),
  })
    .update(pcKeys.providerCluster(pc, pc.name), "ADD clusterCount :minus", { condition: "attribute_exists(pk)", values: { ":minus": -1 } })
    .emit(
      "ckp.providercluster.use-released",
      `clusters/${clusterId}`,
      { clusterId, providerCluster: existing.providerCluster },
      {
        domain,
        project: existing.project,
      },
    );
  await tx.commit();
  return "released";
}

export async function useOf(deps: Deps, domain: string, clusterId: string): Promise<ProviderUse | undefined> {
  return findItem<ProviderUse>(deps, pcKeys.use(domain, clusterId), { consistent: true });
}

/**
 * Lookup by cluster id (`GET …/provider-clusters?clusterId=`): the provider
 * cluster the cluster uses, if the cluster is within scope `s` (the domain,
 * or the cluster's own project).
 */
export async function providerClusterForCluster(deps: Deps, s: ProviderScope, clusterId: string): Promise<ProviderCluster | undefined> {
  const use = await useOf(deps, s.domain, clusterId);
  if (!use || (s.project && use.project !== s.project)) return undefined;
  const key = pcKeys.providerCluster(
    { domain: s.domain, ...(use.providerCluster.project ? { project: use.providerCluster.project } : {}) },
    use.providerCluster.name,
  );
  const r = await findItem<ProviderClusterRecord>(deps, key);
  return r ? publicView(r) : undefined;
}
