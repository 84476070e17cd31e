import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, DomainError, unprocessable } from "../shared/errors.js";
import { type LabelSelector, matchesSelector } from "../shared/selector.js";
import { findItem } from "../store/read.js";
import { mcKeys } from "./items.js";
import type { ManagementCluster } from "./model.js";
import { allManagementClusters, getManagementCluster } from "./registry.js";

/**
 * Placement: which management cluster runs a new cluster. Candidates are the
 * schedulable clusters with room left whose labels match the selector,
 * direct and remote alike (a remote cluster whose tunnel is down is still a
 * candidate: its steps wait for the agent, as they would for a direct
 * cluster's outage); of those the least loaded wins (fewest clusters placed, then
 * lowest fill ratio, then name, so the choice is deterministic).
 */

export interface ClusterRef {
  domain: string;
  project: string;
  clusterId: string;
}

export function hasRoom(mc: ManagementCluster): boolean {
  return mc.maxClusters === undefined || mc.clusterCount < mc.maxClusters;
}

export function rankCandidates(all: ManagementCluster[], selector?: LabelSelector): ManagementCluster[] {
  const fill = (m: ManagementCluster) => (m.maxClusters ? m.clusterCount / m.maxClusters : 0);
  return all
    .filter((m) => m.schedulable && hasRoom(m) && matchesSelector(m.labels, selector))
    .sort((a, b) => a.clusterCount - b.clusterCount || fill(a) - fill(b) || a.name.localeCompare(b.name));
}

/** The management cluster a new cluster should go to; 422 if none fits. */
export async function chooseManagementCluster(deps: Deps, selector?: LabelSelector): Promise<ManagementCluster> {
  const best = rankCandidates(await allManagementClusters(deps), selector)[0];
  if (!best)
    throw unprocessable(
      "no management cluster matches the placement rule and has room (schedulable, below maxClusters)",
      { selector: selector ?? {} },
      "management-cluster.no-match",
    );
  return best;
}

/**
 * A cluster is placed on one management cluster, exactly once: besides the
 * load item under the management cluster, the placement is written under
 * the cluster (mcKeys.clusterPlacement) on the condition that none exists,
 * in the same transaction, and read back with ConsistentRead. (An index
 * would be eventually consistent: a retried step could miss the first
 * placement and place the cluster a second time elsewhere.)
 */
export class PlacedElsewhere extends DomainError {
  constructor(
    readonly managementClusterId: string,
    clusterId: string,
  ) {
    super("conflict", `cluster ${clusterId} is already placed on management cluster ${managementClusterId}`, {
      extra: { managementClusterId },
    });
    this.name = "PlacedElsewhere";
  }
}

/**
 * Records that `cluster` runs on management cluster `id` (its load goes up by
 * one). Idempotent: recording the same cluster twice counts it once. Fails
 * with 409 if the management cluster became full or unschedulable, 404 if it
 * is gone, and with PlacedElsewhere (409) if the cluster is placed on
 * another one. The write is tried first and the placement read only when it
 * is refused (a retried step), so a first placement costs no read.
 */
