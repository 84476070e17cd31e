import { BACKUP_ADDON } from "../addons/catalog.js";
import { type AddonClusterRef, addonClusterRef, addonObjectNames, renderResourceSet } from "../addons/render.js";
import type { WorkloadClient, WorkloadPort } from "../addons/workload.js";
import type { Cluster } from "../clusters/model.js";
import type { CapiPort } from "../clusters/ports.js";
import { clusterOf } from "../clusters/read.js";
import { clusterNamespace } from "../clusters/spec.js";
import type { Deps } from "../deps.js";
import type { KubeObject } from "../kube/objects.js";
import { RetryableError } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import { eachPage } from "../store/read.js";
import { openProjectLocations, projectLocationNames } from "./locations.js";
import { LOCATION_LABEL, locationsYaml, type OpenedLocation, VELERO_API_VERSION, VELERO_NAMESPACE } from "./render.js";

/**
 * Keeping a cluster's Velero in step with its project's backup locations:
 * the resource set carrying them is applied to the management cluster (a
 * ClusterResourceSet, strategy Reconcile, applies it to the workload
 * cluster), or removed when the project has none; the workload objects of
 * locations deleted since are removed from the workload cluster (a resource
 * set only ever applies). Called by the saga when it installs Velero, and by
 * the machines worker when a location changes.
 */
export interface LocationPorts {
  capi: {
    apply(managementClusterId: string, objects: KubeObject[]): Promise<unknown>;
    delete: CapiPort["delete"];
  };
}

/** Applies the locations' resource set for the cluster, or removes it when there are none. Answers what it did. */
export async function applyLocationSet(
  ports: LocationPorts,
  managementClusterId: string,
  c: AddonClusterRef,
  locations: OpenedLocation[],
): Promise<string> {
  if (locations.length === 0) {
    const n = addonObjectNames(c, BACKUP_ADDON);
    await ports.capi.delete(managementClusterId, n.clusterResourceSet);
    await ports.capi.delete(managementClusterId, n.resourceSecret);
    return "no backup location in the project";
  }
  await ports.capi.apply(managementClusterId, renderResourceSet(c, BACKUP_ADDON, { "backup-locations.yaml": locationsYaml(locations) }));
  return `backup locations ${locations.map((l) => l.name).join(", ")}`;
}

/** Deletes the BackupStorageLocations and key Secrets CKP rendered for locations not in `keep`. Answers the names removed. */
export async function pruneWorkloadLocations(workload: WorkloadClient, keep: string[]): Promise<string[]> {
  // every object that carries the label, whatever the location
  const selector = LOCATION_LABEL;
  const removed = new Set<string>();
  for (const [apiVersion, kind] of [
    [VELERO_API_VERSION, "BackupStorageLocation"],
    ["v1", "Secret"],
  ] as const) {
    let objects: KubeObject[];
    try {
      objects = await workload.list(apiVersion, kind, { namespace: VELERO_NAMESPACE, labelSelector: selector });
    } catch (e) {
      // Velero's CRDs are not installed yet: nothing of it to remove
      if (kind === "BackupStorageLocation" && (e as { code?: string }).code === "management-cluster.kind-not-served") continue;
      throw e;
    }
    for (const o of objects) {
      const location = o.metadata.labels?.[LOCATION_LABEL];
      if (!location || keep.includes(location)) continue;
      await workload.delete({ apiVersion, kind, name: o.metadata.name, namespace: VELERO_NAMESPACE });
      removed.add(location);
    }
  }
  return [...removed].sort();
}

export interface ProjectSyncResult {
  /** clusters whose Velero got the project's locations */
  clusters: string[];
  /** per cluster, the locations whose objects were removed from its workload cluster */
  pruned: Record<string, string[]>;
}

/**
 * After a location of the project changed: every cluster of it that runs
 * Velero (and is not being deleted) gets the current set, and loses the
 * objects of deleted locations. A workload cluster that cannot be reached
 * fails the sync, so the event is delivered again.
 */
export async function syncProjectLocations(
  deps: Deps,
  ports: LocationPorts & { workload: WorkloadPort },
  t: ProjectRef,
): Promise<ProjectSyncResult> {
  const clusters: Cluster[] = [];
  for await (const page of eachPage<Cluster>(deps, { partition: projectPk(t), prefix: "CLUSTER#", consistent: true }))
    clusters.push(...page.filter((c) => c.addons?.velero?.enabled && c.phase !== "Deleting" && c.resolved?.managementClusterId));
  const result: ProjectSyncResult = { clusters: [], pruned: {} };
  if (clusters.length === 0) return result;
  const locations = await openProjectLocations(deps, t);
  const keep = locations.map((l) => l.name);
  for (const c of clusters) {
    const mc = c.resolved?.managementClusterId as string;
    await applyLocationSet(ports, mc, addonClusterRef(c), locations);
    result.clusters.push(c.id);
    const workload = await ports.workload.reader(mc, clusterNamespace(c.id), c.name);
    if (workload instanceof Error) {
      // not reachable yet (still being created): nothing was rendered in it before this set
      if (c.phase !== "Ready") continue;
      throw new RetryableError(
        `cluster ${c.name}'s workload cluster cannot be reached to remove deleted backup locations: ${workload.message}`,
      );
    }
    const pruned = await pruneWorkloadLocations(workload, keep);
    if (pruned.length) result.pruned[c.id] = pruned;
  }
  return result;
}

/**
 * The scheduled side of the same: a Ready cluster running Velero loses the
 * workload objects of locations its project no longer has, should a sync
 * have raced with the resource set's last apply. Answers the names removed.
 */
export async function pruneClusterLocations(
  deps: Deps,
  ports: { workload: WorkloadPort },
  t: ProjectRef,
  cluster: string | Cluster,
): Promise<string[]> {
  const c = await clusterOf(deps, t, cluster);
  const mc = c?.resolved?.managementClusterId;
  if (!c || !mc || c.phase !== "Ready" || !c.addons?.velero?.enabled) return [];
  const workload = await ports.workload.reader(mc, clusterNamespace(c.id), c.name);
  if (workload instanceof Error) return [];
  return pruneWorkloadLocations(workload, await projectLocationNames(deps, t));
}