export async function recordPlacement(deps: Deps, ctx: Ctx, id: string, cluster: ClusterRef): Promise<"recorded" | "unchanged"> {
  const tx = transaction(deps, ctx);
  const now = deps.clock.now().toISOString();
  const record = { ...cluster, managementClusterId: id, placedAt: now };
  tx.put(
    { ...mcKeys.clusterPlacement(cluster), kind: "cluster-placement", ...record },
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => new AlreadyPlaced() },
  )
    .put(
      { ...mcKeys.placement(id, cluster.clusterId), kind: "placement", ...record },
      { condition: "attribute_not_exists(pk)", onConditionFailed: () => new AlreadyPlaced() },
    )
    .update(mcKeys.cluster(id), "ADD clusterCount :one", {
      condition: "attribute_exists(pk) AND schedulable = :t AND (attribute_not_exists(maxClusters) OR clusterCount < maxClusters)",
      values: { ":one": 1, ":t": true },
      onConditionFailed: () => new NoRoom(),
    })
    .emit("ckp.managementcluster.cluster-placed", `management-clusters/${id}`, { id, ...cluster }, {});
  try {
    await tx.commit();
    return "recorded";
  } catch (e) {
    // placed before (a retried step) or concurrently: here (unchanged) or elsewhere (PlacedElsewhere)
    if (e instanceof AlreadyPlaced) {
      const at = await placementOf(deps, cluster);
      if (at && at !== id) throw new PlacedElsewhere(at, cluster.clusterId);
      return "unchanged";
    }
    if (e instanceof NoRoom) {
      // read only now, for the error: 404 when it is gone
      const mc = await getManagementCluster(deps, id);
      throw conflict(`management cluster ${mc.name} is full or not schedulable; choose another`);
    }
    throw e;
  }
}

/** Undoes recordPlacement (e.g. the cluster was deleted). Idempotent. */
export async function releasePlacement(deps: Deps, ctx: Ctx, id: string, clusterId: string): Promise<"released" | "unchanged"> {
  const existing = await findItem<{ domain: string; project: string }>(deps, mcKeys.placement(id, clusterId), { consistent: true });
  if (!existing) return "unchanged";
  const cluster = { domain: existing.domain, project: existing.project, clusterId };
  const tx = transaction(deps, ctx);
  tx.delete(mcKeys.placement(id, clusterId), { condition: "attribute_exists(pk)", onConditionFailed: () => new AlreadyPlaced() })
    .delete(mcKeys.clusterPlacement(cluster), { condition: "attribute_not_exists(pk) OR managementClusterId = :id", values: { ":id": id } })
    .update(mcKeys.cluster(id), "ADD clusterCount :minus", { condition: "attribute_exists(pk)", values: { ":minus": -1 } })
    .emit("ckp.managementcluster.cluster-released", `management-clusters/${id}`, { id, ...cluster }, {});
  try {
    await tx.commit();
    return "released";
  } catch (e) {
    if (e instanceof AlreadyPlaced) return "unchanged";
    throw e;
  }
}

/** The management cluster a cluster is placed on, if any (a consistent read). */
export async function placementOf(deps: Deps, cluster: ClusterRef): Promise<string | undefined> {
  return (await findItem<{ managementClusterId: string }>(deps, mcKeys.clusterPlacement(cluster), { consistent: true }))
    ?.managementClusterId;
}

/**
 * Chooses and records in one step: the cluster's existing placement if it
 * has one (so a retried saga step does not place it twice: recording it on
 * a candidate finds it, PlacedElsewhere), else the best candidate, moving on
 * to the next if one filled up meanwhile.
 */
export async function placeCluster(
  deps: Deps,
  ctx: Ctx,
  selector: LabelSelector | undefined,
  cluster: ClusterRef,
): Promise<ManagementCluster> {
  const candidates = rankCandidates(await allManagementClusters(deps), selector);
  if (candidates.length === 0) {
    // none has room now: the one it is placed on, if a retried step placed it before
    const placed = await placementOf(deps, cluster);
    if (placed) return getManagementCluster(deps, placed);
    return chooseManagementCluster(deps, selector);
  }
  for (const mc of candidates) {
    try {
      await recordPlacement(deps, ctx, mc.id, cluster);
      return mc;
    } catch (e) {
      if (e instanceof PlacedElsewhere) return getManagementCluster(deps, e.managementClusterId);
      if (!(e instanceof DomainError && e.kind === "conflict")) throw e;
    }
  }
  throw conflict("every matching management cluster filled up while placing the cluster; retry");
}

/** A marker for "this placement record already exists / is already gone". */
class AlreadyPlaced extends Error {}

/** A marker for "the management cluster refused one more cluster" (full, unschedulable or gone). */
class NoRoom extends Error {}
